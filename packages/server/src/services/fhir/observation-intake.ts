/**
 * A monitor's FHIR Observation (issue 25, Must 2): which dosing session it belongs to, and the
 * Observation as stored. The session is the encounter's (the dosing event named), or the patient's
 * session in progress at the device's site (checked in to observing); a patient is named by id or
 * by the site's MRN. Nothing of another site is found (the device token belongs to one site).
 *
 * @module
 */
import { mrnSystemOf, readingObservationsOf, toFhirReadingObservation, type IntakeTarget } from '@kairos/core';
import type { Observation } from '@medplum/fhirtypes';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { sessionsInProgress } from '../dosing-session/sessions-in-progress.js';
import { readingRecord } from './observation-resource.js';

const unprocessable = (field: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', `${field}: ${message}`, { issues: [{ field, message }] });

/** The session a device's Observation goes to, or a 4xx naming the field that did not lead to one. */
export async function sessionOfDeviceObservation(db: Db, siteId: string, target: IntakeTarget): Promise<string> {
  if (target.encounterId !== undefined) {
    const s = await db
      .selectFrom('dosing_session')
      .select(['id', 'patient_id'])
      .where('event_id', '=', target.encounterId)
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    if (s === undefined) throw unprocessable('Observation.encounter', 'no dosing session of this site has this encounter');
    if (target.patientId !== undefined && target.patientId !== s.patient_id)
      throw unprocessable('Observation.subject', 'the patient is not the encounter’s');
    return s.id;
  }
  let patientId = target.patientId;
  if (patientId === undefined && target.mrn !== undefined) {
    if (target.mrn.system !== undefined && target.mrn.system !== mrnSystemOf(siteId))
      throw unprocessable('Observation.subject.identifier.system', `this site's medical record numbers are ${mrnSystemOf(siteId)}`);
    const p = await db
      .selectFrom('patient')
      .select('id')
      .where('site_id', '=', siteId)
      .where('mrn', '=', target.mrn.value)
      .executeTakeFirst();
    if (p === undefined) throw unprocessable('Observation.subject.identifier', 'no patient of this site has this medical record number');
    patientId = p.id;
  }
  if (patientId === undefined) throw unprocessable('Observation.subject', 'the patient or the encounter is needed');
  const sessions = await sessionsInProgress(db, siteId, patientId);
  if (sessions.length === 0) throw unprocessable('Observation.subject', 'the patient has no dosing session in progress here');
  // Two in progress at once (one left open from an earlier day): the monitor must name the encounter.
  if (sessions.length > 1)
    throw unprocessable('Observation.encounter', 'the patient has more than one session in progress: name the encounter');
  return (sessions[0] as { id: string }).id;
}

/** The Observation of the stored reading `clientId` of the session, as `GET /fhir/R4/Observation/<id>` serves it. */
export async function storedDeviceObservation(db: Db, sessionId: string, clientId: string): Promise<Observation | undefined> {
  const record = await readingRecord(db, { sessionId, clientId });
  if (record === undefined) return undefined;
  const [which] = readingObservationsOf(record);
  return which === undefined ? undefined : toFhirReadingObservation(record, which);
}
