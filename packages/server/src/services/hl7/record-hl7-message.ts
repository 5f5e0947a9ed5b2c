/**
 * Use case: a monitor's HL7 v2 ORU^R01 arrives over MLLP from a listed sender (issue 26, Must 1).
 * Who: the sender's site (its address is on the site's list; `findHl7Sender`), posting as a device.
 * The message's readings (core's `readingsOfOru`) go to the patient's dosing session in progress at
 * that site, found by the medical record number in PID-3, through the app's one intake of monitors'
 * readings: the same per-sender rate limit, group commit, plausibility checks, classification,
 * alarms and audit as the JSON device route. The answer is the ACK's code and its ERR notices:
 * - AA: every reading it carries is stored (after the commit), notices being warnings at most;
 * - AE: something was not recorded, each named (an observation refused, an unknown patient, no
 *   session in progress, too many readings, the database unavailable: the monitor may resend, and
 *   a reading stored before is not stored twice).
 * A refusal before the intake (unknown patient, no session) is audited here; the intake audits its own.
 *
 * @module
 */
import { HL7_ERROR_CODES, readingsOfOru, type Hl7AckCode, type Hl7Notice, type OruMessage, type OruReading } from '@kairos/core';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import { DEVICE, type RequestMeta } from '../context.js';
import type { ReadingRateLimiter } from '../dosing-session/reading-rate.js';
import type { ReadingsIngest } from '../dosing-session/readings-ingest.js';
import { sessionsInProgress } from '../dosing-session/sessions-in-progress.js';

export interface Hl7SenderFound {
  id: string;
  siteId: string;
  name: string;
  timeZone: string;
}

export interface Hl7Intake {
  ingest: ReadingsIngest;
  readingRate: ReadingRateLimiter;
}

export interface Hl7Outcome {
  code: Hl7AckCode;
  notices: Hl7Notice[];
  /** Readings stored by this message (0 when all were stored before). */
  stored: number;
}

const PID3 = { segment: 'PID', sequence: 1, field: 3 };

const numberIn = (v: unknown, fallback = 0): string => String(typeof v === 'number' ? v : fallback);

/** The OBX a refused reading field came from, read from the intake's field name (`body.readings.<i>.<field>`). */
function locationOf(field: string, readings: readonly OruReading[]): Hl7Notice['location'] {
  const m = /^body\.readings\.(\d+)(?:\.(\w+))?/.exec(field);
  const reading = m === null ? undefined : readings[Number(m[1])];
  if (reading === undefined) return { segment: 'OBX', sequence: 1 };
  const from = reading.from as Record<string, number | undefined>;
  const own = m?.[2] === undefined ? undefined : from[m[2]];
  if (own !== undefined) return { segment: 'OBX', sequence: own, field: 5 };
  // The reading as a whole, or its time: the first of its observations.
  const first = Math.min(...Object.values(from).filter((v): v is number => v !== undefined));
  return { segment: 'OBX', sequence: Number.isFinite(first) ? first : 1, field: m?.[2] === 'measuredAt' ? 14 : undefined };
}

/** The words of a reading's fields in a notice. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  systolic: 'systolic pressure',
  diastolic: 'diastolic pressure',
  heartRate: 'heart rate',
  spo2: 'oxygen saturation',
  respiratoryRate: 'respiratory rate',
  temperature: 'temperature',
  measuredAt: 'the time of observation',
};

/** A refusal of the intake (which judges a reading whole) as a notice naming the OBX and the reading's other observations. */
function noticeOfIssue(i: { field: string; message: string }, readings: readonly OruReading[]): Hl7Notice {
  const loc = locationOf(i.field, readings);
  const m = /^body\.readings\.(\d+)(?:\.(\w+))?/.exec(i.field);
  const reading = m === null ? undefined : readings[Number(m[1])];
  const all = reading === undefined ? [] : Object.values(reading.from as Record<string, number>).sort((a, b) => a - b);
  const what = m?.[2] === undefined ? 'the reading' : (FIELD_WORDS[m[2]] ?? m[2]);
  return {
    location: loc,
    error: HL7_ERROR_CODES.tableValue,
    severity: 'E',
    message: `OBX ${String(loc.sequence)}: ${what} ${i.message}; the reading of OBX ${all.length > 0 ? all.join(', ') : String(loc.sequence)} was not recorded`,
  };
}

