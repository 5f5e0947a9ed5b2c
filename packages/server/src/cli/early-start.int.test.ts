/**
 * `kairos serve` starts opening the embedded database before the server's modules load
 * (early-start.ts, store/embedded-start.ts). The early start happens only for the server on the
 * embedded database, is adopted only by the same data dir and command, never throws, and a process
 * that ends without adopting it leaves the data dir unlocked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { spawnKairos, waitForExit } from '../../test/spawn.js';
import { useTempDirs } from '../../test/temp-dirs.js';
import { acquireDataDirLock, LOCK_FILE } from '../store/data-dir-lock.js';
import { openEmbedded } from '../store/database.js';
import { takeEarlyEmbedded } from '../store/embedded-start.js';
import { startEarly } from './early-start.js';

const tempDataDir = useTempDirs('kairos-early-');

describe('what starts early', () => {
  it.each([
    ['another command', ['migrate'], {}],
    ['help', ['serve', '--help'], {}],
    ['help with no command', ['--help'], {}],
    ['PostgreSQL', ['serve'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }],
  ])('%s: nothing is started and the data dir is not locked', (_, args, env) => {
    const dataDir = tempDataDir();
    startEarly(args, { ...env, KAIROS_DATA_DIR: dataDir });
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(takeEarlyEmbedded(dataDir, 'kairos serve')).toBeUndefined();
  });

  it('a data dir held by another opener: nothing is started, nothing thrown, the holder keeps it', () => {
    const dataDir = tempDataDir();
    const held = acquireDataDirLock(dataDir, 'other');
    try {
      expect(() => startEarly(['serve'], { KAIROS_DATA_DIR: dataDir })).not.toThrow();
      expect(takeEarlyEmbedded(dataDir, 'kairos serve')).toBeUndefined();
    } finally {
      held.release();
    }
  });

  it('the server on the embedded database: adopted by the same data dir and command only, and it works', async () => {
    const dataDir = tempDataDir();
    startEarly([], { KAIROS_DATA_DIR: dataDir });
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
    expect(takeEarlyEmbedded(tempDataDir(), 'kairos serve')).toBeUndefined();
    expect(takeEarlyEmbedded(dataDir, 'kairos migrate')).toBeUndefined();
    const database = await openEmbedded(dataDir, 'kairos serve');
    try {
      const r = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
      expect(r.rows).toEqual([{ one: 1 }]);
      // Adopted: there is no second early start to take.
      expect(takeEarlyEmbedded(dataDir, 'kairos serve')).toBeUndefined();
    } finally {
      await database.close();
    }
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });
});

describe('a server that stops before adopting it', () => {
  it('a configuration error: the process exits with the message, and the data dir is unlocked', async () => {
    const dataDir = tempDataDir();
    const result = await waitForExit(spawnKairos(['serve'], { KAIROS_DATA_DIR: dataDir, KAIROS_MODE: 'test', PORT: 'not-a-port' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });
});
