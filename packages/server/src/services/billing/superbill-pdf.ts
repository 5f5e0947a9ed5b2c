/**
 * Use case: a patient's superbill as a PDF (issue 27, Must 4) for a visit's date or a range of
 * dates: the finalised lines of those days (reversals with them), the diagnoses they are for,
 * the payments of those days. Refused: no billing identity entered yet, no finalised line in the
 * dates, a range ending before it starts (400 naming `querystring.to`). Who: `billing.manage` (the
 * route), for a patient of their site. Audited (`billing.superbill`). Rendered off the event loop.
 *
 * @module
 */
import type { Db } from '../../store/database.js';
import { renderPdf } from '../../workers/worker-pool.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import { checkSuperbillRange, SUPERBILL_ACTION, superbillFacts, superbillName } from './internal/superbill-facts.js';

export async function superbillPdf(
  db: Db,
  actor: Actor,
  patientId: string,
  range: { from?: string; to?: string },
  meta: RequestMeta,
): Promise<{ pdf: Buffer; filename: string }> {
  checkSuperbillRange(range);
  const facts = await transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, SUPERBILL_ACTION);
    return superbillFacts(tx, patientId, range, meta.now, (t, event) => audit(t, { ...meta, actor }, event));
  });
  return { pdf: await renderPdf({ kind: 'superbill', facts }), filename: superbillName(facts) };
}
