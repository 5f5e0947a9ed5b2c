/**
 * Use case: the patient downloads their own superbill from the portal (issue 27, Must 4), for a
 * visit's date or a range of days, as the clinic prints it (superbill-pdf.ts). Who: the patient in
 * their portal session, for their own record only (the route). Audited as the patient's read.
 *
 * @module
 */
import type { Db } from '../../store/database.js';
import { renderPdf } from '../../workers/worker-pool.js';
import { audit } from '../audit.js';
import { PATIENT, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { checkSuperbillRange, superbillFacts, superbillName } from './internal/superbill-facts.js';

export async function portalSuperbillPdf(
  db: Db,
  patientId: string,
  range: { from?: string; to?: string },
  meta: RequestMeta,
): Promise<{ pdf: Buffer; filename: string }> {
  checkSuperbillRange(range);
  const facts = await transact(db, (tx) =>
    superbillFacts(tx, patientId, range, meta.now, (t, event) =>
      audit(t, { ...meta, actor: PATIENT }, { ...event, details: { ...event.details, via: 'portal' } }),
    ),
  );
  return { pdf: await renderPdf({ kind: 'superbill', facts }), filename: superbillName(facts) };
}
