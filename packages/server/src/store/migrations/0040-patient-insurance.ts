import { sql, type Kysely } from 'kysely';

/**
 * A patient's insurance as the superbill prints it (issue 27, Must 4): the insurer, the member id
 * and the group number the patient gives the clinic, one row a patient. Kairos does not bill the
 * insurer: the patient claims out of network with the superbill.
 *
 * And the charges and payments become append-only in the database, as the ketamine stock ledger
 * is (0027): a finalised line changes only by a reversing line, a payment is never edited. The
 * demo loader's reset of the synthetic clinic is the one path that may delete rows, and only those
 * of a synthetic site.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE patient_insurance (
      patient_id uuid PRIMARY KEY REFERENCES patient(id),
      insurer text NOT NULL CHECK (length(insurer) BETWEEN 1 AND 200),
      member_id text NOT NULL CHECK (length(member_id) BETWEEN 1 AND 50),
      group_number text CHECK (group_number IS NULL OR length(group_number) BETWEEN 1 AND 50),
      updated_by uuid NOT NULL REFERENCES app_user(id),
      updated_at timestamptz NOT NULL
    );
    CREATE FUNCTION kairos_billing_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND kairos_demo_reset_allows_site(OLD.site_id) THEN RETURN OLD; END IF;
      RAISE EXCEPTION '%: charges and payments are append-only; a correction is a reversing line', TG_TABLE_NAME;
    END $$;
    CREATE FUNCTION kairos_billing_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '%: charges and payments are append-only; a correction is a reversing line', TG_TABLE_NAME;
    END $$;
    CREATE TRIGGER charge_line_append_only BEFORE UPDATE OR DELETE ON charge_line
      FOR EACH ROW EXECUTE FUNCTION kairos_billing_is_append_only();
    CREATE TRIGGER charge_line_no_truncate BEFORE TRUNCATE ON charge_line
      FOR EACH STATEMENT EXECUTE FUNCTION kairos_billing_no_truncate();
    CREATE TRIGGER payment_append_only BEFORE UPDATE OR DELETE ON payment
      FOR EACH ROW EXECUTE FUNCTION kairos_billing_is_append_only();
    CREATE TRIGGER payment_no_truncate BEFORE TRUNCATE ON payment
      FOR EACH STATEMENT EXECUTE FUNCTION kairos_billing_no_truncate();
  `.execute(db);
}
