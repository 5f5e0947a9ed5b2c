/**
 * Who a clinical task is for: the patient's care-team members in the roles it names, or, when the
 * care team has none of them, the site's active medical directors, so that a task never goes to
 * nobody.
 *
 * @module
 */
import { sql } from 'kysely';
import type { Db } from '../../../store/database.js';

/** The site's active medical directors' ids. */
export async function siteMedicalDirectors(tx: Db, siteId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('app_user')
    .select('id')
    .where('site_id', '=', siteId)
    .where('active', '=', true)
    .where(sql<boolean>`'medical-director' = ANY(roles)`)
    .execute();
  return rows.map((d) => d.id);
}

/** The patient's care-team members in `roles` (each once), else the site's medical directors. */
export async function careTeamOrDirectors(
  tx: Db,
  patient: { id: string; siteId: string },
  roles: readonly ('prescriber' | 'therapist' | 'nurse')[],
): Promise<string[]> {
  const team = await tx.selectFrom('care_team_member').select(['user_id', 'role']).where('patient_id', '=', patient.id).execute();
  const members = [...new Set(team.filter((m) => (roles as readonly string[]).includes(m.role)).map((m) => m.user_id))];
  return members.length > 0 ? members : siteMedicalDirectors(tx, patient.siteId);
}
