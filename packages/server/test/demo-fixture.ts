/**
 * The demo clinic as a test fixture. Loading the demo runs whole courses through the services
 * (tens of seconds); API tests need the same demo at the same test instant, so global setup loads
 * it once into an embedded database and saves every table's rows as JSON, and `restoreDemoData`
 * inserts them into a test's fresh, migrated database (either engine) in a second or two.
 * The rows are copied as they are: ids, hashes and the audit chain stay valid.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../src/store/database.js';

/** The migrations' own tables (log and lock): a fresh database has them filled already. */
const isMigrationTable = (name: string): boolean => name.startsWith('kairos_migration');

interface DemoDump {
  tables: { name: string; rows: unknown[] }[];
}

/** Base tables of the public schema, parents before children (foreign keys). */
async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const tables = (
    await sql<{
      name: string;
    }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(
      db,
    )
  ).rows.map((r) => r.name);
  const fks = (
    await sql<{ child: string; parent: string }>`
      SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`.execute(db)
  ).rows;
  const ordered: string[] = [];
  const pending = new Set(tables);
  while (pending.size > 0) {
    const ready = [...pending].filter((t) => fks.every((f) => f.child !== t || f.parent === t || !pending.has(f.parent)));
    if (ready.length === 0) throw new Error(`foreign key cycle among ${[...pending].join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      pending.delete(t);
    }
  }
  return ordered;
}

/** Saves every row of every table (but the migration log) to `path`. */
export async function saveDemoData(db: Db, path: string): Promise<void> {
  const dump: DemoDump = { tables: [] };
  for (const name of await tablesInDependencyOrder(db)) {
    if (isMigrationTable(name)) continue;
    const r = await sql<{ rows: unknown[] | null }>`SELECT json_agg(t) AS rows FROM ${sql.table(name)} AS t`.execute(db);
    dump.tables.push({ name, rows: r.rows[0]?.rows ?? [] });
  }
  writeFileSync(path, JSON.stringify(dump));
}

/** Inserts the saved rows into a fresh, migrated database and moves its sequences (serial and identity columns) past them. */
export async function restoreDemoData(db: Db, path: string): Promise<void> {
  const dump = JSON.parse(readFileSync(path, 'utf8')) as DemoDump;
  await db.transaction().execute(async (tx) => {
    for (const t of dump.tables) {
      if (t.rows.length === 0) continue;
      const cols = Object.keys(t.rows[0] as object);
      const target = sql.join(cols.map((c) => sql.ref(c)));
      const conflict = t.name === 'kairos_meta' ? sql`ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value` : sql``;
      await sql`INSERT INTO ${sql.table(t.name)} (${target}) SELECT ${target} FROM json_populate_recordset(NULL::${sql.table(t.name)}, ${JSON.stringify(t.rows)}::json) ${conflict}`.execute(
        tx,
      );
    }
    const seqs = (
      await sql<{ tbl: string; col: string; seq: string }>`
        SELECT c.relname AS tbl, a.attname AS col, s.relname AS seq
        FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
        JOIN pg_class c ON c.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
        JOIN pg_namespace n ON n.oid = s.relnamespace
        WHERE s.relkind = 'S' AND n.nspname = 'public'`.execute(tx)
    ).rows;
    for (const s of seqs) {
      await sql`SELECT setval(${s.seq}::regclass, GREATEST((SELECT max(${sql.ref(s.col)})::bigint FROM ${sql.table(s.tbl)}), 1))`.execute(
        tx,
      );
    }
  });
}
