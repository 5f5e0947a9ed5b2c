import { sql, type Kysely } from 'kysely';

/**
 * A patient's charges and payments (issue 27, Must 2). A charge line is stored when a coordinator
 * finalises it (a proposal is never stored): its code, modifier, units, fee and amount, the NDC of
 * a drug line, the diagnoses it is for, the rule that proposed it (null when entered by hand).
 * A finalised line changes only by a reversing line (the negative amount) with a reason; a line is
 * reversed once. Payments are recorded against the patient's balance (method, date, amount).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE charge_line (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      patient_id uuid NOT NULL REFERENCES patient(id),
      session_id uuid REFERENCES dosing_session(id),
      service_date date NOT NULL,
      code text NOT NULL CHECK (code ~ '^[A-Z0-9]{5}$'),
      modifier text NOT NULL DEFAULT '' CHECK (modifier ~ '^([A-Z0-9]{2})?$'),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
      units integer NOT NULL CHECK (units BETWEEN 1 AND 9999),
      fee_cents bigint NOT NULL CHECK (fee_cents >= 0),
      amount_cents bigint NOT NULL,
      ndc text CHECK (ndc IS NULL OR ndc ~ '^N4[0-9]{11}$'),
      drug_amount numeric,
      drug_unit text CHECK (drug_unit IS NULL OR drug_unit IN ('mg', 'vial')),
      diagnoses text[] NOT NULL,
      rendering_user_id uuid REFERENCES app_user(id),
      rule text,
      reverses_id uuid UNIQUE REFERENCES charge_line(id),
      reason text,
      finalised_by uuid NOT NULL REFERENCES app_user(id),
      finalised_at timestamptz NOT NULL,
      CHECK ((reverses_id IS NULL) = (reason IS NULL)),
      CHECK ((reverses_id IS NULL) = (amount_cents >= 0))
    );
    CREATE INDEX charge_line_patient ON charge_line (patient_id, service_date);
    CREATE INDEX charge_line_session ON charge_line (session_id) WHERE session_id IS NOT NULL;
    CREATE TABLE payment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      patient_id uuid NOT NULL REFERENCES patient(id),
      method text NOT NULL CHECK (method IN ('card', 'cash', 'check', 'transfer', 'other')),
      paid_on date NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      reference text CHECK (reference IS NULL OR length(reference) <= 100),
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX payment_patient ON payment (patient_id, paid_on);
  `.execute(db);
}
