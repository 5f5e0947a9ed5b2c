/**
 * Use case: the patient downloads their latest signed continuing care plan (the patient version) as
 * a PDF from the portal.
 *
 * @module
 */
import type { RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { carePlanFacts, latestSignedPlan, pdfName } from './internal/care-plan-facts.js';
import { portalAudit } from './internal/note-audit.js';
import { renderPdf } from '../../workers/worker-pool.js';

/** The patient version of the latest signed care plan, as a PDF, from the portal. */
export async function portalCarePlanPdf(db: Db, patientId: string, meta: RequestMeta): Promise<{ pdf: Buffer; filename: string }> {
  const facts = await transact(db, async (tx) => {
    const row = await latestSignedPlan(tx, patientId);
    await portalAudit(tx, patientId, row.id, meta, 'portal.care-plan.export', { audience: 'patient', format: 'pdf' });
    return carePlanFacts(tx, row, meta);
  });
  return { pdf: await renderPdf({ kind: 'care-plan', facts, audience: 'patient' }), filename: pdfName('patient', facts.patient.mrn) };
}
