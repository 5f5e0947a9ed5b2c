import { sql, type Kysely } from 'kysely';

/**
 * The program dashboard in under a second at 100,000 patients (issue 24, Must 5): the stored facts
 * of migration 0031, reshaped so that a read scans each table once, with no join over every course.
 *
 * - `program_course_fact.task_summary`: the course's questionnaire tasks as completeness counts
 *   them, answered and unanswered per time point and instrument (`baseline.pcl5:1/0;...`, sorted):
 *   courses alike share one summary, so the read groups the site's courses by it (a handful of
 *   groups) instead of joining about ten task rows per course.
 * - `program_course_open_task` (replaces `program_course_task`): only the unanswered tasks, with the
 *   last day of their window; the read counts those overdue on the site's today.
 * - The open tasks and `program_session_fact` carry their course's filter keys (site, patient,
 *   template, cohort, start date), so they (and the sessions' adverse events) are filtered without
 *   joining the course facts.
 * - An index on the facts' protocol version, so the read checks "computed under the version in
 *   force" with index probes instead of reading every fact.
 * - A new enrollment is marked stale by a trigger like every other write, so the read looks for
 *   stale courses in `program_course_dirty` (small) instead of anti-joining every enrollment.
 * - Screening decisions by enrollment, for the facts' gathering of a batch of courses.
 *
 * The facts are a cache of what core computes from the records: they are emptied here and every
 * enrollment is marked stale, so the next read of each site recomputes them in the new shape.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM program_course_fact;
    DROP TABLE program_course_task;

    ALTER TABLE program_course_fact ADD COLUMN task_summary text NOT NULL DEFAULT '';
    CREATE INDEX program_course_fact_protocol ON program_course_fact (site_id, protocol_version, protocol_signed);

    CREATE TABLE program_course_open_task (
      enrollment_id uuid NOT NULL REFERENCES program_course_fact(enrollment_id) ON DELETE CASCADE,
      time_point text NOT NULL CHECK (time_point IN ('baseline','end-of-course','plus-7','plus-30','plus-90')),
      instrument text NOT NULL CHECK (instrument IN ('pcl5','phq9','gad7')),
      due_by date NOT NULL,
      site_id uuid NOT NULL REFERENCES site(id),
      patient_id uuid NOT NULL REFERENCES patient(id),
      template text NOT NULL,
      cohort_id uuid,
      start_date date
    );
    CREATE INDEX program_course_open_task_enrollment ON program_course_open_task (enrollment_id);
    CREATE INDEX program_course_open_task_site ON program_course_open_task (site_id, start_date);

    ALTER TABLE program_session_fact
      ADD COLUMN site_id uuid NOT NULL REFERENCES site(id),
      ADD COLUMN patient_id uuid NOT NULL REFERENCES patient(id),
      ADD COLUMN template text NOT NULL,
      ADD COLUMN cohort_id uuid,
      ADD COLUMN start_date date;
    CREATE INDEX program_session_fact_site ON program_session_fact (site_id, start_date);

    -- The facts' gathering reads a batch's screening decisions by enrollment.
    CREATE INDEX IF NOT EXISTS screening_decision_enrollment ON screening_decision (enrollment_id);

    CREATE TRIGGER enrollment_program_dirty_insert AFTER INSERT ON enrollment
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kairos_program_dirty_by_id_new();

    INSERT INTO program_course_dirty (enrollment_id) SELECT id FROM enrollment;
  `.execute(db);
}
