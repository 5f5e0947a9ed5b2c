import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/engines.js';
import { currentMigration, KNOWN_MIGRATIONS, migrateToLatest, MIGRATION_TABLE } from './migrate.js';

describeEachEngine('migrations', (h) => {
  it('records every applied migration by name in the migration table', async () => {
    const rows = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(h.database.db);
    expect(rows.rows.map((r) => r.name)).toEqual(KNOWN_MIGRATIONS);
  });

  it('applies nothing on a second run and reports the latest migration', async () => {
    expect(await migrateToLatest(h.database.db)).toEqual([]);
    expect(await currentMigration(h.database.db)).toBe(KNOWN_MIGRATIONS.at(-1));
  });

  it('a database knowing a migration this code does not is refused, not taken as up to date', async () => {
    const db = h.database.db;
    await sql`INSERT INTO ${sql.table(MIGRATION_TABLE)} (name, timestamp) VALUES ('9999-from-a-newer-kairos', ${new Date().toISOString()})`.execute(
      db,
    );
    try {
      await expect(migrateToLatest(db)).rejects.toThrow(/9999-from-a-newer-kairos/);
    } finally {
      await sql`DELETE FROM ${sql.table(MIGRATION_TABLE)} WHERE name = '9999-from-a-newer-kairos'`.execute(db);
    }
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('a migration missing from the record is applied again by the Migrator, not skipped', async () => {
    const db = h.database.db;
    const last = KNOWN_MIGRATIONS.at(-1) as string;
    const row = await sql<{ timestamp: string }>`SELECT timestamp FROM ${sql.table(MIGRATION_TABLE)} WHERE name = ${last}`.execute(db);
    await sql`DELETE FROM ${sql.table(MIGRATION_TABLE)} WHERE name = ${last}`.execute(db);
    try {
      expect(await currentMigration(db)).toBe(KNOWN_MIGRATIONS.at(-2));
      // The Migrator runs it again: on a database that already has its tables it fails, naming it
      // (and its transaction is rolled back); a migration that could run twice would be applied.
      await migrateToLatest(db).then(
        (applied) => expect(applied).toEqual([last]),
        (err: unknown) => expect(String(err)).toContain(last),
      );
    } finally {
      await sql`DELETE FROM ${sql.table(MIGRATION_TABLE)} WHERE name = ${last}`.execute(db);
      await sql`INSERT INTO ${sql.table(MIGRATION_TABLE)} (name, timestamp) VALUES (${last}, ${row.rows[0]?.timestamp ?? ''})`.execute(db);
    }
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('gives the installation an id at creation', async () => {
    const row = await h.database.db
      .selectFrom('kairos_meta')
      .select('value')
      .where('key', '=', 'installation_id')
      .executeTakeFirstOrThrow();
    expect(row.value).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns int8 as a string on both engines, so types match', async () => {
    const r = await sql<{ n: unknown }>`SELECT count(*) AS n FROM kairos_meta`.execute(h.database.db);
    expect(typeof r.rows[0]?.n).toBe('string');
  });
});
