import { sql, type Kysely } from 'kysely';

/**
 * The dosing session of a scheduled dosing event: its state and transitions, the pre-dose
 * checklist, the dose order and its independent double check, infusion events, vital-sign readings
 * (append-only, idempotent by a client-supplied id), alerts, and device tokens for monitors.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE dosing_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      event_id uuid NOT NULL UNIQUE REFERENCES scheduled_event(id),
      enrollment_id uuid NOT NULL REFERENCES enrollment(id),
      patient_id uuid NOT NULL REFERENCES patient(id),
      site_id uuid NOT NULL REFERENCES site(id),
      state text NOT NULL CHECK (state IN ('scheduled','checked-in','pre-dose','infusing','paused','observing','discharged','aborted')),
      protocol_version integer,
      checklist jsonb NOT NULL DEFAULT '{}'::jsonb,
      pause_recommended boolean NOT NULL DEFAULT false,
      infusion_started_at timestamptz,
      infusion_ended_at timestamptz,
      aldrete jsonb,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE TABLE session_transition (
      id bigserial PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES dosing_session(id),
      from_state text NOT NULL,
      to_state text NOT NULL,
      at timestamptz NOT NULL,
      actor_id uuid REFERENCES app_user(id),
      reason text
    );
    CREATE TABLE dose_order (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      session_id uuid NOT NULL REFERENCES dosing_session(id),
      ordered_by uuid NOT NULL REFERENCES app_user(id),
      ordered_at timestamptz NOT NULL,
      calculation jsonb NOT NULL,
      double_checked_by uuid REFERENCES app_user(id),
      double_checked_at timestamptz,
      CHECK (double_checked_by IS NULL OR double_checked_by <> ordered_by)
    );
    CREATE INDEX dose_order_session ON dose_order (session_id, ordered_at);
    CREATE TABLE infusion_event (
      id bigserial PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES dosing_session(id),
      kind text NOT NULL CHECK (kind IN ('start','pause','resume','rate','stop')),
      at timestamptz NOT NULL,
      actor_id uuid REFERENCES app_user(id),
      rate_ml_per_hour numeric(7,1),
      reason text
    );
    CREATE TABLE vital_reading (
      session_id uuid NOT NULL REFERENCES dosing_session(id),
      client_id text NOT NULL,
      measured_at timestamptz NOT NULL,
      systolic integer, diastolic integer, heart_rate integer, spo2 integer, respiratory_rate integer, moaas integer,
      source text NOT NULL CHECK (source IN ('manual','device')),
      phase text NOT NULL,
      level text NOT NULL,
      fired jsonb NOT NULL DEFAULT '[]'::jsonb,
      received_at timestamptz NOT NULL,
      recorded_by uuid REFERENCES app_user(id),
      PRIMARY KEY (session_id, client_id)
    );
    CREATE INDEX vital_reading_time ON vital_reading (session_id, measured_at);
    CREATE TABLE session_alert (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      session_id uuid NOT NULL REFERENCES dosing_session(id),
      kind text NOT NULL,
      level text NOT NULL,
      details jsonb NOT NULL,
      raised_at timestamptz NOT NULL,
      acknowledged_by uuid REFERENCES app_user(id),
      acknowledged_at timestamptz,
      note text
    );
    CREATE INDEX session_alert_session ON session_alert (session_id, raised_at);
    CREATE TABLE device_token (
      token_hash text PRIMARY KEY,
      site_id uuid NOT NULL REFERENCES site(id),
      name text NOT NULL,
      scope text NOT NULL CHECK (scope IN ('vitals')),
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
  `.execute(db);
}
