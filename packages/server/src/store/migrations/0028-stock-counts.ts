import { sql, type Kysely } from 'kysely';

/**
 * Counts of ketamine stock (issue 23, Must 6; clinical-facts.md section 9: an initial inventory on
 * the first day, a new full inventory at least every two years). A count is taken at the opening or
 * the close of business; each counted lot at a location keeps the ledger's balance at the count
 * beside the counted volume, so a difference is fixed when it is found. A difference is resolved
 * once, with a reason, by a prescriber or the medical director, through a count-adjustment entry of
 * the ledger. All three tables are records: append-only but for the demo reset of a synthetic site.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE stock_count (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      kind text NOT NULL CHECK (kind IN ('initial', 'biennial', 'ad-hoc')),
      timing text NOT NULL CHECK (timing IN ('opening', 'close')),
      taken_on date NOT NULL,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX stock_count_site ON stock_count (site_id, recorded_at DESC);

    CREATE TABLE stock_count_line (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      count_id uuid NOT NULL REFERENCES stock_count(id),
      site_id uuid NOT NULL REFERENCES site(id),
      lot_id uuid NOT NULL REFERENCES stock_lot(id),
      location_id uuid NOT NULL REFERENCES stock_location(id),
      counted_ug bigint NOT NULL CHECK (counted_ug >= 0),
      counted_ul bigint NOT NULL CHECK (counted_ul >= 0),
      ledger_ug bigint NOT NULL,
      ledger_ul bigint NOT NULL,
      UNIQUE (count_id, lot_id, location_id)
    );

    CREATE TABLE stock_count_resolution (
      line_id uuid PRIMARY KEY REFERENCES stock_count_line(id),
      site_id uuid NOT NULL REFERENCES site(id),
      entry_id uuid NOT NULL REFERENCES stock_entry(id),
      reason text NOT NULL CHECK (char_length(btrim(reason)) > 0),
      resolved_by uuid NOT NULL REFERENCES app_user(id),
      resolved_at timestamptz NOT NULL
    );

    CREATE TRIGGER stock_count_append_only BEFORE UPDATE OR DELETE ON stock_count
      FOR EACH ROW EXECUTE FUNCTION kairos_stock_is_append_only();
    CREATE TRIGGER stock_count_no_truncate BEFORE TRUNCATE ON stock_count
      FOR EACH STATEMENT EXECUTE FUNCTION kairos_stock_no_truncate();
    CREATE TRIGGER stock_count_line_append_only BEFORE UPDATE OR DELETE ON stock_count_line
      FOR EACH ROW EXECUTE FUNCTION kairos_stock_is_append_only();
    CREATE TRIGGER stock_count_line_no_truncate BEFORE TRUNCATE ON stock_count_line
      FOR EACH STATEMENT EXECUTE FUNCTION kairos_stock_no_truncate();
    CREATE TRIGGER stock_count_resolution_append_only BEFORE UPDATE OR DELETE ON stock_count_resolution
      FOR EACH ROW EXECUTE FUNCTION kairos_stock_is_append_only();
    CREATE TRIGGER stock_count_resolution_no_truncate BEFORE TRUNCATE ON stock_count_resolution
      FOR EACH STATEMENT EXECUTE FUNCTION kairos_stock_no_truncate();
  `.execute(db);
}
