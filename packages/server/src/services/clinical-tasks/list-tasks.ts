/**
 * Use case: the clinical tasks raised by risk routing, of a site or of one patient (open ones unless asked for all).
 *
 * @module
 */
import type { RiskTask } from '@kairos/api';
import { assertSiteInScope, listSiteOf } from '../access/site-scope.js';
import { audit } from '../audit.js';
import { assertPatientAccess, isSiteWide } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

/**
 * Tasks of the actor's site (open ones unless `includeDone`), or of one patient. Site-wide roles see the
 * site's; others see tasks assigned to them or about patients of their care team.
 */
export async function listTasks(
  db: Db,
  actor: Actor,
  input: { siteId?: string | undefined; patientId?: string | undefined; includeDone?: boolean | undefined },
  meta: RequestMeta,
): Promise<RiskTask[]> {
  return transact(db, async (tx) => {
    if (input.siteId !== undefined) assertSiteInScope(actor, input.siteId, meta, 'task.read');
    if (input.patientId !== undefined) await assertPatientAccess(tx, actor, input.patientId, meta, 'task.read');
    let q = tx
      .selectFrom('clinical_task as t')
      .innerJoin('patient as p', 'p.id', 't.patient_id')
      .leftJoin('app_user as c', 'c.id', 't.completed_by')
      .select([
        't.id',
        't.kind',
        't.urgency',
        't.reason',
        't.due_date',
        't.created_at',
        't.assignees',
        't.completed_at',
        't.outcome_note',
        'c.display_name as completed_name',
        'p.id as patient_id',
        'p.given_name',
        'p.family_name',
        'p.mrn',
      ])
      .orderBy('t.urgency', 'desc')
      .orderBy('t.created_at');
    if (input.patientId !== undefined) q = q.where('t.patient_id', '=', input.patientId);
    if (input.patientId === undefined) q = q.where('t.site_id', '=', listSiteOf(actor));
    if (input.includeDone !== true) q = q.where('t.completed_at', 'is', null);
    if (input.patientId === undefined && !isSiteWide(actor)) {
      q = q.where((eb) =>
        eb.or([
          eb(eb.val(actor.userId), '=', eb.fn.any('t.assignees')),
          eb.exists(
            eb
              .selectFrom('care_team_member as m')
              .select('m.user_id')
              .whereRef('m.patient_id', '=', 't.patient_id')
              .where('m.user_id', '=', actor.userId),
          ),
        ]),
      );
    }
    const rows = await q.execute();
    const userIds = [...new Set(rows.flatMap((r) => r.assignees))];
    const users =
      userIds.length === 0 ? [] : await tx.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute();
    const name = new Map(users.map((u) => [u.id, u.display_name]));
    if (rows.length > 0) {
      await audit(
        tx,
        { ...meta, actor },
        {
          action: 'task.read',
          recordType: 'clinical_task',
          patientId: input.patientId ?? null,
          outcome: 'allowed',
          details: { patientIds: [...new Set(rows.map((r) => r.patient_id))] },
        },
      );
    }
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      urgency: r.urgency,
      reason: r.reason,
      dueDate: r.due_date,
      createdAt: r.created_at.toISOString(),
      patient: { id: r.patient_id, name: `${r.given_name} ${r.family_name}`, mrn: r.mrn },
      assignees: r.assignees.map((id) => ({ userId: id, displayName: name.get(id) ?? 'unknown' })),
      completedAt: r.completed_at?.toISOString() ?? null,
      completedBy: r.completed_name,
      outcomeNote: r.outcome_note,
    }));
  });
}
