import { sql, type Kysely } from 'kysely';

/**
 * From referral to eligibility: site calendars, rooms and chairs, protocol configuration
 * versions, patient details (facts, vitals, escort), enrollments with their transitions,
 * screening (inputs, assessments, overrides, decisions), consent documents and signatures, and
 * portal access for patients.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE site
      ADD COLUMN working_days text[] NOT NULL DEFAULT ARRAY['mon','tue','wed','thu','fri'],
      ADD COLUMN closed_dates date[] NOT NULL DEFAULT '{}';

    CREATE TABLE room (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      name text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (site_id, name)
    );
    CREATE TABLE chair (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      room_id uuid NOT NULL REFERENCES room(id),
      name text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (room_id, name)
    );

    -- Each version holds the site's whole set of overrides of the core defaults; old versions are
    -- kept; a dosing session records the version it ran under.
    CREATE TABLE protocol_version (
      site_id uuid NOT NULL REFERENCES site(id),
      version integer NOT NULL CHECK (version >= 1),
      overrides jsonb NOT NULL,
      changes jsonb NOT NULL DEFAULT '[]'::jsonb,
      reason text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES app_user(id),
      signed_at timestamptz,
      signed_by uuid REFERENCES app_user(id),
      PRIMARY KEY (site_id, version)
    );

    ALTER TABLE patient ADD COLUMN escort jsonb;

    CREATE TABLE patient_fact (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_id uuid NOT NULL REFERENCES patient(id),
      kind text NOT NULL CHECK (kind IN ('diagnosis','condition','allergy','medication')),
      data jsonb NOT NULL,
      recorded_at timestamptz NOT NULL,
      recorded_by uuid REFERENCES app_user(id),
      retired_at timestamptz,
      retired_by uuid REFERENCES app_user(id),
      retire_reason text
    );
    CREATE INDEX patient_fact_patient ON patient_fact (patient_id, kind);

    CREATE TABLE patient_vitals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_id uuid NOT NULL REFERENCES patient(id),
      measured_at timestamptz NOT NULL,
      weight_kg numeric(5,1),
      systolic integer,
      diastolic integer,
      heart_rate integer,
      spo2 integer,
      respiratory_rate integer,
      recorded_at timestamptz NOT NULL,
      recorded_by uuid REFERENCES app_user(id)
    );
    CREATE INDEX patient_vitals_patient ON patient_vitals (patient_id, measured_at);

    CREATE TABLE enrollment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_id uuid NOT NULL REFERENCES patient(id),
      site_id uuid NOT NULL REFERENCES site(id),
      program_template text NOT NULL,
      state text NOT NULL CHECK (state IN ('referred','screening','eligible','ineligible','scheduled','in-treatment','follow-up','completed','withdrawn')),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX enrollment_patient ON enrollment (patient_id);
    CREATE TABLE enrollment_transition (
      id bigserial PRIMARY KEY,
      enrollment_id uuid NOT NULL REFERENCES enrollment(id),
      from_state text,
      to_state text NOT NULL,
      at timestamptz NOT NULL,
      actor_id uuid REFERENCES app_user(id),
      reason text
    );
    CREATE INDEX enrollment_transition_enrollment ON enrollment_transition (enrollment_id, id);

    CREATE TABLE screening_input (
      enrollment_id uuid PRIMARY KEY REFERENCES enrollment(id),
      data jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by uuid REFERENCES app_user(id)
    );
    CREATE TABLE screening_assessment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigserial UNIQUE,
      enrollment_id uuid NOT NULL REFERENCES enrollment(id),
      computed_at timestamptz NOT NULL,
      as_of date NOT NULL,
      facts jsonb NOT NULL,
      result jsonb NOT NULL,
      decision text NOT NULL,
      protocol_version integer NOT NULL,
      computed_by uuid REFERENCES app_user(id)
    );
    CREATE INDEX screening_assessment_enrollment ON screening_assessment (enrollment_id, seq);
    CREATE TABLE screening_override (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assessment_id uuid NOT NULL REFERENCES screening_assessment(id),
      check_id text NOT NULL,
      reason text NOT NULL,
      by_user uuid NOT NULL REFERENCES app_user(id),
      at timestamptz NOT NULL,
      UNIQUE (assessment_id, check_id)
    );
    CREATE TABLE screening_decision (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      enrollment_id uuid NOT NULL REFERENCES enrollment(id),
      assessment_id uuid NOT NULL REFERENCES screening_assessment(id),
      outcome text NOT NULL CHECK (outcome IN ('eligible','ineligible')),
      reason text,
      by_user uuid NOT NULL REFERENCES app_user(id),
      at timestamptz NOT NULL
    );

    CREATE TABLE consent_document (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      version integer NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      hash text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES app_user(id),
      UNIQUE (site_id, version)
    );
    CREATE TABLE consent_signature (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      enrollment_id uuid NOT NULL REFERENCES enrollment(id),
      document_id uuid NOT NULL REFERENCES consent_document(id),
      document_hash text NOT NULL,
      typed_name text NOT NULL,
      signed_at timestamptz NOT NULL,
      client_address text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('tablet','portal')),
      staff_user uuid REFERENCES app_user(id)
    );
    CREATE INDEX consent_signature_enrollment ON consent_signature (enrollment_id);

    CREATE TABLE portal_access (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      patient_id uuid NOT NULL REFERENCES patient(id),
      token_hash text NOT NULL UNIQUE,
      code_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES app_user(id),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE TABLE portal_session (
      token_hash text PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patient(id),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
  `.execute(db);
}
