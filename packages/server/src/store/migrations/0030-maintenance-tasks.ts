import { sql, type Kysely } from 'kysely';

/**
 * Maintenance (issue 24, Must 2): a responder's loss of response gives the patient's prescriber a
 * task to consider a maintenance session (protocol-defaults.md "maintenance trigger"). A routine
 * task, not a same-day one: it asks for a decision, not a call today.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE clinical_task DROP CONSTRAINT clinical_task_kind_check;
    ALTER TABLE clinical_task ADD CONSTRAINT clinical_task_kind_check
      CHECK (kind IN ('risk-follow-up','unacknowledged-escalation','screening-review','consider-maintenance'));
    ALTER TABLE clinical_task DROP CONSTRAINT clinical_task_urgency_check;
    ALTER TABLE clinical_task ADD CONSTRAINT clinical_task_urgency_check CHECK (urgency IN ('same-day','urgent','routine'));
  `.execute(db);
}
