import { sql, type Kysely } from 'kysely';

/**
 * The route of each started session in the program's stored facts (issue 29), so the Outcomes page
 * counts the sessions by how the dose was given. Every session stored before routes was IV.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE program_session_fact ADD COLUMN route text NOT NULL DEFAULT 'IV' CHECK (route IN ('IV', 'IM', 'SL'));
  `.execute(db);
}
