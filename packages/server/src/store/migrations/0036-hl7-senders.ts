import { sql, type Kysely } from 'kysely';

/**
 * Bedside monitors over HL7 v2 (MLLP, issue 26). MLLP has no authentication, so a site lists the
 * addresses its monitors' gateways send from: a message from an address on a site's list is that
 * site's (its patients by medical record number, its sessions); a message from an unlisted address
 * is rejected. An address (or a network, in CIDR form) is on one site's list only. Removing one
 * keeps its row (revoked_at) for the audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE hl7_sender (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      address text NOT NULL CHECK (length(address) BETWEEN 2 AND 50),
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      revoked_by uuid REFERENCES app_user(id),
      revoked_at timestamptz
    );
    CREATE UNIQUE INDEX hl7_sender_active_address ON hl7_sender (address) WHERE revoked_at IS NULL;
    CREATE INDEX hl7_sender_site ON hl7_sender (site_id, created_at);
  `.execute(db);
}
