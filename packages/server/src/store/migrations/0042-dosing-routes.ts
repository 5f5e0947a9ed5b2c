import { sql, type Kysely } from 'kysely';

/**
 * Dosing routes (issue 29): a session gives ketamine by IV infusion (as before), intramuscular
 * injection or oral/sublingual forms. The route is the dose order's, set on the session when the
 * dose is ordered (IV until then). Without an infusion a session is never infusing or paused: giving
 * the dose is one instant (`infusion_started_at` and `infusion_ended_at` both its time) after which
 * the patient is observed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE dosing_session ADD COLUMN route text NOT NULL DEFAULT 'IV' CHECK (route IN ('IV', 'IM', 'SL'));
    ALTER TABLE dosing_session ADD CONSTRAINT dosing_session_route_state
      CHECK (route = 'IV' OR state NOT IN ('infusing', 'paused'));
  `.execute(db);
}
