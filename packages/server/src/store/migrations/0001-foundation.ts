import { sql, type Kysely } from 'kysely';

/** Installation facts: a random installation id and when the database was created. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kairos_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`INSERT INTO kairos_meta (key, value) VALUES
    ('installation_id', to_jsonb(gen_random_uuid()::text)),
    ('created_at', to_jsonb(now()))`.execute(db);
}
