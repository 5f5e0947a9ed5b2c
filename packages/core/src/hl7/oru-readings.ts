/**
 * A monitor's HL7 v2 ORU^R01 as readings at the chair (issue 26, Must 1 and 2): whose they are
 * (PID-3, the site's medical record number), and one reading per instant the observations were
 * taken at, filled from the OBX segments the code table (`vital-codes.ts`) knows. Each observation
 * that cannot be used is named by its place in the message (segment, its position, field), as the
 * ACK's ERR segments name it:
 * - an unknown code: ignored, a warning (never guessed);
 * - a known code with a unit not listed beside it, a value that is not a number, a whole-number
 *   sign with a fraction, an unreadable time: that observation is refused (an error), the others
 *   are still recorded;
 * - a status saying there is no result (X: cannot be obtained, D: deleted, W: wrong, N: not
 *   asked for, I: pending): ignored, a warning.
 *
 * Times: OBX-14, else OBR-7, else MSH-7 (the first of them given), at least to the minute. A time without a UTC offset is
 * the site's local time (monitors commonly send local time). The parsing of the message's text is
 * the server's (a library's); this module takes its fields as strings.
 *
 * @module
 */
import { localDateTimeToUtcIso } from '../calendar/zoned.js';
import type { IntakeReading } from '../fhir/observation-intake.js';
import { hl7UnitAccepted, hl7UnitsNamed, hl7VitalCodeOf, isRecordedHl7Code, type Hl7VitalField } from './vital-codes.js';

/** A coded element's first three components (CE/CWE: identifier, text, coding system). */
export interface Hl7Coded {
  code: string;
  name: string;
  system: string;
}

/** One OBX as the server read it: its position among the message's segments of its name, and its fields. */
export interface Hl7Observation {
  /** 1 for the message's first OBX (ERR-2's segment sequence). */
  sequence: number;
  /** OBX-2. */
  valueType: string;
  /** OBX-3. */
  code: Hl7Coded;
  /** OBX-5 (its first component). */
  value: string;
  /** OBX-6. */
  unit: Hl7Coded;
  /** OBX-11. */
  status: string;
  /** OBX-14. */
  observedAt: string;
  /** OBR-7 of the OBR the OBX follows ('' when none). */
  requestObservedAt: string;
}

/** An ORU^R01 as the server read it. */
export interface OruMessage {
  /** MSH-10. */
  controlId: string;
  /** MSH-7. */
  sentAt: string;
  /** PID-3's repetitions: the identifier (CX.1) and its type code (CX.5). */
  patientIds: { value: string; type: string }[];
  observations: Hl7Observation[];
}

/** HL7 table 0357 (message error condition codes) used in the ACK's ERR-3. */
export const HL7_ERROR_CODES = Object.freeze({
  accepted: { code: '0', text: 'Message accepted' },
  segmentSequence: { code: '100', text: 'Segment sequence error' },
  requiredField: { code: '101', text: 'Required field missing' },
  dataType: { code: '102', text: 'Data type error' },
  tableValue: { code: '103', text: 'Table value not found' },
  unsupportedMessageType: { code: '200', text: 'Unsupported message type' },
  unsupportedEvent: { code: '201', text: 'Unsupported event code' },
  unsupportedVersion: { code: '203', text: 'Unsupported version id' },
  unknownKey: { code: '204', text: 'Unknown key identifier' },
  internal: { code: '207', text: 'Application internal error' },
});
export type Hl7ErrorCode = (typeof HL7_ERROR_CODES)[keyof typeof HL7_ERROR_CODES];

/** One ERR segment's content: where (ERR-2), what (ERR-3), how bad (ERR-4: E error, W warning, I information), in words (ERR-8). */
export interface Hl7Notice {
  location: { segment: string; sequence: number; field?: number };
  error: Hl7ErrorCode;
  severity: 'E' | 'W' | 'I';
  message: string;
}

/** A reading and the OBX each of its fields came from (so a refusal by the intake can be named by its OBX). */
export interface OruReading {
  reading: IntakeReading;
  from: Partial<Record<Hl7VitalField, number>>;
}

export type OruInterpretation =
  { ok: true; mrn: string; readings: OruReading[]; notices: Hl7Notice[] } | { ok: false; notices: Hl7Notice[] };

/** Whole-number signs (as the reading body takes them). */
const WHOLE: ReadonlySet<Hl7VitalField> = new Set(['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate']);
/** OBX-11 values that carry no result. */
const NO_RESULT: Readonly<Record<string, string>> = Object.freeze({
  X: 'the result cannot be obtained',
  D: 'the result was deleted',
  W: 'the result was wrong',
  N: 'the result was not asked for',
  I: 'the specimen is in the lab, no result yet',
});
const HL7_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const HL7_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?([+-]\d{4})?$/;