/** Records the readings of `message` from `sender` (see the module's text); never throws for what the message holds. */
export async function recordHl7Message(
  db: Db,
  intake: Hl7Intake,
  sender: Hl7SenderFound,
  message: OruMessage,
  meta: RequestMeta,
): Promise<Hl7Outcome> {
  const read = readingsOfOru(message, sender.timeZone);
  if (!read.ok) return { code: 'AE', notices: read.notices, stored: 0 };
  const notices = [...read.notices];
  const failed = (): Hl7AckCode => (notices.some((n) => n.severity === 'E') ? 'AE' : 'AA');
  const device = { id: sender.id, siteId: sender.siteId, name: `HL7 ${sender.name}` };
  const refuse = async (reason: string, notice: Hl7Notice, patientId?: string): Promise<Hl7Outcome> => {
    await audit(
      db,
      { ...meta, actor: DEVICE },
      {
        action: 'device',
        recordType: 'hl7_message',
        recordId: message.controlId.slice(0, 100),
        ...(patientId === undefined ? {} : { patientId }),
        outcome: 'denied',
        details: { channel: 'hl7-mllp', sender: { id: sender.id, name: sender.name }, reason, readings: read.readings.length },
      },
    );
    return { code: 'AE', notices: [...notices, notice], stored: 0 };
  };
  const patient = await db
    .selectFrom('patient')
    .select('id')
    .where('site_id', '=', sender.siteId)
    .where('mrn', '=', read.mrn)
    .executeTakeFirst();
  if (patient === undefined)
    return refuse('unknown medical record number', {
      location: PID3,
      error: HL7_ERROR_CODES.unknownKey,
      severity: 'E',
      message: 'PID-3: no patient of this site has this medical record number; nothing recorded',
    });
  // Nothing to record (only unknown codes, or every observation refused above): no session needed.
  if (read.readings.length === 0) return { code: failed(), notices, stored: 0 };
  const sessions = await sessionsInProgress(db, sender.siteId, patient.id);
  if (sessions.length !== 1)
    return refuse(
      sessions.length === 0 ? 'no session in progress' : 'several sessions in progress',
      {
        location: PID3,
        error: HL7_ERROR_CODES.unknownKey,
        severity: 'E',
        message:
          sessions.length === 0
            ? 'PID-3: the patient has no dosing session in progress here (readings are taken from check-in to discharge); nothing recorded'
            : 'PID-3: the patient has more than one dosing session in progress here; a staff member must close the earlier one; nothing recorded',
      },
      patient.id,
    );
  const sessionId = (sessions[0] as { id: string }).id;
  const readings = read.readings.map((r) => r.reading);
  try {
    await intake.readingRate.admit(db, device, readings.length, meta);
    const result = await intake.ingest.submit({ by: { device }, sessionId, readings, meta });
    for (const r of result.refused) for (const i of r.issues) notices.push(noticeOfIssue(i, read.readings));
    return { code: failed(), notices, stored: result.stored };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const issues = Array.isArray(err.details.issues) ? (err.details.issues as { field: string; message: string }[]) : [];
    if (err.code === 'VALIDATION_FAILED' && issues.length > 0) notices.push(...issues.map((i) => noticeOfIssue(i, read.readings)));
    else
      notices.push({
        location: PID3,
        error: HL7_ERROR_CODES.internal,
        severity: 'E',
        message:
          err.code === 'RATE_LIMITED'
            ? `too many readings from this sender: at most ${numberIn(err.details.limitPerMinute)} a minute are taken; nothing recorded, send it again in ${numberIn(err.details.retryAfterSeconds, 60)} s`
            : `nothing recorded: ${err.message}`,
      });
    return { code: 'AE', notices, stored: 0 };
  }
}
