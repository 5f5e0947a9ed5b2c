import { sql, type Kysely } from 'kysely';

/**
 * Staff credentials (issue 28): each staff member's licences, DEA registrations, ACLS and BLS with
 * their expiry and, when uploaded, a scanned copy kept in the database; the site's state (a licence
 * and a DEA registration count for the state they are issued for); and the medical director's
 * overrides of a lapse, for an assignment (an event's staff) or a session's start or dose order.
 *
 * A credential is never deleted: one entered by mistake is removed with a reason and kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE site ADD COLUMN state text CHECK (state IS NULL OR state ~ '^[A-Z]{2}$');

    CREATE TABLE staff_credential (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES app_user(id),
      kind text NOT NULL CHECK (kind IN ('licence', 'dea', 'acls', 'bls')),
      licence_type text CHECK ((kind = 'licence') = (licence_type IS NOT NULL)),
      state text CHECK (state IS NULL OR state ~ '^[A-Z]{2}$'),
      number text CHECK (number IS NULL OR length(number) BETWEEN 1 AND 40),
      issued_on date,
      expires_on date NOT NULL,
      document bytea,
      document_name text,
      document_type text CHECK (document_type IS NULL OR document_type IN ('application/pdf', 'image/png', 'image/jpeg')),
      document_sha256 text,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL,
      removed_by uuid REFERENCES app_user(id),
      removed_at timestamptz,
      removed_reason text,
      CHECK (issued_on IS NULL OR issued_on <= expires_on),
      CHECK (kind NOT IN ('licence', 'dea') OR (state IS NOT NULL AND number IS NOT NULL)),
      CHECK ((document IS NULL) = (document_name IS NULL) AND (document IS NULL) = (document_type IS NULL)),
      CHECK ((removed_at IS NULL) = (removed_by IS NULL) AND (removed_at IS NULL) = (removed_reason IS NULL))
    );
    CREATE INDEX staff_credential_user ON staff_credential (user_id) WHERE removed_at IS NULL;

    CREATE TABLE credential_override (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      duty text NOT NULL CHECK (duty IN ('iv-runner', 'orderer', 'therapist')),
      event_id uuid REFERENCES scheduled_event(id),
      session_id uuid REFERENCES dosing_session(id),
      on_date date NOT NULL,
      lapses jsonb NOT NULL,
      rule text NOT NULL,
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
      decided_by uuid NOT NULL REFERENCES app_user(id),
      decided_at timestamptz NOT NULL,
      CHECK (event_id IS NOT NULL OR session_id IS NOT NULL)
    );
    CREATE INDEX credential_override_session ON credential_override (session_id) WHERE session_id IS NOT NULL;
    CREATE INDEX credential_override_event ON credential_override (event_id) WHERE event_id IS NOT NULL;
  `.execute(db);
}