/**
 * The instant an HL7 DTM names (to the minute at least), as ISO 8601 UTC; a time without an offset
 * is local time in `timeZone`. Undefined when it is not such a time.
 */
export function instantOfHl7Time(text: string, timeZone: string): string | undefined {
  const m = HL7_TIME.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, offset] = m as unknown as [string, string, string, string, string, string, string?, string?, string?];
  const date = `${y}-${mo}-${d}`;
  const [hour, minute, second] = [Number(h), Number(mi), Number(s ?? '0')];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const dayMs = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(dayMs) || new Date(dayMs).toISOString().slice(0, 10) !== date) return undefined;
  const extraMs = second * 1000 + Math.round(Number(`0.${frac ?? '0'}`) * 1000);
  let minuteUtcMs: number;
  if (offset !== undefined) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(3, 5));
    if (oh > 14 || om > 59) return undefined;
    minuteUtcMs = dayMs + (hour * 60 + minute) * 60_000 - sign * (oh * 60 + om) * 60_000;
  } else {
    minuteUtcMs = Date.parse(localDateTimeToUtcIso(date, hour * 60 + minute, timeZone));
  }
  return new Date(minuteUtcMs + extraMs).toISOString();
}

/**
 * The site's medical record number in PID-3: the repetition typed MR, else the only one. Several
 * untyped repetitions are not guessed between.
 */
function mrnOf(ids: OruMessage['patientIds']): string | Hl7Notice {
  const pid3 = { segment: 'PID', sequence: 1, field: 3 };
  const present = ids.filter((i) => i.value.trim() !== '');
  const typed = present.filter((i) => i.type.trim().toUpperCase() === 'MR');
  const pick = typed.length > 0 ? typed : present.length === 1 ? present : [];
  if (pick.length === 1) return (pick[0] as { value: string }).value.trim();
  if (present.length === 0)
    return {
      location: pid3,
      error: HL7_ERROR_CODES.requiredField,
      severity: 'E',
      message: 'PID-3: the patient’s medical record number is missing',
    };
  return {
    location: pid3,
    error: HL7_ERROR_CODES.dataType,
    severity: 'E',
    message:
      typed.length > 1
        ? 'PID-3: more than one identifier is typed MR; send the one medical record number of this site'
        : 'PID-3: several identifiers and none typed MR (PID-3.5); mark the medical record number as MR',
  };
}

/** A field's value at an instant, the OBX it came from and that code's rank. */
interface Taken {
  value: number;
  sequence: number;
  rank: number;
  name: string;
}

