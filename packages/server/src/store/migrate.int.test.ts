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
