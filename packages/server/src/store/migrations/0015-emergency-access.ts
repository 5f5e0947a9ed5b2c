import { sql, type Kysely } from 'kysely';

/**
 * Emergency access ("break the glass", design.md "Who uses it"; HIPAA 164.312(a)(2)(ii)): a
 * clinician of the patient's site, outside the care team and not booked with the patient that
 * day, opens the record for a stated reason, for a fixed time (`expires_at`, set by the use case
 * from `EMERGENCY_ACCESS_HOURS`), and the site's medical director reviews it with a note.
 *
 * A row is a record of what happened: nothing in it changes but its review, given once (a
 * trigger). Only the demo loader's reset of the synthetic clinic may delete rows, and only those
 * of its synthetic patients (`kairos_demo_reset_allows`, 0008).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE emergency_access (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      patient_id uuid NOT NULL REFERENCES patient(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      reason text NOT NULL CHECK (char_length(btrim(reason)) > 0),
      opened_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL CHECK (expires_at > opened_at),
      reviewed_by uuid REFERENCES app_user(id),
      reviewed_at timestamptz,
      review_note text,
      CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL) AND (reviewed_at IS NULL) = (review_note IS NULL))
    );
    CREATE INDEX emergency_access_user_patient ON emergency_access (user_id, patient_id, expires_at);
    CREATE INDEX emergency_access_patient ON emergency_access (patient_id, opened_at);
    CREATE INDEX emergency_access_site_review ON emergency_access (site_id, reviewed_at, opened_at);

    CREATE FUNCTION kairos_emergency_access_is_a_record() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF kairos_demo_reset_allows(OLD.patient_id) THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'emergency_access %: a record of access is never deleted', OLD.id;
      END IF;
      IF OLD.reviewed_at IS NOT NULL
        OR NEW.id <> OLD.id OR NEW.site_id <> OLD.site_id OR NEW.patient_id <> OLD.patient_id
        OR NEW.user_id <> OLD.user_id OR NEW.reason <> OLD.reason
        OR NEW.opened_at <> OLD.opened_at OR NEW.expires_at <> OLD.expires_at THEN
        RAISE EXCEPTION 'emergency_access %: only its review may be added, once', OLD.id;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER emergency_access_record BEFORE UPDATE OR DELETE ON emergency_access
      FOR EACH ROW EXECUTE FUNCTION kairos_emergency_access_is_a_record();
  `.execute(db);
}
