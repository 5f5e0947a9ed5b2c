/**
 * Reads an enrollment's screening (care-team access, audited).
 *
 * @module
 */
import type { ScreeningView } from '@kairos/api';
import { audit } from '../audit.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { screeningView } from './screening-view.js';

export async function getScreening(db: Db, actor: Actor, enrollmentId: string, meta: RequestMeta): Promise<ScreeningView> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.read');
    await audit(
      tx,
      { ...meta, actor },
      { action: 'screening.read', recordType: 'enrollment', recordId: e.id, patientId: e.patient_id, outcome: 'allowed' },
    );
    return screeningView(tx, enrollmentId);
  });
}
