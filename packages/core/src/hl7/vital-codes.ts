/**
 * The vital-sign codes Kairos takes from a monitor's HL7 v2 ORU^R01 (issue 26, Must 2): each OBX-3
 * code it records, the reading field it fills, the units OBX-6 may give (never converted), and
 * where the code was read. A code not in this table is ignored with a warning in the ACK, never
 * guessed; a unit not listed beside its code refuses that observation.
 *
 * Two code systems (OBX-3.3 and OBX-6.3 name them):
 * - LOINC (`LN`), the codes of the FHIR vital-signs profile Kairos already reads and writes
 *   (clinical-facts.md section 3), with UCUM units (`UCUM`);
 * - IEEE 11073-10101 (`MDC`), the nomenclature bedside monitors and their gateways use (IHE PCD-01),
 *   with the MDC unit codes. The numeric codes and reference ids are those of the sources named on
 *   each row (`MDC_SOURCES`).
 *
 * When a message gives one field twice for the same instant (a monitor sends the ECG heart rate
 * and the oximeter's pulse rate), the row with the lower `rank` wins and the other is reported as
 * not used, so the choice is visible in the ACK, never silent.
 *
 * @module
 */
import type { IntakeReading } from '../fhir/observation-intake.js';

/** The reading fields a monitor's observation may fill. */
export type Hl7VitalField = Exclude<keyof IntakeReading, 'clientId' | 'measuredAt' | 'moaas'>;

/** A unit as OBX-6 may give it: the code (OBX-6.1, or its reference id for MDC units) in its system (OBX-6.3). */
export interface Hl7UnitCode {
  readonly system: 'UCUM' | 'MDC';
  /** OBX-6.1. */
  readonly code: string;
  /** The MDC reference id (OBX-6.2 by convention), also accepted as OBX-6.1. */
  readonly refid?: string;
}

export interface Hl7VitalCode {
  /** OBX-3.3. */
  readonly system: 'LN' | 'MDC';
  /** OBX-3.1. */
  readonly code: string;
  /** The MDC reference id (OBX-3.2 by convention) or the LOINC display. */
  readonly name: string;
  readonly field: Hl7VitalField;
  /** Lower wins when two codes give the same field at the same instant. */
  readonly rank: number;
  readonly units: readonly Hl7UnitCode[];
  /** Where the code (and its unit) was read. */
  readonly source: string;
}

/** Recognised but not recorded: reported as such in the ACK (an informational note), not as unknown. */
export interface Hl7KnownUnrecorded {
  readonly system: 'LN' | 'MDC';
  readonly code: string;
  readonly name: string;
  readonly why: string;
  readonly source: string;
}

/** Where the MDC codes were read (each at least twice unless its row says otherwise; codes as partition x 65536 + term). */
const MDC_SOURCE =
  'IEEE 11073-10101, as listed by HL7 Denmark DK Core ValueSet dk-core-IEEEBasicObservation (hl7dk/dk-core input/fsh/valueSets.fsh) and the HL7 Personal Health Device IG examples (HL7/phd input/examples)';
const GE_SOURCE = 'GE B40/B20 Patient Monitor HL7 Reference Manual 2062665-001 G (IHE PCD-01), the monitor vendor’s published code list';
const DK_ONLY = 'HL7 Denmark DK Core ValueSet dk-core-IEEEBasicObservation (one source)';
const LOINC_SOURCE = 'FHIR vital-signs profile LOINC codes and UCUM units (clinical-facts.md section 3)';

const UCUM = (code: string): Hl7UnitCode => ({ system: 'UCUM', code });
const MDC_UNIT = (code: string, refid: string): Hl7UnitCode => ({ system: 'MDC', code, refid });

/** MDC units (IEEE 11073-10101 dimension codes: HL7 PHD IG examples, the GE B40/B20 HL7 manual, signove/antidote's nomenclature). No MDC Fahrenheit: a temperature in °F is refused, never converted. */
const MMHG = [UCUM('mm[Hg]'), MDC_UNIT('266016', 'MDC_DIM_MMHG')];
const PER_MIN_BEATS = [UCUM('/min'), MDC_UNIT('264864', 'MDC_DIM_BEAT_PER_MIN')];
const PER_MIN_BREATHS = [UCUM('/min'), MDC_UNIT('264928', 'MDC_DIM_RESP_PER_MIN')];
const PERCENT = [UCUM('%'), MDC_UNIT('262688', 'MDC_DIM_PERCENT')];
const CELSIUS = [UCUM('Cel'), MDC_UNIT('268192', 'MDC_DIM_DEGC')];

