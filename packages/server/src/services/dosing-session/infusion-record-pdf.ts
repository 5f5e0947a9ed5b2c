/**
 * Use case: a member of the care team (or a site-wide role at the session's site) prints a dosing
 * session's infusion record as a PDF. Reading it is reading patient data: audited
 * (`session.record.export`), and a refusal is audited by the access check. The PDF is rendered off
 * the event loop, in the PDF worker pool.
 *
 * @module
 */
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { renderPdf } from '../../workers/worker-pool.js';
import { infusionRecordFacts, infusionRecordPdfName } from './internal/infusion-record-facts.js';
import { auditSession, loadForRead } from './internal/session-guards.js';

/** The infusion record of session `sessionId` as a PDF, with its file name. */
export async function infusionRecordPdf(
  db: Db,
  actor: Actor,
  sessionId: string,
  meta: RequestMeta,
): Promise<{ pdf: Buffer; filename: string }> {
  const facts = await transact(db, async (tx) => {
    const s = await loadForRead(tx, actor, sessionId, meta, 'session.record.export');
    await auditSession(tx, actor, meta, 'session.record.export', s, { format: 'pdf' });
    return infusionRecordFacts(tx, s, meta);
  });
  return { pdf: await renderPdf({ kind: 'infusion-record', facts }), filename: infusionRecordPdfName(facts) };
}
