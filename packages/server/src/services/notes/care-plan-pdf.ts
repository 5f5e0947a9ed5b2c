/**
 * Use case: a member of the care team prints a signed continuing care plan as a PDF, for the
 * patient or for the referring clinician.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { carePlanFacts, pdfName } from './internal/care-plan-facts.js';
import { auditNote } from './internal/note-audit.js';
import { CARE_PLAN, loadNoteFor, type NoteRow } from './internal/note-rows.js';
import { renderPdf } from '../../workers/worker-pool.js';
import type { CarePlanAudience } from './render-care-plan-pdf.js';

function assertPrintable(row: NoteRow): void {
  if (row.template !== CARE_PLAN)
    throw new AppError('CONFLICT', 'Only a continuing care plan is printed as a PDF.', { template: row.template });
  if (row.state !== 'signed')
    throw new AppError('CONFLICT', 'Sign the care plan first: only a signed plan is printed.', { state: row.state });
}

/** The care plan PDF for the patient or the referring clinician (signed care plans only), rendered off the event loop. */
export async function carePlanPdf(
  db: Db,
  actor: Actor,
  noteId: string,
  audience: CarePlanAudience,
  meta: RequestMeta,
): Promise<{ pdf: Buffer; filename: string }> {
  const facts = await transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.export');
    assertPrintable(row);
    await auditNote(tx, actor, meta, 'note.export', { id: row.id, patientId: row.patient_id }, { audience, format: 'pdf' });
    return carePlanFacts(tx, row, meta);
  });
  return { pdf: await renderPdf({ kind: 'care-plan', facts, audience }), filename: pdfName(audience, facts.patient.mrn) };
}
