/**
 * Use case: a coordinator finalises a dosing session's charges (issue 27, Must 2): see
 * internal/finalise-lines.ts for what is refused and what is stored. The infusion is rendered by
 * the prescriber who ordered the dose. Who: `billing.manage` (the route) at the session's site.
 *
 * @module
 */
import type { PatientBilling, SessionChargesFinaliseBody } from '@kairos/api';
import type { Db } from '../../store/database.js';
import type { Actor, RequestMeta } from '../context.js';
import { loadForRead } from '../dosing-session/internal/session-guards.js';
import { transact } from '../transaction.js';
import { patientBillingOf } from './internal/charge-rows.js';
import { finaliseLines, FINALISE_ACTION } from './internal/finalise-lines.js';
import { sessionProposal } from './internal/session-proposal.js';

export function finaliseSessionCharges(
  db: Db,
  actor: Actor,
  sessionId: string,
  body: SessionChargesFinaliseBody,
  meta: RequestMeta,
): Promise<PatientBilling> {
  return transact(db, async (tx) => {
    const s = await loadForRead(tx, actor, sessionId, meta, FINALISE_ACTION);
    // One finalising at a time per session.
    await tx.selectFrom('dosing_session').select('id').where('id', '=', s.id).forUpdate().execute();
    const proposal = await sessionProposal(tx, s, meta);
    await finaliseLines(
      tx,
      actor,
      meta,
      { siteId: s.site_id, patientId: s.patient_id, sessionId: s.id, noteId: null, notOver: 'the infusion has not ended' },
      proposal,
      body,
    );
    return patientBillingOf(tx, s.patient_id);
  });
}
