/**
 * Backup and restore of the embedded database, as a person runs them: a backup made through the
 * running server, then a restore with the server stopped; the audit chain survives the trip.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnKairos, waitForExit, waitForLine } from '../../test/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'kairos-backup-'));
const dataDir = join(dir, 'data');
const anchors = join(dir, 'anchors.jsonl');
const env = { KAIROS_DATA_DIR: dataDir, KAIROS_MODE: 'demo', LOG_LEVEL: 'warn', KAIROS_AUDIT_ANCHOR_FILE: anchors };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kairos(args: string[], input?: string) {
  const child = spawnKairos(args, env);
  if (input !== undefined) child.stdin?.end(input);
  return waitForExit(child);
}

describe('kairos backup and restore', () => {
  it('backs up through the running server, restores with it stopped, and the audit chain is intact', async () => {
    const server = spawnKairos(['serve', '--port', '0'], env);
    const serverExit = waitForExit(server);
    try {
      const line = await waitForLine(server, /Kairos is running at (http:\/\/\S+)/, 60_000);
      const url = /(http:\/\/\S+)/.exec(line)?.[1] as string;
      // Some audited activity before the backup.
      const signIn = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'director@demo.test', password: 'kairos-demo-2026' }),
      });
      expect(signIn.status).toBe(200);

      const verify = await kairos(['audit', 'verify']);
      expect(verify.code).toBe(0);
      const before = JSON.parse(verify.stdout) as { ok: boolean; events: number; anchor?: { ok: boolean } };
      expect(before.ok).toBe(true);
      // The server anchored the chain's head at start, in a file only its owner reads.
      expect(before.anchor?.ok).toBe(true);
      expect(statSync(anchors).mode & 0o777).toBe(0o600);

      const backup = await kairos(['backup', '--out', join(dir, 'b.tar.gz')]);
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain('made by the running server');
      expect(existsSync(join(dir, 'b.tar.gz'))).toBe(true);

      const refused = await kairos(['restore', join(dir, 'b.tar.gz')]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('stop the server first');
    } finally {
      server.kill('SIGTERM');
      await serverExit;
    }
    // A user added after the backup disappears with the restore; the chain stays intact.
    const added = await kairos(['user', 'add', '--email', 'late@clinic.example', '--role', 'nurse'], 'a-long-enough-secret\n');
    expect(added.code).toBe(0);
    const restored = await kairos(['restore', join(dir, 'b.tar.gz')]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/Audit chain: intact, \d+ events/);
    const after = await kairos(['audit', 'verify']);
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, anchor: { ok: true } });
    const again = await kairos(['user', 'add', '--email', 'late@clinic.example', '--role', 'nurse'], 'a-long-enough-secret\n');
    expect(again.code).toBe(0);
  }, 180_000);
});
