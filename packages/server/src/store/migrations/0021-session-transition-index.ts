import { sql, type Kysely } from 'kysely';

/**
 * A session's transitions by session (issue 21): every group of monitors' readings reads each
 * session's check-in time, and the console and board read a session's history. Without this index
 * each of those scanned every transition of every session the clinic ever ran.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX session_transition_session ON session_transition (session_id, to_state, at)`.execute(db);
}
