import { sql, type Kysely } from 'kysely';

/**
 * Safety at the chair II: a corrected stop time is a new infusion event (the original kept) and
 * events carry details (who approved a rate beyond the tolerance, whether a pause was for vital
 * signs); an unacknowledged escalation is marked when it became a task and a message; the escort is
 * confirmed again at discharge; medications given at the chair (premedication, treatment of an
 * adverse event) are recorded as administrations; three adverse-event kinds are added.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE infusion_event DROP CONSTRAINT infusion_event_kind_check;
    ALTER TABLE infusion_event ADD CONSTRAINT infusion_event_kind_check CHECK (kind IN ('start','pause','resume','rate','stop','stop-corrected'));
    ALTER TABLE infusion_event ADD COLUMN details jsonb NOT NULL DEFAULT '{}'::jsonb;

    ALTER TABLE session_alert ADD COLUMN escalated_at timestamptz;
    CREATE INDEX session_alert_open ON session_alert (level, acknowledged_at, escalated_at);

    ALTER TABLE dosing_session ADD COLUMN discharge_escort jsonb;

    ALTER TABLE clinical_task DROP CONSTRAINT clinical_task_kind_check;
    ALTER TABLE clinical_task ADD CONSTRAINT clinical_task_kind_check CHECK (kind IN ('risk-follow-up','unacknowledged-escalation'));
    ALTER TABLE clinical_task ADD COLUMN source_alert_id uuid REFERENCES session_alert(id);
    CREATE UNIQUE INDEX clinical_task_source_alert ON clinical_task (source_alert_id) WHERE source_alert_id IS NOT NULL;

    ALTER TABLE message DROP CONSTRAINT message_kind_check;
    ALTER TABLE message ADD CONSTRAINT message_kind_check CHECK (kind IN ('portal-link','pre-session','follow-up-questionnaire','escalation'));

    ALTER TABLE adverse_event DROP CONSTRAINT adverse_event_kind_check;
    ALTER TABLE adverse_event ADD CONSTRAINT adverse_event_kind_check CHECK (kind IN ('nausea','vomiting','hypertension','hypotension','tachycardia','bradycardia','desaturation','oversedation','respiratory-depression','emergence-reaction','anxiety','other'));

    CREATE TABLE session_medication (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      session_id uuid NOT NULL REFERENCES dosing_session(id),
      adverse_event_id uuid REFERENCES adverse_event(id),
      purpose text NOT NULL CHECK (purpose IN ('premedication','treatment')),
      drug text NOT NULL,
      dose numeric(10,3) NOT NULL CHECK (dose > 0),
      unit text NOT NULL CHECK (unit IN ('mg','mcg','mL','units')),
      route text NOT NULL CHECK (route IN ('IV','IM','PO','SL','IN','SC')),
      given_at timestamptz NOT NULL,
      given_by uuid NOT NULL REFERENCES app_user(id),
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL,
      CHECK (purpose = 'treatment' OR adverse_event_id IS NULL)
    );
    CREATE INDEX session_medication_session ON session_medication (session_id, given_at);
  `.execute(db);
}
