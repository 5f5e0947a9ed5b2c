/**
 * Re-runs the screening of every active enrollment of a patient when a fact changes (a condition, a
 * medication, an allergy, vital signs, the form, consent), holding cleared ones that got worse.
 *
 * @module
 */
import type { RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { holdIfWorse } from './hold-if-worse.js';
import { recomputeScreening } from './run-screening.js';
import { ACTIVE_STATES, CLEARED_STATES, type Causer } from './screening-internal.js';

/**
 * Re-runs the screening of every active enrollment of the patient (a fact changed: a condition,
 * a medication, an allergy, vital signs, the form, consent): in screening it informs the decision;
 * after the decision a worse result holds the enrollment for review ({@link holdIfWorse}). The
 * earlier assessments stay.
 */
export async function recomputeOpenScreenings(tx: Db, patientId: string, actor: Causer, meta: RequestMeta): Promise<void> {
  const active = await tx
    .selectFrom('enrollment')
    .select(['id', 'patient_id', 'site_id', 'state'])
    .where('patient_id', '=', patientId)
    .where('state', 'in', ACTIVE_STATES)
    .execute();
  for (const e of active) {
    const assessment = await recomputeScreening(tx, e, actor, meta);
    if (CLEARED_STATES.includes(e.state)) await holdIfWorse(tx, e, assessment, actor, meta);
  }
}
