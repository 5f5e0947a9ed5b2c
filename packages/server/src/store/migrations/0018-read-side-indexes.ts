import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the read side at 500 chairs (issue 21): the board's latest full set of vital signs
 * per session (one backward probe per session, skipping readings without a blood pressure), the
 * open sessions by state (the board's sessions left open, the timed-alarm sweep), a session's pump
 * events in order, the sweep's unacknowledged alerts, and the enrollments the course sweep watches.
 * `enrollment.course_checked_at`: when the course sweep last found nothing due for an enrollment in
 * follow-up, whose next step (completed) can only come with a new site-local day or a change (the
 * enrollment, its events, a newly signed protocol), so the sweep need not read it every minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX vital_reading_latest_vitals ON vital_reading (session_id, measured_at DESC) WHERE systolic IS NOT NULL;
    CREATE INDEX dosing_session_state ON dosing_session (state, site_id);
    CREATE INDEX infusion_event_session ON infusion_event (session_id, id);
    CREATE INDEX session_alert_unacknowledged ON session_alert (session_id, raised_at) WHERE acknowledged_at IS NULL;
    ALTER TABLE enrollment ADD COLUMN course_checked_at timestamptz;
    CREATE INDEX enrollment_state ON enrollment (state);
    CREATE INDEX dosing_session_enrollment ON dosing_session (enrollment_id);
  `.execute(db);
}
