import { sql, type Kysely } from 'kysely';

/**
 * A patient's postal address (issue 23, Must 7): the record of each ketamine administration names
 * the patient and their address (21 CFR 1304.22(c), clinical-facts.md section 9). Optional: a
 * record without one says "not recorded".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE patient ADD COLUMN address text CHECK (address IS NULL OR char_length(address) BETWEEN 1 AND 500)`.execute(db);
}
