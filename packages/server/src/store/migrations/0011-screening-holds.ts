import { sql, type Kysely } from 'kysely';

/**
 * Screening that keeps up with the patient: when a fact changes after the decision (a scheduled or
 * treated patient becomes pregnant, starts theophylline), the new assessment is compared with the
 * one the patient was cleared on; a worse one puts a review hold on the enrollment (no dosing
 * session starts) until a prescriber (or, for a failed check, a medical director) releases it with
 * a reason, and the care team's prescriber gets a task.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE screening_hold (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      enrollment_id uuid NOT NULL REFERENCES enrollment(id),
      assessment_id uuid NOT NULL REFERENCES screening_assessment(id),
      kind text NOT NULL CHECK (kind IN ('needs-review','absolute')),
      reasons jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      released_at timestamptz,
      released_by uuid REFERENCES app_user(id),
      release_reason text,
      CHECK ((released_at IS NULL) = (released_by IS NULL))
    );
    CREATE UNIQUE INDEX screening_hold_open ON screening_hold (enrollment_id) WHERE released_at IS NULL;

    ALTER TABLE clinical_task DROP CONSTRAINT clinical_task_kind_check;
    ALTER TABLE clinical_task ADD CONSTRAINT clinical_task_kind_check CHECK (kind IN ('risk-follow-up','unacknowledged-escalation','screening-review'));
  `.execute(db);
}
