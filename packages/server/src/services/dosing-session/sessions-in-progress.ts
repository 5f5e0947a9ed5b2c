/**
 * A patient's dosing sessions in progress at a site (checked in, not yet discharged or stopped):
 * where a monitor's reading goes when the monitor names the patient, not the session (FHIR
 * Observation, HL7 v2 PID-3).
 *
 * @module
 */
import type { Db } from '../../store/database.js';

/** The states from check-in to discharge, in which readings are taken. */
export const SESSION_IN_PROGRESS_STATES = ['checked-in', 'pre-dose', 'infusing', 'observing'] as const;

export async function sessionsInProgress(db: Db, siteId: string, patientId: string): Promise<{ id: string; state: string }[]> {
  return db
    .selectFrom('dosing_session')
    .select(['id', 'state'])
    .where('patient_id', '=', patientId)
    .where('site_id', '=', siteId)
    .where('state', 'in', SESSION_IN_PROGRESS_STATES)
    .execute();
}
