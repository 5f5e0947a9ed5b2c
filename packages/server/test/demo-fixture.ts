/**
 * The demo clinic as a test fixture. Loading the demo runs whole courses through the services
 * (tens of seconds); API tests need the same demo at the same test instant, so global setup loads
 * it once into an embedded database and saves every table's rows as JSON, and `restoreDemoData`
 * inserts them into a test's fresh, migrated database (either engine) in a second or two.
 * The rows are copied as they are: ids, hashes and the audit chain stay valid.
 *
 * The browser tests run on the real clock, so they cannot use the one fixed instant: `loadRecentDemo`
 * restores the newest demo loaded minutes ago on the same day, and loads (and saves) a new one
 * when there is none.
 *
 * @module
 */
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { localDateOf } from '@kairos/core';
import { sql } from 'kysely';
import { DEMO_TIME_ZONE, loadDemo } from '../src/services/demo/load-demo.js';
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

/**
 * How old a saved demo the browser tests accept. Loading the demo takes 7 to 10 s of a CI core,
 * restoring it one or two; thirty browser test files each loading it cost CI about two minutes.
 * A demo restored 10 minutes after its load is the demo a person opens 10 minutes after
 * `npm start` (the live infusion 30 minutes in rather than 20): the browser tests pass on a demo
 * that old, which `KAIROS_TEST_DEMO_AGED=1 npx vitest run e2e` checks (every file loads the demo
 * as of 10 minutes before it starts).
 */
export const RECENT_DEMO_MAX_AGE_MS = 10 * 60_000;

/**
 * The demo as of a load at most `maxAgeMs` before `now` on the same calendar day (UTC and the demo
 * site's zone, the days the demo counts from): restored from the newest such load saved beside
 * the API tests' fixture (`KAIROS_TEST_DEMO_DUMP`, set by global setup), else loaded at `now`
 * and saved for the next file. Outside vitest it simply loads.
 */
export async function loadRecentDemo(db: Db, now: Date, maxAgeMs = RECENT_DEMO_MAX_AGE_MS): Promise<void> {
  const fixture = process.env.KAIROS_TEST_DEMO_DUMP;
  if (process.env.KAIROS_TEST_DEMO_AGED === '1') {
    await loadDemo(db, new Date(now.getTime() - maxAgeMs));
    return;
  }
  if (fixture === undefined) {
    await loadDemo(db, now);
    return;
  }
  const dir = dirname(fixture);
  const prefix = `${basename(fixture, '.json')}-live-`;
  const sameDay = (at: number) =>
    localDateOf(new Date(at), 'UTC') === localDateOf(now, 'UTC') &&
    localDateOf(new Date(at), DEMO_TIME_ZONE) === localDateOf(now, DEMO_TIME_ZONE);
  const saved = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => ({ path: join(dir, f), at: Number(f.slice(prefix.length, -'.json'.length)) }))
    .sort((a, b) => b.at - a.at);
  const recent = saved.find((s) => Number.isFinite(s.at) && s.at <= now.getTime() && now.getTime() - s.at <= maxAgeMs && sameDay(s.at));
  if (recent !== undefined) {
    try {
      await restoreDemoData(db, recent.path);
      return;
    } catch (e) {
      // Removed by another test worker saving a newer one between the listing and the read: load.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  await loadDemo(db, now);
  const path = join(dir, `${prefix}${now.getTime()}.json`);
  await saveDemoData(db, `${path}.${process.pid}.tmp`);
  renameSync(`${path}.${process.pid}.tmp`, path);
  for (const old of saved) rmSync(old.path, { force: true });
}
