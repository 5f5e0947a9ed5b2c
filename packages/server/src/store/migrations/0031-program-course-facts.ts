import { sql, type Kysely } from 'kysely';

/**
 * The program outcomes at scale (issue 24, Must 5): what core evaluated of each course, kept so
 * that the dashboard aggregates it in SQL instead of evaluating every course on every read.
 *
 * - `program_course_fact`: one row per enrollment evaluated (core's `evaluateProgramCourse`): the
 *   filter keys (template, cohort, start date, patient for the care-team scope), the flow facts,
 *   its value per instrument and time point (`pcl5_baseline` ... `gad7_plus_90`, the total that
 *   fulfilled that time point's task), the date after which it is lost to follow-up, a responder's
 *   survival, and the protocol version it was computed under (another version in force: recomputed).
 * - `program_course_task`: its questionnaire tasks as completeness counts them (time point,
 *   instrument, last day of the window, answered): overdue is decided at read time from the site's
 *   today.
 * - `program_session_fact`: one row per dosing session of the course whose infusion started (the
 *   highest blood-pressure level, minutes to discharge, paused, stopped early).
 * - `program_course_dirty`: enrollments whose facts are stale (appended, never upserted, so a
 *   write at the chair never waits on a dashboard read). Statement triggers on every table a
 *   course's facts are computed from add the enrollments a write touched, so no write path can
 *   forget; the dashboard's read recomputes the facts of the site's stale or missing enrollments
 *   before it aggregates, deleting their dirty rows first (a write that commits meanwhile leaves
 *   its dirty row for the next read).
 *
 * Adverse events are aggregated from their own table at read time (joined to the session facts).
 * Indexes: the facts by site and start date, the children by enrollment, adverse events by session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE program_course_fact (
      enrollment_id uuid PRIMARY KEY REFERENCES enrollment(id) ON DELETE CASCADE,
      site_id uuid NOT NULL REFERENCES site(id),
      patient_id uuid NOT NULL REFERENCES patient(id),
      protocol_version integer NOT NULL,
      protocol_signed boolean NOT NULL,
      computed_at timestamptz NOT NULL,
      template text NOT NULL,
      cohort_id uuid,
      start_date date,
      state text NOT NULL,
      screened boolean NOT NULL,
      eligible boolean NOT NULL,
      started boolean NOT NULL,
      withdrawn_reason text,
      lost_to_follow_up_after date,
      survival_days integer CHECK (survival_days >= 0),
      survival_event boolean,
      CHECK ((survival_days IS NULL) = (survival_event IS NULL)),
      pcl5_baseline integer, pcl5_end_of_course integer, pcl5_plus_7 integer, pcl5_plus_30 integer, pcl5_plus_90 integer,
      phq9_baseline integer, phq9_end_of_course integer, phq9_plus_7 integer, phq9_plus_30 integer, phq9_plus_90 integer,
      gad7_baseline integer, gad7_end_of_course integer, gad7_plus_7 integer, gad7_plus_30 integer, gad7_plus_90 integer
    );
    CREATE INDEX program_course_fact_site ON program_course_fact (site_id, start_date);
    CREATE INDEX program_course_fact_cohort ON program_course_fact (cohort_id) WHERE cohort_id IS NOT NULL;

    CREATE TABLE program_course_task (
      enrollment_id uuid NOT NULL REFERENCES program_course_fact(enrollment_id) ON DELETE CASCADE,
      time_point text NOT NULL CHECK (time_point IN ('baseline','end-of-course','plus-7','plus-30','plus-90')),
      instrument text NOT NULL CHECK (instrument IN ('pcl5','phq9','gad7')),
      due_by date NOT NULL,
      answered boolean NOT NULL
    );
    CREATE INDEX program_course_task_enrollment ON program_course_task (enrollment_id);

    CREATE TABLE program_session_fact (
      session_id uuid PRIMARY KEY REFERENCES dosing_session(id) ON DELETE CASCADE,
      enrollment_id uuid NOT NULL REFERENCES program_course_fact(enrollment_id) ON DELETE CASCADE,
      blood_pressure_level text NOT NULL CHECK (blood_pressure_level IN ('none','warn','pause','escalate')),
      discharge_minutes integer CHECK (discharge_minutes >= 0),
      paused boolean NOT NULL,
      stopped_early boolean NOT NULL
    );
    CREATE INDEX program_session_fact_enrollment ON program_session_fact (enrollment_id);

    -- No unique key, on purpose: a write's trigger only appends (duplicates are harmless), so it
    -- never waits on a dashboard read that is deleting the marks of the courses it recomputes
    -- (an INSERT ... ON CONFLICT on a key being deleted would wait for that read to commit).
    CREATE TABLE program_course_dirty (
      enrollment_id uuid NOT NULL REFERENCES enrollment(id) ON DELETE CASCADE
    );
    CREATE INDEX program_course_dirty_enrollment ON program_course_dirty (enrollment_id);

    CREATE INDEX enrollment_site ON enrollment (site_id);
    CREATE INDEX adverse_event_session ON adverse_event (session_id);
    CREATE INDEX scheduled_event_cohort ON scheduled_event (cohort_id);
  `.execute(db);

  // Statement triggers with transition tables (one per event: a transition table serves one event).
  // Each adds the enrollments the changed rows belong to; the enrollment itself may be on its way
  // out (the demo's reset deletes children first), so only existing enrollments are added.
  const mark = (name: string, select: (rows: string) => string) => {
    const fn = `kairos_program_dirty_${name}`;
    const body = (rows: string) =>
      `INSERT INTO program_course_dirty (enrollment_id) SELECT DISTINCT x.enrollment_id FROM (${select(rows)}) x JOIN enrollment e ON e.id = x.enrollment_id;`;
    return `
      CREATE FUNCTION ${fn}_new() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${body('new_rows')} RETURN NULL; END $$;
      CREATE FUNCTION ${fn}_old() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${body('old_rows')} RETURN NULL; END $$;
      CREATE FUNCTION ${fn}_both() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${body('old_rows')} ${body('new_rows')} RETURN NULL; END $$;`;
  };
  const on = (table: string, name: string, events: readonly ('INSERT' | 'UPDATE' | 'DELETE')[]) =>
    events
      .map((ev) => {
        const fn = `kairos_program_dirty_${name}_${ev === 'INSERT' ? 'new' : ev === 'DELETE' ? 'old' : 'both'}`;
        const refs = ev === 'INSERT' ? 'NEW TABLE AS new_rows' : ev === 'DELETE' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
        return `CREATE TRIGGER ${table}_program_dirty_${ev.toLowerCase()} AFTER ${ev} ON ${table}
          REFERENCING ${refs} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`;
      })
      .join('\n');
  const all = ['INSERT', 'UPDATE', 'DELETE'] as const;
  await sql
    .raw(
      [
        mark('by_enrollment', (rows) => `SELECT enrollment_id FROM ${rows}`),
        mark('by_patient', (rows) => `SELECT e2.id AS enrollment_id FROM enrollment e2 WHERE e2.patient_id IN (SELECT patient_id FROM ${rows})`),
        mark('by_session', (rows) => `SELECT s.enrollment_id FROM dosing_session s WHERE s.id IN (SELECT session_id FROM ${rows})`),
        mark('by_cohort', (rows) => `SELECT ev.enrollment_id FROM scheduled_event ev WHERE ev.cohort_id IN (SELECT id FROM ${rows})`),
        mark('by_id', (rows) => `SELECT id AS enrollment_id FROM ${rows}`),
        // A response (any instrument: the task matching reads the patient's answers) changes every course of the patient.
        on('questionnaire_response', 'by_patient', all),
        // The booked course: its events, and its cohort (rescheduled, cancelled, another template).
        on('scheduled_event', 'by_enrollment', all),
        on('cohort', 'by_cohort', ['UPDATE']),
        // The enrollment's state, its withdrawal reason, its screening decision.
        on('enrollment', 'by_id', ['UPDATE']),
        on('enrollment_transition', 'by_enrollment', all),
        on('screening_decision', 'by_enrollment', all),
        // The dosing sessions: started, discharged, paused, stopped, their blood-pressure alerts and dose orders.
        on('dosing_session', 'by_enrollment', all),
        on('session_transition', 'by_session', all),
        on('infusion_event', 'by_session', all),
        on('dose_order', 'by_session', all),
        on('session_alert', 'by_session', all),
        // The site's calendar and time zone (the schedule and the local dates), when they change.
        `CREATE FUNCTION kairos_program_dirty_by_site_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO program_course_dirty (enrollment_id)
            SELECT e.id FROM enrollment e WHERE e.site_id IN (
              SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE n.working_days IS DISTINCT FROM o.working_days OR n.closed_dates IS DISTINCT FROM o.closed_dates
                OR n.time_zone IS DISTINCT FROM o.time_zone);
          RETURN NULL;
        END $$;
        CREATE TRIGGER site_program_dirty_update AFTER UPDATE ON site
          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kairos_program_dirty_by_site_calendar();`,
      ].join('\n'),
    )
    .execute(db);
}
