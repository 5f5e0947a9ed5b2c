import { sql, type Kysely } from 'kysely';

/**
 * FHIR Bulk Data `$export` (issue 25, Must 3). One row per export asked for: who asked (the files
 * are served to them only), at which level (system, every patient, or a cohort's Group), the
 * types and `_since`, its state, and when its files go (a site setting, 24 hours by default). The
 * NDJSON is kept in parts of at most a thousand resources, written a page of patients at a time
 * and served part by part, so that neither writing nor serving holds a whole export in memory.
 * The parts are removed when the export expires or is cancelled; the export's row stays, with the
 * patients whose data its files held, for the audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE fhir_export (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      requested_by uuid NOT NULL REFERENCES app_user(id),
      level text NOT NULL CHECK (level IN ('system', 'patient', 'group')),
      group_id uuid REFERENCES cohort(id),
      types text[] NOT NULL,
      since timestamptz,
      request_url text NOT NULL CHECK (length(request_url) <= 4096),
      state text NOT NULL CHECK (state IN ('in-progress', 'complete', 'failed', 'cancelled', 'expired')),
      progress text,
      error text,
      transaction_time timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      completed_at timestamptz,
      expires_at timestamptz,
      patient_ids uuid[] NOT NULL DEFAULT '{}',
      CHECK ((level = 'group') = (group_id IS NOT NULL))
    );
    CREATE INDEX fhir_export_requester ON fhir_export (requested_by, created_at);
    CREATE INDEX fhir_export_expiry ON fhir_export (expires_at) WHERE state = 'complete';

    CREATE TABLE fhir_export_part (
      export_id uuid NOT NULL REFERENCES fhir_export(id) ON DELETE CASCADE,
      resource_type text NOT NULL,
      part integer NOT NULL CHECK (part >= 0),
      resources integer NOT NULL CHECK (resources > 0),
      ndjson text NOT NULL,
      PRIMARY KEY (export_id, resource_type, part)
    );
  `.execute(db);
}
