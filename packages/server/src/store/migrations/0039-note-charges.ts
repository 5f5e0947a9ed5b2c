import { sql, type Kysely } from 'kysely';

/**
 * Charges from signed notes (issue 27, Must 2): the day-1 assessment, the integration session and
 * the day-5 review are billed from their notes, as a dosing session is from its record. A charge
 * line names the one event it came from: a dosing session or a note, never both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE charge_line ADD COLUMN note_id uuid REFERENCES clinical_note(id);
    ALTER TABLE charge_line ADD CONSTRAINT charge_line_one_event CHECK (session_id IS NULL OR note_id IS NULL);
    CREATE INDEX charge_line_note ON charge_line (note_id) WHERE note_id IS NOT NULL;
  `.execute(db);
}
