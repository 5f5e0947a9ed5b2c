/**
 * Opens the database: PostgreSQL over `pg` when `DATABASE_URL` is set, otherwise the embedded
 * PGlite in the data dir, both through Kysely's `PostgresDialect` (PGlite via its own
 * node-postgres adapter, so result types match a real server: int8 comes back as a string).
 * The embedded database runs on a thread of its own (pglite-thread.ts), so its statements never
 * hold up the event loop; `kairos serve` starts that thread before the server loads
 * (embedded-start.ts). Tests may wrap an in-memory PGlite of their own (`wrapPglite`).
 *
 * Embedded safety (each tested in database.int.test.ts):
 * - one process per data dir (data-dir-lock.ts);
 * - the first start creates the database in a temporary directory and renames it into place only
 *   when complete, so an interrupted first start never leaves a half-made database;
 * - close runs CHECKPOINT, then closes PGlite, then releases the lock.
 *
 * @module
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type HeldLock } from './data-dir-lock.js';
import { admittedPool } from './admission.js';
import { beginEmbedded, PGDATA, takeEarlyEmbedded } from './embedded-start.js';
import { ensurePrivateDir, makePrivate } from './private-files.js';
import type { Database as Schema } from './schema.js';

export type Engine = 'pglite' | 'postgres';

/**
 * The one type a service takes to read and write: the database or a transaction on it (a
 * Kysely `Transaction` is a `Kysely`). Whether it is a transaction is `db.isTransaction`.
 */
export type Db = Kysely<Schema>;

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  /** The lock held on the data dir (embedded only). */
  readonly lock: HeldLock | undefined;
  /** Checkpoints (embedded), closes the pool and the database, releases the lock. Idempotent. */
  close: () => Promise<void>;
  /** Embedded only: a consistent gzip tarball of the whole data dir (a backup). */
  dump?: () => Promise<Uint8Array>;
}

// A SQL date is a calendar date, not an instant: keep it as 'YYYY-MM-DD' instead of letting pg
// turn it into a Date at local midnight (which shifts birth dates across time zones).
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
// date[] (OID 1182) likewise: read as an array of text, not of Dates.
// pg-types declares getTypeParser as returning any; the text[] parser takes the raw string.
const textArrayParser = pg.types.getTypeParser(1009 as typeof pg.types.builtins.TEXT) as (value: string) => unknown;
pg.types.setTypeParser(1182 as typeof pg.types.builtins.DATE, textArrayParser);

export { PGDATA } from './embedded-start.js';

/** Kysely over `pool`, whose `capacity` connections are handed out by fair admission (admission.ts). */
function kyselyOver(pool: pg.Pool, capacity: number): Db {
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool: admittedPool(pool, { capacity }) }) });
}

/** Opens PostgreSQL at `url`. */
export async function openPostgres(url: string, { poolSize = 10 }: { poolSize?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that the server drops (restart, failover, admin termination) emits an
  // error; without a listener it would crash the process. The pool discards it and reconnects.
  pool.on('error', () => undefined);
  // A connection that drops while checked out (between the queries of a transaction) emits an
  // error on its client, which has no listener then: the process would crash. Its queries fail
  // on their own (a 503 to the request); the pool replaces the connection.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  // Fail now, with the server's own message, rather than at the first request.
  const client = await pool.connect();
  client.release();
  const db = kyselyOver(pool, poolSize);
  let closed: Promise<void> | undefined;
  return {
    db,
    engine: 'postgres',
    lock: undefined,
    close: () => (closed ??= db.destroy()),
  };
}

/**
 * What a Database over PGlite needs of it, whether PGlite runs in this thread (tests' in-memory
 * ones) or on its own (pglite-thread.ts): what PGlite's node-postgres adapter talks to, and close
 * and dump.
 */
interface PgliteEngine {
  readonly adapterTarget: PGlite;
  readonly closed: boolean;
  close: () => Promise<void>;
  /** A gzip tarball of the data dir. */
  dump: () => Promise<Uint8Array>;
}

/** Kysely over `engine`; closing checkpoints (unless told not to), closes it and releases the lock. */
function embeddedDatabase(engine: PgliteEngine, { lock, checkpoint = true }: { lock?: HeldLock; checkpoint?: boolean }): Database {
  const db = kyselyOver(new pg.Pool(createPgConfig(engine.adapterTarget)), 1);
  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      if (checkpoint && !engine.closed) await sql`CHECKPOINT`.execute(db);
      await db.destroy();
    } finally {
      try {
        if (!engine.closed) await engine.close();
      } finally {
        lock?.release();
      }
    }
  };
  const dump = async (): Promise<Uint8Array> => {
    // Checkpoint first so the files hold every commit; PGlite dumps between statements.
    await sql`CHECKPOINT`.execute(db);
    return engine.dump();
  };
  return { db, engine: 'pglite', lock, close: () => (closed ??= close()), dump };
}

