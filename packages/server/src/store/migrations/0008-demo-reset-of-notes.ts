import { sql, type Kysely } from 'kysely';

/**
 * Signed notes stay locked and amendments append-only, with one exception: the demo loader's reset
 * of the synthetic demo clinic. Reloading the demo removes its patients, and with them their notes;
 * the triggers of 0007 refused that. A DELETE is now allowed only inside a transaction that set
 * `kairos.demo_reset` (the demo loader's) and only for a patient who is synthetic or belongs to a
 * synthetic site. UPDATE of a signed note and UPDATE of an amendment are refused as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION kairos_demo_reset_allows(p_patient uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('kairos.demo_reset', true), '') = 'on'
        AND EXISTS (SELECT 1 FROM patient p JOIN site s ON s.id = p.site_id WHERE p.id = p_patient AND (p.synthetic OR s.synthetic))
    $$;

    CREATE OR REPLACE FUNCTION kairos_signed_note_is_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.state = 'signed' AND NOT kairos_demo_reset_allows(OLD.patient_id) THEN
          RAISE EXCEPTION 'clinical_note %: a signed note is locked', OLD.id;
        END IF;
        RETURN OLD;
      END IF;
      IF OLD.state = 'signed' THEN RAISE EXCEPTION 'clinical_note %: a signed note is locked', OLD.id; END IF;
      RETURN NEW;
    END $$;

    CREATE OR REPLACE FUNCTION kairos_amendments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND kairos_demo_reset_allows((SELECT n.patient_id FROM clinical_note n WHERE n.id = OLD.note_id)) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'note_amendment is append-only';
    END $$;
  `.execute(db);
}
