import { sql, type Kysely } from 'kysely';

/**
 * People and trust: sites (minimal; the intake issue extends them), staff users, sessions,
 * sign-in attempts, step-up proofs, patients with care teams, and the tamper-evident audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE site (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      time_zone text NOT NULL DEFAULT 'UTC',
      settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      synthetic boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE app_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      display_name text NOT NULL,
      password_hash text NOT NULL,
      roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin','medical-director','prescriber','nurse','therapist','coordinator']::text[]),
      site_id uuid REFERENCES site(id),
      active boolean NOT NULL DEFAULT true,
      synthetic boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));

    CREATE TABLE user_session (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      idle_timeout_seconds integer NOT NULL CHECK (idle_timeout_seconds > 0),
      absolute_expires_at timestamptz NOT NULL,
      client_address text,
      revoked_at timestamptz
    );
    CREATE INDEX user_session_user ON user_session (user_id);

    CREATE TABLE signin_attempt (
      id bigserial PRIMARY KEY,
      email_key text NOT NULL,
      client_address text NOT NULL,
      succeeded boolean NOT NULL,
      -- Attempts refused because the account was already locked do not extend the lock.
      while_locked boolean NOT NULL DEFAULT false,
      at timestamptz NOT NULL
    );
    CREATE INDEX signin_attempt_email ON signin_attempt (email_key, at);
    CREATE INDEX signin_attempt_client ON signin_attempt (client_address, at);

    CREATE TABLE step_up (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      requested_by uuid NOT NULL REFERENCES app_user(id),
      purpose text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );

    CREATE TABLE patient (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      mrn text NOT NULL,
      given_name text NOT NULL,
      family_name text NOT NULL,
      birth_date date NOT NULL,
      sex text NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female','male','other','unknown')),
      phone text,
      email text,
      synthetic boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (site_id, mrn)
    );
    CREATE INDEX patient_names ON patient (lower(family_name), lower(given_name));
    CREATE INDEX patient_birth_date ON patient (birth_date);

    CREATE TABLE care_team_member (
      patient_id uuid NOT NULL REFERENCES patient(id),
      role text NOT NULL CHECK (role IN ('prescriber','therapist','nurse')),
      user_id uuid NOT NULL REFERENCES app_user(id),
      PRIMARY KEY (patient_id, role, user_id)
    );
    CREATE INDEX care_team_member_user ON care_team_member (user_id);

    CREATE TABLE audit_event (
      seq bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      user_id uuid,
      user_roles text[] NOT NULL DEFAULT '{}',
      action text NOT NULL,
      record_type text,
      record_id text,
      patient_id uuid,
      outcome text NOT NULL CHECK (outcome IN ('allowed','denied','failed')),
      request_id text,
      client_address text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    );
    CREATE INDEX audit_event_patient ON audit_event (patient_id, seq);
    CREATE INDEX audit_event_user ON audit_event (user_id, seq);

    -- The audit trail is append-only: the database itself refuses to change or remove an event.
    CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
  `.execute(db);
}
