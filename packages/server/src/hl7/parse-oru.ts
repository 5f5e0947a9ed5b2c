/**
 * An HL7 v2 message's text read with @medplum/core's parser, into what Kairos takes of an
 * ORU^R01 (core's `OruMessage`): the header the ACK answers, PID-3, and each OBX with the OBR-7 it
 * follows. A message that is not an ORU^R01 of HL7 v2 with a control id is rejected (AR) with the
 * reason; nothing of its content is trusted beyond the fields read here.
 *
 * @module
 */
import { HL7_ERROR_CODES, type Hl7Notice, type Hl7Observation, type OruMessage } from '@kairos/core';
import { Hl7Message, type Hl7Field, type Hl7Segment } from '@medplum/core';

/** What the ACK repeats of the message (empty when it could not be read). */
export interface Hl7Header {
  controlId: string;
  sendingApplication: string;
  sendingFacility: string;
  processingId: string;
  version: string;
}

export type ParsedOru = { ok: true; header: Hl7Header; message: OruMessage } | { ok: false; header: Hl7Header; notices: Hl7Notice[] };

const NO_HEADER: Hl7Header = { controlId: '', sendingApplication: '', sendingFacility: '', processingId: 'P', version: '2.5.1' };

/** Component `c` (1-based) of the first repetition of field `n` of `segment` ('' when absent). */
function component(segment: Hl7Segment | undefined, n: number, c = 1): string {
  const field: Hl7Field | undefined = segment?.getField(n);
  return field?.components[0]?.[c - 1] ?? '';
}

function coded(segment: Hl7Segment, n: number): { code: string; name: string; system: string } {
  return { code: component(segment, n, 1), name: component(segment, n, 2), system: component(segment, n, 3) };
}

const reject = (header: Hl7Header, segment: string, field: number, error: Hl7Notice['error'], message: string): ParsedOru => ({
  ok: false,
  header,
  notices: [{ location: { segment, sequence: 1, field }, error, severity: 'E', message }],
});

export function parseOru(text: string): ParsedOru {
  let parsed: Hl7Message;
  try {
    parsed = Hl7Message.parse(text.replace(/\r\n|\n/g, '\r').replace(/\r+$/, ''));
  } catch {
    return reject(NO_HEADER, 'MSH', 1, HL7_ERROR_CODES.segmentSequence, 'not an HL7 v2 message: it must begin with an MSH segment');
  }
  const msh = parsed.getSegment('MSH');
  if (msh === undefined || parsed.segments[0]?.name !== 'MSH')
    return reject(NO_HEADER, 'MSH', 1, HL7_ERROR_CODES.segmentSequence, 'not an HL7 v2 message: it must begin with an MSH segment');
  const header: Hl7Header = {
    controlId: component(msh, 10),
    sendingApplication: component(msh, 3),
    sendingFacility: component(msh, 4),
    processingId: component(msh, 11) || 'P',
    version: component(msh, 12),
  };
  if (header.controlId.trim() === '')
    return reject(header, 'MSH', 10, HL7_ERROR_CODES.requiredField, 'MSH-10: the message control id is missing');
  if (!/^2\.\d+(\.\d+)?$/.test(header.version))
    return reject(
      header,
      'MSH',
      12,
      HL7_ERROR_CODES.unsupportedVersion,
      `MSH-12: HL7 version 2.x is taken, not "${header.version.slice(0, 20)}"`,
    );
  const [type, event] = [component(msh, 9, 1), component(msh, 9, 2)];
  if (type !== 'ORU')
    return reject(
      header,
      'MSH',
      9,
      HL7_ERROR_CODES.unsupportedMessageType,
      `MSH-9: only ORU^R01 is taken, not ${type.slice(0, 10) || 'an empty type'}`,
    );
  if (event !== 'R01')
    return reject(header, 'MSH', 9, HL7_ERROR_CODES.unsupportedEvent, `MSH-9: only ORU^R01 is taken, not ORU^${event.slice(0, 10)}`);
  const pid = parsed.getSegment('PID');
  if (pid === undefined) return reject(header, 'PID', 3, HL7_ERROR_CODES.requiredField, 'PID: the patient segment is missing');
  const observations: Hl7Observation[] = [];
  let requestObservedAt = '';
  for (const s of parsed.segments) {
    if (s.name === 'OBR') requestObservedAt = component(s, 7);
    if (s.name !== 'OBX') continue;
    observations.push({
      sequence: observations.length + 1,
      valueType: component(s, 2),
      code: coded(s, 3),
      value: component(s, 5),
      unit: coded(s, 6),
      status: component(s, 11),
      observedAt: component(s, 14),
      requestObservedAt,
    });
  }
  const patientIds = (pid.getField(3)?.components ?? []).map((rep) => ({ value: rep[0] ?? '', type: rep[4] ?? '' }));
  return { ok: true, header, message: { controlId: header.controlId, sentAt: component(msh, 7), patientIds, observations } };
}