/** Wraps an already open PGlite (tests use in-memory ones) in Kysely. */
export function wrapPglite(pglite: PGlite, options: { lock?: HeldLock; checkpoint?: boolean } = {}): Database {
  return embeddedDatabase(
    {
      adapterTarget: pglite,
      get closed() {
        return pglite.closed;
      },
      close: () => pglite.close(),
      dump: async () => new Uint8Array(await (await pglite.dumpDataDir('gzip')).arrayBuffer()),
    },
    options,
  );
}

/** A file given as a backup is not one: not a gzip tarball, damaged, or without a database in it. */
export class InvalidBackupError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidBackupError';
  }
}

/**
 * Checks that `tarball` is a whole backup before anything is touched: a gzip stream that
 * decompresses completely (its checksum holds) into a tar archive holding a PostgreSQL data dir
 * (PG_VERSION). Throws InvalidBackupError saying what is wrong.
 */
export function checkBackup(tarball: Uint8Array): void {
  if (tarball.length < 2 || tarball[0] !== 0x1f || tarball[1] !== 0x8b) throw new InvalidBackupError('not a gzip file');
  let tar: Buffer;
  try {
    tar = gunzipSync(tarball);
  } catch {
    throw new InvalidBackupError('damaged: the compressed data is truncated or corrupt');
  }
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) break;
    if (name === 'PG_VERSION' || name.endsWith('/PG_VERSION')) return;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new InvalidBackupError('no database in it (the archive holds no PostgreSQL data dir)');
}

/**
 * Restores a backup tarball into `dataDir` (which must not be open): the current database is kept
 * beside it as `pgdata.before-restore-<time>`, and the restored one is built in a temporary
 * folder and renamed into place only when complete. A file that is not a whole backup is refused
 * (InvalidBackupError) and the current database is left as it was.
 */
export async function restoreEmbedded(dataDir: string, tarball: Uint8Array, stamp: string): Promise<{ keptAs: string | undefined }> {
  checkBackup(tarball);
  ensurePrivateDir(dataDir);
  const lock = acquireDataDirLock(dataDir, 'kairos restore');
  const tmp = join(dataDir, `${PGDATA}.init-${process.pid}`);
  try {
    rmSync(tmp, { recursive: true, force: true });
    try {
      const restored = await PGlite.create(tmp, { loadDataDir: new Blob([new Uint8Array(tarball)]) });
      await restored.query('SELECT 1');
      await restored.query('CHECKPOINT');
      await restored.close();
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw new InvalidBackupError(`damaged: the database in it does not open (${err instanceof Error ? err.message : String(err)})`);
    }
    const target = join(dataDir, PGDATA);
    let keptAs: string | undefined;
    if (existsSync(target)) {
      keptAs = join(dataDir, `${PGDATA}.before-restore-${stamp}`);
      renameSync(target, keptAs);
    }
    renameSync(tmp, target);
    makePrivate(dataDir);
    return { keptAs };
  } finally {
    lock.release();
  }
}

/**
 * Opens (creating on first use) the embedded database in `dataDir`, holding its lock. PGlite runs
 * on its own thread (pglite-thread.ts), so its statements never hold up the event loop; the thread
 * starts at once and this resolves when the database is open.
 * Throws DataDirLockedError when another live process holds it.
 */
export async function openEmbedded(dataDir: string, command: string): Promise<Database> {
  // `kairos serve` may have started it before the server's modules loaded (embedded-start.ts).
  const { lock, thread } = takeEarlyEmbedded(dataDir, command) ?? beginEmbedded(dataDir, command);
  try {
    await thread.waitReady;
    // Everything in the data dir is private (PGlite creates its files world-readable).
    makePrivate(dataDir);
  } catch (err) {
    await thread.close().catch(() => undefined);
    lock.release();
    throw err;
  }
  // The adapter talks to the thread as it would to a PGlite (`execProtocolStream`).
  return embeddedDatabase(
    {
      adapterTarget: thread as unknown as PGlite,
      get closed() {
        return thread.closed;
      },
      close: () => thread.close(),
      dump: () => thread.dump(),
    },
    { lock },
  );
}
