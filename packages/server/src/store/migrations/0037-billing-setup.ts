import { sql, type Kysely } from 'kysely';

/**
 * Billing's setup (issue 27): the clinic's billing identity per site (legal name, address, tax id,
 * type 2 NPI, place of service), each clinician's type 1 NPI and licence (on their account), and
 * the site's fee schedule (a service a row: its code, modifier, description and fee; a fee not yet
 * set is null, and a charge with no fee cannot be finalised). The checks here are the last line:
 * the services check the NPI's check digit and name the field.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE site_billing (
      site_id uuid PRIMARY KEY REFERENCES site(id),
      legal_name text NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 200),
      address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
      tax_id text NOT NULL CHECK (tax_id ~ '^[0-9]{2}-[0-9]{7}$'),
      npi text NOT NULL CHECK (npi ~ '^[0-9]{10}$'),
      place_of_service text NOT NULL CHECK (place_of_service ~ '^[0-9]{2}$'),
      updated_by uuid REFERENCES app_user(id),
      updated_at timestamptz NOT NULL
    );
    ALTER TABLE app_user ADD COLUMN npi text CHECK (npi IS NULL OR npi ~ '^[0-9]{10}$');
    ALTER TABLE app_user ADD COLUMN licence text CHECK (licence IS NULL OR length(licence) BETWEEN 2 AND 100);
    CREATE TABLE fee_schedule_item (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      code text NOT NULL CHECK (code ~ '^[A-Z0-9]{5}$'),
      modifier text NOT NULL DEFAULT '' CHECK (modifier ~ '^([A-Z0-9]{2})?$'),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
      fee_cents bigint CHECK (fee_cents IS NULL OR fee_cents BETWEEN 0 AND 100000000),
      active boolean NOT NULL DEFAULT true,
      updated_by uuid REFERENCES app_user(id),
      updated_at timestamptz NOT NULL,
      UNIQUE (site_id, code, modifier)
    );
  `.execute(db);
}
