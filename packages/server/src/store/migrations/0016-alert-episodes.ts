import { sql, type Kysely } from 'kysely';

/**
 * Alerts a nurse can live with (protocol-defaults.md, "alert episode"): a vital-sign alert is one
 * episode of one parameter (`episode_key`, such as `systolic:high`) that later readings update
 * rather than repeat; `alerted_at` is when it last demanded attention (raised, worsened, escalated,
 * or reminded every 5 minutes while unacknowledged), `reminders` how often the reminder fired, and
 * `episode_ended_at` when the parameter was measured within bounds again. `closed_at`: the alert
 * closed with its session (discharged or aborted), kept in the session's record but no longer open.
 * Alerts stored before keep their one-reading episodes (no key) and are alerted at their raising.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE session_alert
      ADD COLUMN episode_key text,
      ADD COLUMN alerted_at timestamptz,
      ADD COLUMN reminders integer NOT NULL DEFAULT 0,
      ADD COLUMN episode_ended_at timestamptz,
      ADD COLUMN closed_at timestamptz;
    UPDATE session_alert SET alerted_at = raised_at;
    UPDATE session_alert a SET closed_at = d.updated_at
      FROM dosing_session d
      WHERE d.id = a.session_id AND d.state IN ('discharged', 'aborted') AND a.acknowledged_at IS NULL;
    ALTER TABLE session_alert ALTER COLUMN alerted_at SET NOT NULL;
    CREATE INDEX session_alert_open_episode ON session_alert (session_id, episode_key)
      WHERE episode_key IS NOT NULL AND episode_ended_at IS NULL AND closed_at IS NULL;
  `.execute(db);
}
