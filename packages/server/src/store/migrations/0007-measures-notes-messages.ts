import { sql, type Kysely } from 'kysely';

/**
 * The therapy side of the program: questionnaire responses stored item by item (and portal drafts
 * for stop and resume), clinical tasks from risk routing, the patient's journal, the site's
 * written content (preparation material, crisis resources, discharge instructions), notes signed
 * and locked with appended amendments, and the outbox of messages to patients.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE questionnaire_response (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_id uuid NOT NULL REFERENCES patient(id),
      enrollment_id uuid REFERENCES enrollment(id),
      session_id uuid REFERENCES dosing_session(id),
      instrument text NOT NULL CHECK (instrument IN ('pcl5-month','pcl5-week','phq9','gad7','cssrs','cadss6')),
      instrument_version text NOT NULL,
      answers jsonb NOT NULL,
      score jsonb NOT NULL,
      total integer,
      due_date date,
      completed_at timestamptz NOT NULL,
      channel text NOT NULL CHECK (channel IN ('staff','portal')),
      entered_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX questionnaire_response_patient ON questionnaire_response (patient_id, completed_at);
    CREATE INDEX questionnaire_response_session ON questionnaire_response (session_id) WHERE session_id IS NOT NULL;

    CREATE TABLE questionnaire_draft (
      patient_id uuid NOT NULL REFERENCES patient(id),
      task_key text NOT NULL,
      answers jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (patient_id, task_key)
    );

    CREATE TABLE clinical_task (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_id uuid NOT NULL REFERENCES patient(id),
      site_id uuid NOT NULL REFERENCES site(id),
      kind text NOT NULL CHECK (kind IN ('risk-follow-up')),
      urgency text NOT NULL CHECK (urgency IN ('same-day','urgent')),
      reason text NOT NULL,
      details jsonb NOT NULL,
      source_response_id uuid REFERENCES questionnaire_response(id),
      assignees uuid[] NOT NULL,
      due_date date NOT NULL,
      created_at timestamptz NOT NULL,
      completed_at timestamptz,
      completed_by uuid REFERENCES app_user(id),
      outcome_note text
    );
    CREATE INDEX clinical_task_open ON clinical_task (site_id, completed_at);

    CREATE TABLE journal_entry (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_id uuid NOT NULL REFERENCES patient(id),
      body text NOT NULL,
      shared_at timestamptz,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX journal_entry_patient ON journal_entry (patient_id, created_at);

    CREATE TABLE site_content (
      site_id uuid NOT NULL REFERENCES site(id),
      key text NOT NULL,
      body text NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by uuid REFERENCES app_user(id),
      PRIMARY KEY (site_id, key)
    );

    CREATE TABLE clinical_note (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_id uuid NOT NULL REFERENCES patient(id),
      enrollment_id uuid REFERENCES enrollment(id),
      session_id uuid REFERENCES dosing_session(id),
      template text NOT NULL,
      template_version text NOT NULL,
      content jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ('draft','signed')),
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      signed_by uuid REFERENCES app_user(id),
      signed_at timestamptz,
      content_hash text
    );
    CREATE INDEX clinical_note_patient ON clinical_note (patient_id, created_at);

    CREATE TABLE note_amendment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      note_id uuid NOT NULL REFERENCES clinical_note(id),
      body text NOT NULL,
      reason text NOT NULL,
      by_user uuid NOT NULL REFERENCES app_user(id),
      at timestamptz NOT NULL,
      content_hash text NOT NULL
    );
    CREATE INDEX note_amendment_note ON note_amendment (note_id, at);

    CREATE FUNCTION kairos_signed_note_is_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.state = 'signed' THEN RAISE EXCEPTION 'clinical_note %: a signed note is locked', OLD.id; END IF;
        RETURN OLD;
      END IF;
      IF OLD.state = 'signed' THEN RAISE EXCEPTION 'clinical_note %: a signed note is locked', OLD.id; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER clinical_note_locked BEFORE UPDATE OR DELETE ON clinical_note FOR EACH ROW EXECUTE FUNCTION kairos_signed_note_is_locked();

    CREATE FUNCTION kairos_amendments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'note_amendment is append-only';
    END $$;
    CREATE TRIGGER note_amendment_append_only BEFORE UPDATE OR DELETE ON note_amendment FOR EACH ROW EXECUTE FUNCTION kairos_amendments_append_only();

    CREATE TABLE message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_id uuid NOT NULL REFERENCES patient(id),
      site_id uuid NOT NULL REFERENCES site(id),
      kind text NOT NULL CHECK (kind IN ('portal-link','pre-session','follow-up-questionnaire')),
      dedupe_key text NOT NULL UNIQUE,
      to_address text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      message_id text NOT NULL UNIQUE,
      state text NOT NULL CHECK (state IN ('queued','sent','failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz
    );
    CREATE INDEX message_due ON message (state, next_attempt_at);
    CREATE INDEX message_patient ON message (patient_id, created_at);
  `.execute(db);
}