/** The codes Kairos records, LOINC then MDC. */
export const HL7_VITAL_CODES: readonly Hl7VitalCode[] = Object.freeze([
  { system: 'LN', code: '8480-6', name: 'Systolic blood pressure', field: 'systolic', rank: 1, units: MMHG, source: LOINC_SOURCE },
  { system: 'LN', code: '8462-4', name: 'Diastolic blood pressure', field: 'diastolic', rank: 1, units: MMHG, source: LOINC_SOURCE },
  { system: 'LN', code: '8867-4', name: 'Heart rate', field: 'heartRate', rank: 1, units: PER_MIN_BEATS, source: LOINC_SOURCE },
  {
    system: 'LN',
    code: '9279-1',
    name: 'Respiratory rate',
    field: 'respiratoryRate',
    rank: 1,
    units: PER_MIN_BREATHS,
    source: LOINC_SOURCE,
  },
  {
    system: 'LN',
    code: '59408-5',
    name: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    field: 'spo2',
    rank: 1,
    units: PERCENT,
    source: LOINC_SOURCE,
  },
  {
    system: 'LN',
    code: '2708-6',
    name: 'Oxygen saturation in Arterial blood',
    field: 'spo2',
    rank: 2,
    units: PERCENT,
    source: LOINC_SOURCE,
  },
  { system: 'LN', code: '8310-5', name: 'Body temperature', field: 'temperature', rank: 1, units: CELSIUS, source: LOINC_SOURCE },
  { system: 'MDC', code: '150021', name: 'MDC_PRESS_BLD_NONINV_SYS', field: 'systolic', rank: 1, units: MMHG, source: MDC_SOURCE },
  { system: 'MDC', code: '150022', name: 'MDC_PRESS_BLD_NONINV_DIA', field: 'diastolic', rank: 1, units: MMHG, source: MDC_SOURCE },
  { system: 'MDC', code: '147842', name: 'MDC_ECG_HEART_RATE', field: 'heartRate', rank: 1, units: PER_MIN_BEATS, source: MDC_SOURCE },
  { system: 'MDC', code: '149530', name: 'MDC_PULS_OXIM_PULS_RATE', field: 'heartRate', rank: 2, units: PER_MIN_BEATS, source: MDC_SOURCE },
  { system: 'MDC', code: '150456', name: 'MDC_PULS_OXIM_SAT_O2', field: 'spo2', rank: 1, units: PERCENT, source: MDC_SOURCE },
  { system: 'MDC', code: '151562', name: 'MDC_RESP_RATE', field: 'respiratoryRate', rank: 1, units: PER_MIN_BREATHS, source: MDC_SOURCE },
  { system: 'MDC', code: '149546', name: 'MDC_PULS_RATE_NON_INV', field: 'heartRate', rank: 3, units: PER_MIN_BEATS, source: MDC_SOURCE },
  {
    system: 'MDC',
    code: '151578',
    name: 'MDC_TTHOR_RESP_RATE',
    field: 'respiratoryRate',
    rank: 2,
    units: PER_MIN_BREATHS,
    source: DK_ONLY,
  },
  {
    system: 'MDC',
    code: '151570',
    name: 'MDC_AWAY_RESP_RATE',
    field: 'respiratoryRate',
    rank: 3,
    units: PER_MIN_BREATHS,
    source: MDC_SOURCE,
  },
  { system: 'MDC', code: '150364', name: 'MDC_TEMP_BODY', field: 'temperature', rank: 1, units: CELSIUS, source: MDC_SOURCE },
  { system: 'MDC', code: '150344', name: 'MDC_TEMP', field: 'temperature', rank: 2, units: CELSIUS, source: GE_SOURCE },
  { system: 'MDC', code: '188424', name: 'MDC_TEMP_ORAL', field: 'temperature', rank: 3, units: CELSIUS, source: MDC_SOURCE },
  { system: 'MDC', code: '150392', name: 'MDC_TEMP_TYMP', field: 'temperature', rank: 4, units: CELSIUS, source: MDC_SOURCE },
  { system: 'MDC', code: '188428', name: 'MDC_TEMP_EAR', field: 'temperature', rank: 5, units: CELSIUS, source: MDC_SOURCE },
  { system: 'MDC', code: '188452', name: 'MDC_TEMP_AXILLA', field: 'temperature', rank: 6, units: CELSIUS, source: MDC_SOURCE },
] satisfies Hl7VitalCode[]);

