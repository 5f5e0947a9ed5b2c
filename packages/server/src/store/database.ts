/**
 * Opens the database: PostgreSQL over `pg` when `DATABASE_URL` is set, otherwise the embedded
 * PGlite in the data dir, both through Kysely's `PostgresDialect` (PGlite via its own
 * node-postgres adapter, so result types match a real server: int8 comes back as a string).
 *
 * Embedded safety (each tested in database.int.test.ts):
 * - one process per data dir (data-dir-lock.ts);
 * - the first start creates the database in a temporary directory and renames it into place only
 *   when complete, so an interrupted first start never leaves a half-made database;
 * - close runs CHECKPOINT, then closes PGlite, then releases the lock.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type HeldLock } from './data-dir-lock.js';
import type { Database as Schema } from './schema.js';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<Schema>;
  readonly engine: Engine;
  /** The lock held on the data dir (embedded only). */
  readonly lock: HeldLock | undefined;
  /** Checkpoints (embedded), closes the pool and the database, releases the lock. Idempotent. */
  close(): Promise<void>;
}

/** The folder inside the data dir that holds PGlite's PostgreSQL cluster. */
export const PGDATA = 'pgdata';

function kyselyOver(pool: pg.Pool): Kysely<Schema> {
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens PostgreSQL at `url`. */
export async function openPostgres(url: string, { poolSize = 10 }: { poolSize?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Fail now, with the server's own message, rather than at the first request.
  const client = await pool.connect();
  client.release();
  const db = kyselyOver(pool);
  let closed: Promise<void> | undefined;
  return {
    db,
    engine: 'postgres',
    lock: undefined,
    close: () => (closed ??= db.destroy()),
  };
}

/** Wraps an already open PGlite (tests use in-memory ones) in Kysely. */
export function wrapPglite(pglite: PGlite, { lock, checkpoint = true }: { lock?: HeldLock; checkpoint?: boolean } = {}): Database {
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = kyselyOver(pool);
  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      if (checkpoint && !pglite.closed) await sql`CHECKPOINT`.execute(db);
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    } finally {
      lock?.release();
    }
  };
  return { db, engine: 'pglite', lock, close: () => (closed ??= close()) };
}

/**
 * Opens (creating on first use) the embedded database in `dataDir`, holding its lock.
 * Throws DataDirLockedError when another live process holds it.
 */
export async function openEmbedded(dataDir: string, command: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir, command);
  try {
    const target = join(dataDir, PGDATA);
    // Leftovers of interrupted first starts: safe to remove, we hold the lock.
    for (const entry of readdirSync(dataDir)) {
      if (entry.startsWith(`${PGDATA}.init-`)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    }
    if (!existsSync(target)) {
      const tmp = join(dataDir, `${PGDATA}.init-${process.pid}`);
      const fresh = await PGlite.create(tmp);
      await fresh.query('CHECKPOINT');
      await fresh.close();
      renameSync(tmp, target);
    }
    const pglite = await PGlite.create(target);
    return wrapPglite(pglite, { lock });
  } catch (err) {
    lock.release();
    throw err;
  }
}
