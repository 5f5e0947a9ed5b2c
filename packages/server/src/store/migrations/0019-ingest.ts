import { sql, type Kysely } from 'kysely';

/**
 * Fast ingest (issue 21): every batch of readings classifies against the session's last pre-dose
 * reading with a blood pressure (its baseline). Without this index that lookup walked the
 * session's readings from the newest back to the pre-dose phase: 30,000 rows filtered in a long
 * session, so each post slowed as the session filled. The partial index holds only pre-dose
 * readings with a systolic value: a handful per session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX vital_reading_pre_dose_baseline ON vital_reading (session_id, measured_at DESC)
      WHERE phase = 'pre-dose' AND systolic IS NOT NULL;
  `.execute(db);
}
