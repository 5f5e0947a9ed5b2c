/**
 * The embedded database's safety rules, on a real data dir on disk:
 * one process per data dir, atomic first creation, CHECKPOINT at close.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { spawnKairos, spawnTs, waitForExit, waitForLine } from '../../test/spawn.js';
import { useTempDirs } from '../../test/temp-dirs.js';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, readLock } from './data-dir-lock.js';
import { openEmbedded, PGDATA } from './database.js';

const tempDataDir = useTempDirs('kairos-embedded-');

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('one process per data dir', () => {
  it('a second opener in another process stops with a message naming the holding process', async () => {
    const dataDir = tempDataDir();
    const database = await openEmbedded(dataDir, 'kairos serve');
    try {
      const result = await waitForExit(spawnKairos(['migrate'], { KAIROS_DATA_DIR: dataDir, KAIROS_MODE: 'test' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`in use by process ${process.pid} (kairos serve`);
      expect(result.stdout).toBe('');
    } finally {
      await database.close();
    }
  });

  it('a second opener in the same process is refused too', async () => {
    const dataDir = tempDataDir();
    const database = await openEmbedded(dataDir, 'first');
    try {
      await expect(openEmbedded(dataDir, 'second')).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await database.close();
    }
  });

  it('a stale lock left by a dead process is taken over', async () => {
    const dataDir = tempDataDir();
    const pid = deadPid();
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({ pid, hostname: hostname(), command: 'kairos serve', startedAt: '2026-01-01T00:00:00Z' }),
    );
    const lock = acquireDataDirLock(dataDir, 'taker');
    expect(readLock(dataDir)?.pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('closing releases the lock so the next process can open', async () => {
    const dataDir = tempDataDir();
    const first = await openEmbedded(dataDir, 'first');
    await first.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const second = await openEmbedded(dataDir, 'second');
    await second.close();
  });
});

describe('first start', () => {
  it('an interrupted first start leaves no half-made database, and the next start completes it', async () => {
    const dataDir = tempDataDir();
    const child = spawnTs('test/fixtures/open-embedded.ts', { KAIROS_DATA_DIR: dataDir });
    const exited = waitForExit(child);
    await waitForLine(child, /^opening$/);
    // initdb takes seconds; kill it while it runs.
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(dataDir, PGDATA))).toBe(false);

    const database = await openEmbedded(dataDir, 'second start');
    try {
      const r = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
      expect(r.rows[0]?.one).toBe(1);
      expect(readdirSync(dataDir).filter((e) => e.startsWith(`${PGDATA}.init-`))).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

describe('shutdown', () => {
  it('close runs a CHECKPOINT: the checkpoint on disk covers every write made before close', async () => {
    const dataDir = tempDataDir();
    const first = await openEmbedded(dataDir, 'writer');
    await sql`CREATE TABLE t (v int)`.execute(first.db);
    await sql`INSERT INTO t SELECT generate_series(1, 1000)`.execute(first.db);
    const before = await sql<{ lsn: string }>`SELECT pg_current_wal_insert_lsn()::text AS lsn`.execute(first.db);
    await first.close();

    const second = await openEmbedded(dataDir, 'reader');
    try {
      const r = await sql<{ covered: boolean }>`
        SELECT checkpoint_lsn >= ${before.rows[0]?.lsn}::pg_lsn AS covered FROM pg_control_checkpoint()`.execute(second.db);
      expect(r.rows[0]?.covered).toBe(true);
      const count = await sql<{ n: string }>`SELECT count(*) AS n FROM t`.execute(second.db);
      expect(count.rows[0]?.n).toBe('1000');
    } finally {
      await second.close();
    }
  });
});
