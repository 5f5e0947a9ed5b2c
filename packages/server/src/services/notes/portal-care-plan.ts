/**
 * Use case: the patient reads their latest signed continuing care plan in the portal.
 *
 * @module
 */
import { storedNoteValue } from '@kairos/core';
import type { PortalCarePlan } from '@kairos/api';
import type { RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { amendmentsOf } from './internal/amendments.js';
import { latestSignedPlan } from './internal/care-plan-facts.js';
import { portalAudit } from './internal/note-audit.js';
import { templateOf } from './internal/note-rows.js';

/** The portal's view of the signed care plan: the fields meant for the patient, and the amendments. */
export async function portalCarePlan(db: Db, patientId: string, meta: RequestMeta): Promise<PortalCarePlan> {
  return transact(db, async (tx) => {
    const row = await latestSignedPlan(tx, patientId);
    const template = templateOf(row);
    const signer =
      row.signed_by === null
        ? undefined
        : await tx.selectFrom('app_user').select('display_name').where('id', '=', row.signed_by).executeTakeFirst();
    const amendments = await amendmentsOf(tx, row.id);
    await portalAudit(tx, patientId, row.id, meta, 'portal.care-plan.read');
    return {
      id: row.id,
      title: template.title,
      signedAt: row.signed_at?.toISOString() ?? null,
      signedBy: signer?.display_name ?? null,
      fields: template.fields
        .filter((f) => f.clinicianOnly !== true)
        .map((f) => ({ id: f.id, label: f.label, kind: f.kind, value: storedNoteValue(row.content[f.id]) })),
      amendments: amendments.map((a) => ({ at: a.at, by: a.by.name, reason: a.reason, body: a.body })),
      pdf: '/api/portal/care-plan.pdf',
    };
  });
}
