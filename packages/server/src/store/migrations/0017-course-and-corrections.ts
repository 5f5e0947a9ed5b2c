import { sql, type Kysely } from 'kysely';

/**
 * The enrollment follows the course by itself (protocol-defaults.md, "enrollment states"): a
 * transition the server takes names the rule and the protocol version it ran under (no user).
 * Corrections with history: an adverse event's kind, severity and times, and the date of a
 * questionnaire entered by staff, are corrected in place with a reason; each correction keeps the
 * values before and after, who and when, so the original is the first correction's `before`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE enrollment_transition ADD COLUMN rule_ref text, ADD COLUMN protocol_version integer;
    ALTER TABLE adverse_event ADD COLUMN resolved_at timestamptz;
    CREATE TABLE record_correction (
      id bigserial PRIMARY KEY,
      record_type text NOT NULL CHECK (record_type IN ('adverse_event', 'questionnaire_response')),
      record_id uuid NOT NULL,
      patient_id uuid NOT NULL REFERENCES patient(id),
      before jsonb NOT NULL,
      after jsonb NOT NULL,
      reason text NOT NULL,
      corrected_by uuid NOT NULL REFERENCES app_user(id),
      corrected_at timestamptz NOT NULL
    );
    CREATE INDEX record_correction_record ON record_correction (record_type, record_id, id);
  `.execute(db);
}
