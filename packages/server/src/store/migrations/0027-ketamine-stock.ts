import { sql, type Kysely } from 'kysely';

/**
 * Ketamine stock (issue 23; clinical-facts.md section 9): the site's DEA registration, products,
 * storage locations, lots, and the ledger.
 *
 * The ledger (`stock_entry`) is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, and a
 * correction is a reversing entry with a reason. Entries of a site form one chain (`seq` from 1,
 * each row's `hash` an HMAC over the previous hash and the row, keyed like the audit chain), so a
 * row changed behind Kairos's back is found by `kairos ledger verify`. Each entry's effect on the
 * stock of a lot at a location is written beside it (`stock_effect`, also append-only): balances are
 * their sums, and the verification recomputes them from the entries.
 *
 * Quantities are integer micrograms of ketamine and microlitres of solution (bigint). The demo
 * loader's reset of the synthetic clinic is the one path that may delete rows, and only those of a
 * synthetic site (`kairos.demo_reset`, as in 0008).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION kairos_demo_reset_allows_site(p_site uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('kairos.demo_reset', true), '') = 'on'
        AND EXISTS (SELECT 1 FROM site s WHERE s.id = p_site AND s.synthetic)
    $$;

    CREATE TABLE site_dea_registration (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      number text NOT NULL CHECK (number ~ '^[A-Z]{2}[0-9]{7}$'),
      schedules text[] NOT NULL CHECK (cardinality(schedules) > 0),
      expires_on date NOT NULL,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX site_dea_registration_site ON site_dea_registration (site_id, recorded_at DESC);

    CREATE TABLE stock_product (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      name text NOT NULL CHECK (char_length(btrim(name)) > 0),
      strength_mg_per_ml integer NOT NULL CHECK (strength_mg_per_ml > 0),
      vial_volume_ul bigint NOT NULL CHECK (vial_volume_ul > 0),
      ndc text NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      UNIQUE (site_id, ndc)
    );

    CREATE TABLE stock_location (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      name text NOT NULL CHECK (char_length(btrim(name)) > 0),
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      UNIQUE (site_id, name)
    );

    CREATE TABLE stock_lot (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      product_id uuid NOT NULL REFERENCES stock_product(id),
      lot_number text NOT NULL CHECK (char_length(btrim(lot_number)) > 0),
      expires_on date NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (product_id, lot_number)
    );
    CREATE INDEX stock_lot_site ON stock_lot (site_id, expires_on);

    CREATE TABLE stock_entry (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      seq bigint NOT NULL CHECK (seq > 0),
      kind text NOT NULL CHECK (kind IN ('receipt', 'draw', 'administration', 'draw-waste', 'remnant-waste', 'transfer',
        'return', 'destruction', 'loss', 'expiry', 'count-adjustment', 'reversal')),
      lot_id uuid NOT NULL REFERENCES stock_lot(id),
      location_id uuid NOT NULL REFERENCES stock_location(id),
      to_location_id uuid REFERENCES stock_location(id),
      quantity_ug bigint NOT NULL,
      quantity_ul bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      witnesses uuid[] NOT NULL DEFAULT '{}',
      session_id uuid REFERENCES dosing_session(id),
      dose_order_id uuid REFERENCES dose_order(id),
      draw_id uuid REFERENCES stock_entry(id),
      reverses_id uuid REFERENCES stock_entry(id),
      reason text,
      details jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (site_id, seq),
      CHECK (kind <> 'transfer' OR to_location_id IS NOT NULL),
      CHECK (kind IN ('transfer', 'reversal') OR to_location_id IS NULL),
      CHECK (kind IN ('count-adjustment', 'reversal') OR (quantity_ug >= 0 AND quantity_ul >= 0)),
      CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)),
      CHECK ((kind IN ('administration', 'draw-waste')) = (draw_id IS NOT NULL)),
      CHECK (kind <> 'draw' OR (session_id IS NOT NULL AND dose_order_id IS NOT NULL))
    );
    CREATE INDEX stock_entry_session ON stock_entry (session_id) WHERE session_id IS NOT NULL;
    CREATE INDEX stock_entry_draw ON stock_entry (draw_id) WHERE draw_id IS NOT NULL;
    CREATE UNIQUE INDEX stock_entry_reversed_once ON stock_entry (reverses_id) WHERE reverses_id IS NOT NULL;
    CREATE INDEX stock_entry_site_time ON stock_entry (site_id, occurred_at);

    CREATE TABLE stock_effect (
      entry_id uuid NOT NULL REFERENCES stock_entry(id),
      site_id uuid NOT NULL REFERENCES site(id),
      lot_id uuid NOT NULL REFERENCES stock_lot(id),
      location_id uuid NOT NULL REFERENCES stock_location(id),
      delta_ug bigint NOT NULL,
      delta_ul bigint NOT NULL,
      PRIMARY KEY (entry_id, location_id)
    );
    CREATE INDEX stock_effect_lot_location ON stock_effect (lot_id, location_id);
    CREATE INDEX stock_effect_site ON stock_effect (site_id);

    CREATE FUNCTION kairos_stock_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND kairos_demo_reset_allows_site(OLD.site_id) THEN RETURN OLD; END IF;
      RAISE EXCEPTION '%: the ketamine stock ledger is append-only; a correction is a reversing entry', TG_TABLE_NAME;
    END $$;
    CREATE FUNCTION kairos_stock_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '%: the ketamine stock ledger is append-only; a correction is a reversing entry', TG_TABLE_NAME;
    END $$;
    CREATE TRIGGER stock_entry_append_only BEFORE UPDATE OR DELETE ON stock_entry
      FOR EACH ROW EXECUTE FUNCTION kairos_stock_is_append_only();
    CREATE TRIGGER stock_entry_no_truncate BEFORE TRUNCATE ON stock_entry
      FOR EACH STATEMENT EXECUTE FUNCTION kairos_stock_no_truncate();
    CREATE TRIGGER stock_effect_append_only BEFORE UPDATE OR DELETE ON stock_effect
      FOR EACH ROW EXECUTE FUNCTION kairos_stock_is_append_only();
    CREATE TRIGGER stock_effect_no_truncate BEFORE TRUNCATE ON stock_effect
      FOR EACH STATEMENT EXECUTE FUNCTION kairos_stock_no_truncate();
  `.execute(db);
}
