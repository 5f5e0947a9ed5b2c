/**
 * The embedded data dir is private: after opening a fresh one (and after a restore into it), no
 * folder or file in it has any group or other permission bit.
 */
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './data-dir-lock.js';
import { openEmbedded, restoreEmbedded } from './database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every path under `root` (itself included) with group/other bits, as "mode path". */
function exposed(root: string): { count: number; exposed: string[] } {
  const out: string[] = [];
  let count = 0;
  const walk = (p: string): void => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    count++;
    if ((st.mode & 0o077) !== 0) out.push(`${(st.mode & 0o777).toString(8)} ${p}`);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
  };
  walk(root);
  return { count, exposed: out };
}

describe.skipIf(process.platform === 'win32')('embedded data dir permissions', () => {
  it('a fresh data dir: folders 0700, files 0600, the lock file included', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kairos-perm-'));
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    const database = await openEmbedded(dataDir, 'kairos test');
    try {
      expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
      expect(lstatSync(join(dataDir, LOCK_FILE)).mode & 0o777).toBe(0o600);
      const r = exposed(dataDir);
      expect(r.count).toBeGreaterThan(100);
      expect(r.exposed).toEqual([]);
    } finally {
      await database.close();
    }
    // Reopened: still private (and an existing loose data dir is tightened at open).
    const again = await openEmbedded(dataDir, 'kairos test');
    await again.close();
    expect(exposed(dataDir).exposed).toEqual([]);
  });

  it('after a restore, the restored and the kept databases are private too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kairos-perm-'));
    dirs.push(dataDir);
    const database = await openEmbedded(dataDir, 'kairos test');
    let tarball: Uint8Array;
    try {
      tarball = await (database.dump as () => Promise<Uint8Array>)();
    } finally {
      await database.close();
    }
    const { keptAs } = await restoreEmbedded(dataDir, tarball, '20261201T140000');
    expect(keptAs).toBeDefined();
    expect(exposed(dataDir).exposed).toEqual([]);
  });
});
