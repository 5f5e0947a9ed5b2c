/**
 * The server as a process: starts on a fresh data dir, answers, and on SIGTERM finishes what
 * is in flight, closes the database and exits 0 within the shutdown timeout.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawnKairos, waitForExit, waitForLine } from '../../test/spawn.js';
import { LOCK_FILE } from '../store/data-dir-lock.js';
import { KNOWN_MIGRATIONS } from '../store/migrate.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kairos-serve-'));
const children: ChildProcess[] = [];
afterEach(() => {
  // A failed assertion must not leave a server holding the data dir for the next test.
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('kairos serve', () => {
  it('starts on a fresh data dir, serves health, and stops cleanly on SIGTERM', async () => {
    const child = spawnKairos(['serve', '--port', '0'], { KAIROS_DATA_DIR: dataDir, KAIROS_MODE: 'test', LOG_LEVEL: 'info' });
    children.push(child);
    const exit = waitForExit(child);
    const line = await waitForLine(child, /Kairos is running at (http:\/\/\S+)/, 60_000);
    const url = /(http:\/\/\S+)/.exec(line)?.[1] as string;
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ engine: 'pglite', migration: KNOWN_MIGRATIONS.at(-1) });
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);

    const t0 = performance.now();
    child.kill('SIGTERM');
    const result = await exit;
    expect(result.code).toBe(0);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(result.stdout).toContain('"msg":"stopped"');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 90_000);

  it('a second start on the same data dir applies no migration', async () => {
    const child = spawnKairos(['serve', '--port', '0'], { KAIROS_DATA_DIR: dataDir, KAIROS_MODE: 'test', LOG_LEVEL: 'info' });
    children.push(child);
    const exit = waitForExit(child);
    await waitForLine(child, /Kairos is running at/, 60_000);
    child.kill('SIGINT');
    const result = await exit;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"applied":[]');
    expect(result.stdout).toContain('database up to date');
  }, 90_000);

  it('a wrong configuration stops the start with the list of problems', async () => {
    const result = await waitForExit(
      spawnKairos(['serve'], { KAIROS_DATA_DIR: dataDir, KAIROS_MODE: 'production', KAIROS_CLOCK_SPEED: '60', PORT: 'x' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KAIROS_CLOCK_SPEED: not allowed in production mode');
    expect(result.stderr).toContain('PORT');
  }, 30_000);
});
