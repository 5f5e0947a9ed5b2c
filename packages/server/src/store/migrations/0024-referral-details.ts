import { sql, type Kysely } from 'kysely';

/**
 * Referral details (issue 22, Must 3): a referral is an enrollment, and its details belong to it
 * (one row an enrollment): where it came from, the referring clinician, the reason, the day it was
 * received. A referral from a clinician names the clinician (a CHECK, as the contract does).
 *
 * The documents that came with it are kept in the database (bytea), so a backup holds them and
 * nothing is written beside the data dir: PDF, PNG or JPEG only (told by their first bytes when
 * uploaded), at most 10 MB (`REFERRAL_LIMITS` of the contract), with who uploaded each and when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE referral_detail (
      enrollment_id uuid PRIMARY KEY REFERENCES enrollment(id),
      source text NULL CHECK (source IN ('self', 'clinician', 'clinic-or-program', 'insurer-or-employer', 'other')),
      clinician_name text NULL CHECK (char_length(clinician_name) BETWEEN 1 AND 200),
      clinician_organisation text NULL CHECK (char_length(clinician_organisation) BETWEEN 1 AND 200),
      clinician_phone text NULL CHECK (char_length(clinician_phone) BETWEEN 3 AND 40),
      clinician_email text NULL CHECK (char_length(clinician_email) BETWEEN 3 AND 320),
      reason text NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
      received_on date NULL,
      updated_at timestamptz NOT NULL,
      updated_by uuid NULL REFERENCES app_user(id),
      CONSTRAINT referral_detail_clinician_named CHECK (source IS DISTINCT FROM 'clinician' OR clinician_name IS NOT NULL)
    );

    CREATE TABLE referral_document (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      enrollment_id uuid NOT NULL REFERENCES enrollment(id),
      file_name text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 120),
      media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
      size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea NOT NULL,
      uploaded_by uuid NOT NULL REFERENCES app_user(id),
      uploaded_at timestamptz NOT NULL,
      CONSTRAINT referral_document_size CHECK (octet_length(content) = size_bytes)
    );
    CREATE INDEX referral_document_enrollment ON referral_document (enrollment_id, uploaded_at, id);
  `.execute(db);
}
