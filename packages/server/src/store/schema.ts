/**
 * The database schema as Kysely sees it. Kept in step with migrations/ by hand; the storage tests
 * write and read every table, so a drift fails there.
 *
 * @module
 */
import type { ColumnType, Generated } from 'kysely';

/** Facts about this installation: its id, when it was created, what the demo loader did. */
export interface KairosMetaTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

export interface Database {
  kairos_meta: KairosMetaTable;
}
