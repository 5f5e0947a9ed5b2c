/**
 * Use case: a clinician lists a patient's questionnaire responses.
 *
 * @module
 */
import type { QuestionnaireResponse } from '@kairos/api';
import { audit } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { type Actor, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { responsesOf } from './internal/responses-of.js';

/** A patient's responses, item level, for staff of the care team (audited read). */
export async function listResponses(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<QuestionnaireResponse[]> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'questionnaire.read');
    const rows = await responsesOf(tx, patientId);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'questionnaire.read',
        recordType: 'patient',
        recordId: patientId,
        patientId,
        outcome: 'allowed',
        details: { count: rows.length },
      },
    );
    return rows;
  });
}
