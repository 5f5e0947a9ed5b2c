import { sql, type Kysely } from 'kysely';

/**
 * The clinic tablet (issue 22, Must 2): in-clinic questionnaires (a dosing day's C-SSRS screener,
 * day 5's PCL-5 and PHQ-9) are answered on a tablet a staff member hands to the patient. That
 * portal session is a kiosk: who started it, when the patient confirmed their date of birth, how
 * many wrong dates were typed. Only the questionnaires are open to it, and it ends after them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE portal_session ADD COLUMN kiosk_started_by uuid NULL REFERENCES app_user (id)`.execute(db);
  await sql`ALTER TABLE portal_session ADD COLUMN kiosk_confirmed_at timestamptz NULL`.execute(db);
  await sql`ALTER TABLE portal_session ADD COLUMN kiosk_failures integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE portal_session ADD CONSTRAINT portal_session_kiosk_confirmed CHECK (kiosk_confirmed_at IS NULL OR kiosk_started_by IS NOT NULL)`.execute(
    db,
  );
}
