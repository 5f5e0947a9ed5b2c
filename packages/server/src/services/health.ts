/**
 * What `/api/health` reports about storage: the last migration applied.
 *
 * @module
 */
import type { Db } from '../store/database.js';
import { currentMigration } from '../store/migrate.js';

/** The name of the last migration applied, or null on an empty database. */
export async function appliedMigration(db: Db): Promise<string | null> {
  return (await currentMigration(db)) ?? null;
}
