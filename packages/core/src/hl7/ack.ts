/**
 * The HL7 v2 acknowledgment Kairos answers each message with (original acknowledgment mode):
 * MSA-1 AA (accepted: every reading stored, committed), AE (an error: something named in an ERR
 * segment was not recorded, or nothing could be, for a reason the sender can fix or retry) or AR
 * (rejected: not a message Kairos takes, or a sender not on the site's list). One ERR segment a
 * notice: ERR-2 where (segment^sequence^field), ERR-3 the HL7 table 0357 code, ERR-4 the
 * severity, ERR-8 the words. Text is escaped (HL7 escape sequences), so no value from a message
 * can break the reply's structure.
 *
 * @module
 */
import type { Hl7Notice } from './oru-readings.js';

export type Hl7AckCode = 'AA' | 'AE' | 'AR';

export interface Hl7AckInput {
  code: Hl7AckCode;
  /** MSH-10 of the message answered ('' when it could not be read). */
  controlId: string;
  /** MSH-3 and MSH-4 of the message answered (the ACK's MSH-5 and MSH-6). */
  sendingApplication: string;
  sendingFacility: string;
  /** MSH-11 and MSH-12 of the message answered (defaults P and 2.5.1). */
  processingId: string;
  version: string;
  /** The ACK's own MSH-10. */
  ackControlId: string;
  /** The ACK's MSH-7. */
  at: Date;
  notices: readonly Hl7Notice[];
}

/** `text` as an HL7 field value: the delimiters escaped, line ends and control characters dropped. */
export function hl7Escape(text: string): string {
  return text
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/&/g, '\\T\\')
    .replace(/~/g, '\\R\\')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** An instant as an HL7 DTM in UTC (YYYYMMDDHHMMSS+0000). */
export function hl7TimeOf(at: Date): string {
  return `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

const VERSION = /^2\.\d(\.\d)?$/;

/** The ACK message's text (segments separated by CR, as MLLP carries it without its frame). */
export function hl7Ack(a: Hl7AckInput): string {
  const f = (v: string, max = 200) => hl7Escape(v.slice(0, max));
  const msh = [
    'MSH',
    '^~\\&',
    'KAIROS',
    '',
    f(a.sendingApplication, 180),
    f(a.sendingFacility, 180),
    hl7TimeOf(a.at),
    '',
    'ACK^R01^ACK',
    f(a.ackControlId, 199),
    /^[PTD]$/.test(a.processingId) ? a.processingId : 'P',
    VERSION.test(a.version) ? a.version : '2.5.1',
  ].join('|');
  const msa = ['MSA', a.code, f(a.controlId, 199)].join('|');
  const errs = a.notices.map((n) =>
    [
      'ERR',
      '',
      [n.location.segment, String(n.location.sequence), n.location.field === undefined ? '' : String(n.location.field)]
        .join('^')
        .replace(/\^+$/, ''),
      `${n.error.code}^${hl7Escape(n.error.text)}^HL70357`,
      n.severity,
      '',
      '',
      '',
      f(n.message, 400),
    ].join('|'),
  );
  return [msh, msa, ...errs].join('\r');
}
