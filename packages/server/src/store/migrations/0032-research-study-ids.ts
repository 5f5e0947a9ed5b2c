import { sql, type Kysely } from 'kysely';

/**
 * The de-identified research export (issue 24, Must 4): one study id per patient, random (drawn
 * with Node's crypto, never derived from the patient's id, MRN, name or dates), assigned the first
 * time the patient is in an export and kept, so that a research partner can link two exports of
 * the same site. This table is the only link from a study id back to a patient (HIPAA
 * 164.514(c)): it is never exported and serves nothing else. A study id never changes (a trigger);
 * it goes with its patient (the demo's reset removes synthetic patients).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE research_study_id (
      patient_id uuid PRIMARY KEY REFERENCES patient(id) ON DELETE CASCADE,
      study_id text NOT NULL UNIQUE CHECK (study_id ~ '^[0-9A-Z]{8,32}$'),
      created_at timestamptz NOT NULL
    );

    CREATE FUNCTION kairos_research_study_id_is_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'research_study_id of patient %: a study id is never changed', OLD.patient_id;
    END $$;
    CREATE TRIGGER research_study_id_kept BEFORE UPDATE ON research_study_id
      FOR EACH ROW EXECUTE FUNCTION kairos_research_study_id_is_kept();
  `.execute(db);
}
