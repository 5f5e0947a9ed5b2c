/**
 * Applies the numbered migrations (Kysely's Migrator; applied names are recorded in
 * `kairos_migration`, and a lock table keeps two starting servers from migrating at once).
 *
 * A database already up to date is recognised by reading that table once: Kysely's Migrator
 * first inspects the whole catalog (every column of every table) to find its two tables, about
 * 0.6 s of a 2 s restart on PGlite, and `/api/health` asks for the current migration each time.
 * Anything else (a missing table, a migration not applied yet, one this code does not know, or
 * one applied out of order) goes to the Migrator, which applies or refuses as before.
 *
 * @module
 */
import { inspect } from 'node:util';
import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

export const MIGRATION_TABLE = 'kairos_migration';

/** Names of every known migration, in order (the Migrator orders them by name). */
export const KNOWN_MIGRATIONS = Object.keys(MIGRATIONS).sort();

function migratorFor(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider, migrationTableName: MIGRATION_TABLE, migrationLockTableName: `${MIGRATION_TABLE}_lock` });
}

/**
 * The applied migrations' names in the order the Migrator checks them (applied time, then name),
 * or undefined when the migration table does not exist yet.
 */
async function readApplied<T>(db: Kysely<T>): Promise<string[] | undefined> {
  // to_regclass answers null for a missing table instead of failing the statement.
  const exists = await sql<{ found: boolean }>`SELECT to_regclass(${MIGRATION_TABLE}) IS NOT NULL AS found`.execute(db);
  if (exists.rows[0]?.found !== true) return undefined;
  const rows = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY timestamp, name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** True when exactly the known migrations are applied, in their order: nothing to do. */
function isUpToDate(applied: readonly string[] | undefined): boolean {
  return applied !== undefined && applied.length === KNOWN_MIGRATIONS.length && applied.every((name, i) => name === KNOWN_MIGRATIONS[i]);
}

/** Applies every pending migration; returns the names applied now (empty when up to date). */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  if (isUpToDate(await readApplied(db))) return [];
  const { error, results } = await migratorFor(db as Kysely<unknown>).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : inspect(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The name of the latest applied migration, or undefined on an empty database. */
export async function currentMigration<T>(db: Kysely<T>): Promise<string | undefined> {
  const applied = new Set(await readApplied(db));
  return KNOWN_MIGRATIONS.filter((name) => applied.has(name)).at(-1);
}
