import { sql, type Kysely } from 'kysely';

/**
 * A typed consent name that differs from the name the clinic holds (a name changed since
 * registration, a name written in another script) is accepted on the clinic's tablet only when a
 * staff member confirms, with their own password, that the patient in front of them signed, and
 * says why (issue 22). The confirmation is kept with the signature.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE consent_signature ADD COLUMN name_witnessed_by uuid NULL REFERENCES app_user (id)`.execute(db);
  await sql`ALTER TABLE consent_signature ADD COLUMN name_witness_reason text NULL`.execute(db);
  await sql`ALTER TABLE consent_signature ADD CONSTRAINT consent_signature_witness_pair CHECK ((name_witnessed_by IS NULL) = (name_witness_reason IS NULL))`.execute(
    db,
  );
}
