/**
 * Storage and API tests run on every engine: PGlite always, PostgreSQL whenever
 * TEST_DATABASE_URL is set. With CI=true a missing TEST_DATABASE_URL fails the run instead of
 * silently skipping the PostgreSQL half.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openPostgres, wrapPglite, type Database, type Engine } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';

export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

/** A fresh PGlite in memory, loaded from the migrated snapshot that global-setup made. */
export async function openSnapshotPglite(): Promise<Database> {
  const path = process.env.KAIROS_TEST_SNAPSHOT;
  if (path === undefined) throw new Error('KAIROS_TEST_SNAPSHOT is not set: run tests through vitest (global-setup)');
  const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(path)]) });
  return wrapPglite(pglite, { checkpoint: false });
}

/** A URL on the TEST_DATABASE_URL server with another database name. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates an empty database on the test server (or a copy of `template`); returns its URL and a
 * function that drops it.
 */
export async function createScratchPostgres(baseUrl: string, template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kairos_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(template === undefined ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  return {
    url: withDatabaseName(baseUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The migrated database global setup made on the test server (`KAIROS_TEST_PG_TEMPLATE`), copied instead of migrating each time. */
const PG_TEMPLATE = /^kairos_tpl_[0-9a-f]+$/;

/** A fresh, migrated PostgreSQL database on the test server: a copy of the migrated template when global setup made one. */
export async function openScratchPostgres(baseUrl: string): Promise<Database & { url: string }> {
  const template = process.env.KAIROS_TEST_PG_TEMPLATE;
  const fromTemplate = template !== undefined && PG_TEMPLATE.test(template);
  const scratch = await createScratchPostgres(baseUrl, fromTemplate ? template : undefined);
  const database = await openPostgres(scratch.url);
  // A copy of the template is migrated already; this is then a no-op that checks it.
  await migrateToLatest(database.db);
  return {
    ...database,
    url: scratch.url,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}

export interface EngineHarness {
  readonly engine: Engine;
  /** The database of this describe block (fresh and migrated), available inside tests. */
  readonly database: Database;
}

/** Whether `engine` can run here; in CI a missing PostgreSQL is an error, not a skip. */
export function engineAvailable(engine: Engine): boolean {
  return engine === 'pglite' || process.env.TEST_DATABASE_URL !== undefined;
}

/** Runs `body` once per engine, each with its own fresh migrated database. */
/**
 * When PostgreSQL is not configured: in CI a failing test (the PostgreSQL tests must run there);
 * on a developer's machine the block is skipped (reported as skipped, never as passed).
 */
function withoutPostgres(name: string, body: () => void): void {
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('runs on PostgreSQL in CI', () => {
        throw new Error('TEST_DATABASE_URL is not set: in CI the PostgreSQL tests must run');
      });
    });
  } else {
    describe.skip(name, body);
  }
}

/** A describe block for PostgreSQL only (`baseUrl` is TEST_DATABASE_URL); see withoutPostgres. */
export function describeOnPostgres(title: string, body: (baseUrl: () => string) => void): void {
  const name = `${title} [postgres]`;
  if (!engineAvailable('postgres')) return withoutPostgres(name, () => body(() => ''));
  describe(name, () => body(() => process.env.TEST_DATABASE_URL as string));
}

export function describeEachEngine(title: string, body: (h: EngineHarness) => void): void {
  for (const engine of ENGINES) {
    const name = `${title} [${engine}]`;
    if (!engineAvailable(engine)) {
      withoutPostgres(name, () => body({ engine, database: undefined as unknown as Database }));
      continue;
    }
    describe(name, () => {
      let database: Database | undefined;
      const harness: EngineHarness = {
        engine,
        get database(): Database {
          if (database === undefined) throw new Error('database not open yet');
          return database;
        },
      };
      beforeAll(async () => {
        database = engine === 'pglite' ? await openSnapshotPglite() : await openScratchPostgres(process.env.TEST_DATABASE_URL as string);
      });
      afterAll(async () => {
        await database?.close();
      });
      body(harness);
    });
  }
}

/**
 * A fingerprint of everything stored: each table's row count and a hash of its rows.
 * Tests compare it before and after bad requests to prove nothing changed.
 */
export async function fingerprint(database: Database): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(database.db);
  const out: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    const r = await sql<{ n: string; h: string | null }>`
      SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${sql.table(table_name)} AS t`.execute(
      database.db,
    );
    out[table_name] = `${r.rows[0]?.n}:${r.rows[0]?.h ?? ''}`;
  }
  return out;
}
