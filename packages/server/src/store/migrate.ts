/**
 * Applies the numbered migrations (Kysely's Migrator; applied names are recorded in
 * `kairos_migration`, and a lock table keeps two starting servers from migrating at once).
 *
 * @module
 */
import { inspect } from 'node:util';
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

export const MIGRATION_TABLE = 'kairos_migration';

function migratorFor(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider, migrationTableName: MIGRATION_TABLE, migrationLockTableName: `${MIGRATION_TABLE}_lock` });
}

/** Applies every pending migration; returns the names applied now (empty when up to date). */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const { error, results } = await migratorFor(db as Kysely<unknown>).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : inspect(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The name of the latest applied migration, or undefined on an empty database. */
export async function currentMigration<T>(db: Kysely<T>): Promise<string | undefined> {
  const all = await migratorFor(db as Kysely<unknown>).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).at(-1)?.name;
}

/** Names of every known migration, in order. */
export const KNOWN_MIGRATIONS = Object.keys(MIGRATIONS);
