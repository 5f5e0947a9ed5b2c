/**
 * An ORU^R01 as a monitor gateway sends it (IHE PCD-01 style: IEEE 11073 MDC codes and units,
 * `code^REFID^MDC`), for one reading: what the monitor simulator sends over MLLP and what the
 * interface specification shows. The codes are the table's first-ranked MDC rows (`vital-codes.ts`).
 *
 * @module
 */
import type { IntakeReading } from '../fhir/observation-intake.js';
import { hl7Escape, hl7TimeOf } from './ack.js';
import { HL7_VITAL_CODES, type Hl7VitalField } from './vital-codes.js';

export interface OruOfReading {
  /** The patient's medical record number at the site (PID-3, typed MR). */
  mrn: string;
  /** MSH-10: the same message sent again must carry the same id. */
  controlId: string;
  /** MSH-3 and MSH-4. */
  sendingApplication?: string;
  sendingFacility?: string;
  /** When the message is sent (MSH-7). */
  sentAt: Date;
  /** When the observations were taken (OBX-14), and their values. */
  reading: Omit<IntakeReading, 'clientId' | 'measuredAt' | 'moaas'> & { measuredAt: Date };
}

const ORDER: readonly Hl7VitalField[] = ['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate', 'temperature'];

/** The ORU^R01's text (segments separated by CR). */
export function hl7OruOfReading(o: OruOfReading): string {
  const at = hl7TimeOf(o.reading.measuredAt);
  const obx = ORDER.flatMap((field) => {
    const value = o.reading[field];
    const row = HL7_VITAL_CODES.find((c) => c.system === 'MDC' && c.field === field && c.rank === 1);
    const unit = row?.units.find((u) => u.system === 'MDC');
    if (value === undefined || row === undefined || unit === undefined) return [];
    return [[row.code, row.name, unit.code, unit.refid ?? '', String(value)] as const];
  }).map(([code, name, unit, unitName, value], i) =>
    [
      'OBX',
      String(i + 1),
      'NM',
      `${code}^${name}^MDC`,
      `1.0.1.${String(i + 1)}`,
      value,
      `${unit}^${unitName}^MDC`,
      '',
      '',
      '',
      '',
      'R',
      '',
      '',
      at,
    ].join('|'),
  );
  return [
    [
      'MSH',
      '^~\\&',
      hl7Escape(o.sendingApplication ?? 'MONITOR'),
      hl7Escape(o.sendingFacility ?? ''),
      'KAIROS',
      '',
      hl7TimeOf(o.sentAt),
      '',
      'ORU^R01^ORU_R01',
      hl7Escape(o.controlId),
      'P',
      '2.6',
    ].join('|'),
    `PID|||${hl7Escape(o.mrn)}^^^^MR`,
    `OBR|1|||182777000^monitoring of patient^SCT|||${at}`,
    ...obx,
  ].join('\r');
}
