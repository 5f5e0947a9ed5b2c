/**
 * Use case: the measurement tasks of a site's patients, for the clinic's follow-up.
 *
 * @module
 */
import type { SiteMeasurementTasks } from '@kairos/api';
import { notFound } from '../../errors.js';
import { assertSiteInScope } from '../access/site-scope.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { isSiteWide } from '../patients/assert-patient-access.js';
import type { Db } from '../../store/database.js';
import { transact } from '../transaction.js';
import { patientMeasurementTasks } from './internal/measurement-tasks.js';

/**
 * The Today board's questionnaires: every task due or overdue today (or done today) of the site's
 * patients in a booked course, those of the actor's care teams unless the actor works site-wide;
 * only the actor's own site. Audited when it shows anyone.
 */
export async function listSiteMeasurementTasks(db: Db, actor: Actor, siteId: string, meta: RequestMeta): Promise<SiteMeasurementTasks> {
  return transact(db, async (tx) => {
    assertSiteInScope(actor, siteId, meta, 'measurement-tasks.board');
    if ((await tx.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst()) === undefined)
      throw notFound('site', siteId);
    let q = tx
      .selectFrom('patient as p')
      .select(['p.id', 'p.given_name', 'p.family_name', 'p.mrn'])
      .where('p.site_id', '=', siteId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('enrollment as e')
            .select('e.id')
            .whereRef('e.patient_id', '=', 'p.id')
            .where('e.state', 'in', ['scheduled', 'in-treatment', 'follow-up']),
        ),
      );
    if (!isSiteWide(actor))
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('care_team_member as m')
            .select('m.user_id')
            .whereRef('m.patient_id', '=', 'p.id')
            .where('m.user_id', '=', actor.userId),
        ),
      );
    const patients = await q.orderBy('p.family_name').execute();
    const items: SiteMeasurementTasks['items'] = [];
    let today = '';
    for (const p of patients) {
      const r = await patientMeasurementTasks(tx, p.id, meta.now);
      today = r.today;
      const open = r.tasks.filter((t) => t.state === 'due' || t.state === 'overdue' || (t.state === 'done' && t.date === r.today));
      if (open.length > 0)
        items.push({
          patient: { id: p.id, name: `${p.given_name} ${p.family_name}`, mrn: p.mrn },
          tasks: open.map((t) => ({
            key: t.key,
            enrollmentId: t.enrollmentId,
            instrument: t.instrument,
            date: t.date,
            dueBy: t.dueBy,
            state: t.state,
          })),
        });
    }
    if (items.length > 0)
      await audit(
        tx,
        { ...meta, actor },
        {
          action: 'measurement-tasks.board',
          recordType: 'site',
          recordId: siteId,
          outcome: 'allowed',
          details: { patientIds: items.map((i) => i.patient.id) },
        },
      );
    return { today, items };
  });
}
