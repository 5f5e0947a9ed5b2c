/**
 * Use case: a clinician enters a patient's questionnaire answers (on paper or read aloud).
 *
 * @module
 */
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { type Actor, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import type { ResponseInput, StoredResponse } from './internal/store-response.js';
import { storeResponse } from './internal/store-response.js';

/** Staff enter a questionnaire for a patient of their care team. */
export async function enterQuestionnaire(
  db: Db,
  actor: Actor,
  patientId: string,
  input: ResponseInput,
  meta: RequestMeta,
): Promise<StoredResponse> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'questionnaire.enter');
    return storeResponse(tx, patientId, input, actor, meta);
  });
}
