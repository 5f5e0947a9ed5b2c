/**
 * Enrollments in a state at a site, with the patient's name (only patients the actor may see): the
 * intake work lists.
 *
 * @module
 */
import type { EnrollmentSearchItem, EnrollmentSearchQuery } from '@kairos/api';
import { assertSiteInScope, listSiteOf } from '../access/site-scope.js';
import { audit } from '../audit.js';
import { isSiteWide } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

/** Enrollments in a state at the actor's site, with the patient's name (only patients the actor may see). */
export async function findEnrollments(
  db: Db,
  actor: Actor,
  input: EnrollmentSearchQuery,
  meta: RequestMeta,
): Promise<EnrollmentSearchItem[]> {
  return transact(db, async (tx) => {
    if (input.siteId !== undefined) assertSiteInScope(actor, input.siteId, meta, 'enrollment.search');
    let q = tx
      .selectFrom('enrollment as e')
      .innerJoin('patient as p', 'p.id', 'e.patient_id')
      .select(['e.id', 'e.state', 'e.program_template', 'e.site_id', 'p.id as patient_id', 'p.given_name', 'p.family_name', 'p.mrn']);
    q = q.where('e.site_id', '=', listSiteOf(actor));
    if (input.state !== undefined) q = q.where('e.state', '=', input.state);
    if (!isSiteWide(actor)) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('care_team_member as c')
            .select('c.patient_id')
            .whereRef('c.patient_id', '=', 'p.id')
            .where('c.user_id', '=', actor.userId),
        ),
      );
    }
    const rows = await q.orderBy('p.family_name').orderBy('p.given_name').limit(500).execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'enrollment.search', recordType: 'enrollment', outcome: 'allowed', details: { patientIds: rows.map((r) => r.patient_id) } },
    );
    return rows.map((r) => ({
      id: r.id,
      state: r.state,
      programTemplate: r.program_template,
      siteId: r.site_id,
      patient: { id: r.patient_id, name: `${r.given_name} ${r.family_name}`, mrn: r.mrn },
    }));
  });
}
