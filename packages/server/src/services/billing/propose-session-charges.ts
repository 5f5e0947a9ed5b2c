/**
 * Use case: the charges a dosing session proposes (issue 27, Must 2, for the dosing session): the
 * infusion code by the minutes infused, pauses excluded (the session's pump course, as the console
 * counts it), and J3490 for the ketamine given (the session's infusion, as the stock's waste form
 * counts it) with the NDC of the product drawn; the patient's ICD-10-CM diagnoses; each line's
 * fee from the site's fee schedule. A proposal: nothing is stored, and what could not be proposed
 * is said. Who: `billing.manage` (the route) at the session's site; reading it is audited with the
 * session.
 *
 * @module
 */
import type { SessionChargeProposal } from '@kairos/api';
import type { Db } from '../../store/database.js';
import type { Actor, RequestMeta } from '../context.js';
import { auditSession, loadForRead } from '../dosing-session/internal/session-guards.js';
import { transact } from '../transaction.js';
import { sessionProposal } from './internal/session-proposal.js';

const ACTION = 'billing.propose';

export function proposeSessionCharges(db: Db, actor: Actor, sessionId: string, meta: RequestMeta): Promise<SessionChargeProposal> {
  return transact(db, async (tx) => {
    const s = await loadForRead(tx, actor, sessionId, meta, ACTION);
    const { renderingUserId: _, ...proposal } = await sessionProposal(tx, s, meta);
    await auditSession(tx, actor, meta, ACTION, s, { codes: proposal.lines.map((l) => l.code) });
    return proposal;
  });
}