/** Codes a monitor commonly sends beside the vital signs that Kairos knows and does not record. */
export const HL7_KNOWN_UNRECORDED: readonly Hl7KnownUnrecorded[] = Object.freeze([
  {
    system: 'MDC',
    code: '150023',
    name: 'MDC_PRESS_BLD_NONINV_MEAN',
    why: 'the mean arterial pressure is not recorded (the systolic and diastolic are)',
    source: MDC_SOURCE,
  },
  {
    system: 'MDC',
    code: '150020',
    name: 'MDC_PRESS_BLD_NONINV',
    why: 'the blood pressure is recorded from its systolic (150021) and diastolic (150022) observations',
    source: MDC_SOURCE,
  },
] satisfies Hl7KnownUnrecorded[]);

const key = (system: string, code: string) => `${system.toUpperCase()}|${code}`;
const BY_CODE = new Map<string, Hl7VitalCode>(HL7_VITAL_CODES.map((c) => [key(c.system, c.code), c]));
const BY_MDC_REFID = new Map<string, Hl7VitalCode>(HL7_VITAL_CODES.filter((c) => c.system === 'MDC').map((c) => [c.name, c]));
const UNRECORDED = new Map<string, Hl7KnownUnrecorded>(HL7_KNOWN_UNRECORDED.map((c) => [key(c.system, c.code), c]));
const UNRECORDED_BY_REFID = new Map<string, Hl7KnownUnrecorded>(
  HL7_KNOWN_UNRECORDED.filter((c) => c.system === 'MDC').map((c) => [c.name, c]),
);

/**
 * The table's row for OBX-3 (`code`, `name` and `system` as components 1 to 3): by its code in its
 * system; an MDC observation also by its reference id in component 1 or 2 (gateways write either).
 */
export function hl7VitalCodeOf(code: string, name: string, system: string): Hl7VitalCode | Hl7KnownUnrecorded | undefined {
  const s = system.trim().toUpperCase();
  const found = BY_CODE.get(key(s, code.trim())) ?? UNRECORDED.get(key(s, code.trim()));
  if (found !== undefined) return found;
  if (s === 'MDC')
    return (
      BY_MDC_REFID.get(code.trim()) ??
      BY_MDC_REFID.get(name.trim()) ??
      UNRECORDED_BY_REFID.get(code.trim()) ??
      UNRECORDED_BY_REFID.get(name.trim())
    );
  return undefined;
}

/** Whether OBX-6 (`code`, `name`, `system`) is one of the units `row` accepts. */
export function hl7UnitAccepted(row: Hl7VitalCode, code: string, name: string, system: string): boolean {
  const s = system.trim().toUpperCase();
  const c = code.trim();
  return row.units.some((u) =>
    u.system === 'UCUM'
      ? c === u.code && (s === 'UCUM' || s === '')
      : (s === 'MDC' || s === '') && (c === u.code || c === u.refid || (c === '' && name.trim() === u.refid)),
  );
}

/** The units `row` accepts, as a sentence names them. */
export function hl7UnitsNamed(row: Hl7VitalCode): string {
  return row.units.map((u) => (u.system === 'UCUM' ? `${u.code} (UCUM)` : `${u.code}^${u.refid ?? ''}^MDC`)).join(' or ');
}

export const isRecordedHl7Code = (row: Hl7VitalCode | Hl7KnownUnrecorded): row is Hl7VitalCode => 'field' in row;