/** Reads `message` for the readings it carries (see the module's text). */
export function readingsOfOru(message: OruMessage, timeZone: string): OruInterpretation {
  const notices: Hl7Notice[] = [];
  const mrn = mrnOf(message.patientIds);
  if (typeof mrn !== 'string') return { ok: false, notices: [mrn] };
  // Per instant: the field, its value, the OBX it came from and that row's rank.
  const byInstant = new Map<string, Map<Hl7VitalField, Taken>>();
  for (const o of message.observations) {
    const at = (field: number) => ({ segment: 'OBX', sequence: o.sequence, field });
    const row = hl7VitalCodeOf(o.code.code, o.code.name, o.code.system);
    const named =
      `${o.code.code}${o.code.name === '' ? '' : ` (${o.code.name})`}${o.code.system === '' ? '' : ` in ${o.code.system}`}`.slice(0, 80);
    if (row === undefined) {
      notices.push({
        location: at(3),
        error: HL7_ERROR_CODES.tableValue,
        severity: 'W',
        message: `OBX-3: ${named || 'an empty code'} is not a vital sign Kairos records; ignored`,
      });
      continue;
    }
    if (!isRecordedHl7Code(row)) {
      notices.push({ location: at(3), error: HL7_ERROR_CODES.accepted, severity: 'I', message: `OBX-3: ${row.name}: ${row.why}; ignored` });
      continue;
    }
    const status = o.status.trim().toUpperCase();
    const noResult = NO_RESULT[status];
    if (noResult !== undefined) {
      notices.push({
        location: at(11),
        error: HL7_ERROR_CODES.accepted,
        severity: 'W',
        message: `OBX-11: ${row.name}: ${noResult} (${status}); ignored`,
      });
      continue;
    }
    const refuse = (field: number, error: Hl7ErrorCode, message: string) => {
      notices.push({ location: at(field), error, severity: 'E', message: `OBX-${field}: ${row.name}: ${message}; not recorded` });
    };
    if (o.valueType.trim().toUpperCase() !== 'NM') {
      refuse(2, HL7_ERROR_CODES.dataType, `the value type must be NM (a number), not "${o.valueType.trim().slice(0, 10)}"`);
      continue;
    }
    const text = o.value.trim();
    if (!HL7_NUMBER.test(text)) {
      refuse(5, HL7_ERROR_CODES.dataType, text === '' ? 'the value is missing' : `"${text.slice(0, 40)}" is not a number`);
      continue;
    }
    const value = Number(text);
    if (text.length > 20 || !Number.isFinite(value)) {
      refuse(5, HL7_ERROR_CODES.dataType, `"${text.slice(0, 40)}" is not a number a monitor measures`);
      continue;
    }
    if (WHOLE.has(row.field) && !Number.isInteger(value)) {
      refuse(5, HL7_ERROR_CODES.dataType, `${text} must be a whole number (it is not rounded)`);
      continue;
    }
    if (!hl7UnitAccepted(row, o.unit.code, o.unit.name, o.unit.system)) {
      const given = [o.unit.code, o.unit.name, o.unit.system]
        .filter((c) => c !== '')
        .join('^')
        .slice(0, 60);
      refuse(
        6,
        HL7_ERROR_CODES.tableValue,
        `the unit must be ${hl7UnitsNamed(row)}; ${given === '' ? 'none was given' : `${given} is not converted`}`,
      );
      continue;
    }
    const timeText = [o.observedAt, o.requestObservedAt, message.sentAt].find((t) => t.trim() !== '') ?? '';
    const timeField = o.observedAt.trim() !== '' ? 14 : 0;
    const instant = instantOfHl7Time(timeText, timeZone);
    if (instant === undefined) {
      if (timeField === 14) refuse(14, HL7_ERROR_CODES.dataType, `"${timeText.slice(0, 40)}" is not a time (YYYYMMDDHHMM[SS][+/-ZZZZ])`);
      else
        notices.push({
          location:
            o.requestObservedAt.trim() !== '' ? { segment: 'OBR', sequence: 1, field: 7 } : { segment: 'MSH', sequence: 1, field: 7 },
          error: HL7_ERROR_CODES.dataType,
          severity: 'E',
          message: `OBX ${o.sequence}: ${row.name}: no time of observation (OBX-14, OBR-7 or MSH-7 as YYYYMMDDHHMM[SS][+/-ZZZZ]); not recorded`,
        });
      continue;
    }
    const fields = byInstant.get(instant) ?? new Map<Hl7VitalField, Taken>();
    byInstant.set(instant, fields);
    const earlier = fields.get(row.field);
    if (earlier === undefined || row.rank < earlier.rank) {
      if (earlier !== undefined) notices.push(notUsed(earlier, row.name));
      fields.set(row.field, { value, sequence: o.sequence, rank: row.rank, name: row.name });
    } else {
      notices.push(notUsed({ sequence: o.sequence, name: row.name }, earlier.name));
    }
  }
  const readings: OruReading[] = [...byInstant.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([measuredAt, fields]) => {
      const reading: IntakeReading = { clientId: clientIdOf(message.controlId, measuredAt), measuredAt };
      const from: OruReading['from'] = {};
      for (const [field, v] of fields) {
        reading[field] = v.value;
        from[field] = v.sequence;
      }
      return { reading, from };
    });
  return { ok: true, mrn, readings, notices };
}

function notUsed(o: { sequence: number; name: string }, instead: string): Hl7Notice {
  return {
    location: { segment: 'OBX', sequence: o.sequence, field: 3 },
    error: HL7_ERROR_CODES.accepted,
    severity: 'I',
    message: `OBX-3: ${o.name} not used: ${instead} gives the same sign at the same time`,
  };
}

/**
 * The client id of a message's reading at `measuredAt` (ISO 8601): the same message sent again (a
 * monitor that heard no ACK) is stored once, while a monitor that starts its control ids again
 * after a restart does not lose its new readings as resends (their times differ). Client ids stop
 * at 100 characters.
 */
export function clientIdOf(controlId: string, measuredAt: string): string {
  const at = measuredAt.replace(/[-:]/g, '').replace(/\.000Z$/, 'Z');
  const id = `hl7:${controlId.trim()}@${at}`;
  return id.length <= 100 ? id : `hl7:${controlId.trim().slice(0, 40)}…${fnv1a64(controlId.trim())}@${at}`;
}

/** FNV-1a, 64 bits, in hex: tells long control ids apart past the part a client id keeps. */
function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of text) {
    h ^= BigInt(ch.codePointAt(0) ?? 0);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}
