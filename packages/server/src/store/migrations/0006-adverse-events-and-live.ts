import { sql, type Kysely } from 'kysely';

/**
 * Adverse events of dosing sessions, with the medical director's review queue for serious ones;
 * and the live-event log that Server-Sent Events replay from (Last-Event-ID) and that PostgreSQL
 * instances announce to each other with NOTIFY.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE adverse_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      session_id uuid NOT NULL REFERENCES dosing_session(id),
      patient_id uuid NOT NULL REFERENCES patient(id),
      kind text NOT NULL CHECK (kind IN ('nausea','vomiting','hypertension','tachycardia','bradycardia','desaturation','emergence-reaction','anxiety','other')),
      description text,
      severity text NOT NULL CHECK (severity IN ('mild','moderate','severe')),
      serious boolean NOT NULL,
      occurred_at timestamptz NOT NULL,
      action_taken text NOT NULL,
      reported_by uuid NOT NULL REFERENCES app_user(id),
      reported_at timestamptz NOT NULL,
      reviewed_by uuid REFERENCES app_user(id),
      reviewed_at timestamptz,
      review_note text
    );
    CREATE INDEX adverse_event_review ON adverse_event (serious, reviewed_at);
    CREATE TABLE live_event (
      seq bigserial PRIMARY KEY,
      site_id uuid NOT NULL,
      session_id uuid,
      type text NOT NULL,
      payload jsonb NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX live_event_site ON live_event (site_id, seq);
  `.execute(db);
}
