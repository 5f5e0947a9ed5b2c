/**
 * Reading an HL7 v2 message's text (@medplum/core's parser) into core's ORU^R01: the round trip of
 * the simulator's message, line ends as monitors send them, and each message that is not an
 * ORU^R01 of HL7 v2 with a control id rejected with the field that says so.
 */
import { hl7OruOfReading, readingsOfOru } from '@kairos/core';
import { describe, expect, it } from 'vitest';
import { parseOru } from './parse-oru.js';

const AT = new Date('2026-12-07T10:59:55.000Z');
const text = hl7OruOfReading({
  mrn: 'DEMO-0001',
  controlId: 'MSG-1',
  sentAt: AT,
  reading: { measuredAt: AT, systolic: 128, diastolic: 82, heartRate: 74, spo2: 97, respiratoryRate: 15, temperature: 36.9 },
});

describe('parseOru', () => {
  it('reads back the simulator’s message: the same reading, its OBX each named', () => {
    const parsed = parseOru(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.notices));
    expect(parsed.header).toEqual({
      controlId: 'MSG-1',
      sendingApplication: 'MONITOR',
      sendingFacility: '',
      processingId: 'P',
      version: '2.6',
    });
    const read = readingsOfOru(parsed.message, 'America/New_York');
    expect(read).toEqual({
      ok: true,
      mrn: 'DEMO-0001',
      notices: [],
      readings: [
        {
          reading: {
            clientId: 'hl7:MSG-1@20261207T105955Z',
            measuredAt: AT.toISOString(),
            systolic: 128,
            diastolic: 82,
            heartRate: 74,
            spo2: 97,
            respiratoryRate: 15,
            temperature: 36.9,
          },
          from: { systolic: 1, diastolic: 2, heartRate: 3, spo2: 4, respiratoryRate: 5, temperature: 6 },
        },
      ],
    });
  });

  it.each([
    ['CR LF', '\r\n'],
    ['LF', '\n'],
    ['CR with a trailing CR', '\r'],
  ])('takes segments ended by %s', (_title, end) => {
    const parsed = parseOru(`${text.split('\r').join(end)}${end}`);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.message.observations).toHaveLength(6);
  });

  it('reads PID-3’s repetitions with their type codes', () => {
    const parsed = parseOru(text.replace('PID|||DEMO-0001^^^^MR', 'PID|||123^^^STATE^SS~DEMO-0001^^^CLINIC^MR'));
    expect(parsed.ok && parsed.message.patientIds).toEqual([
      { value: '123', type: 'SS' },
      { value: 'DEMO-0001', type: 'MR' },
    ]);
  });

  it.each([
    ['text that is not HL7', 'hello', 'MSH^1^1', '100'],
    ['a message not starting with MSH', `PID|||X\r${text}`, 'MSH^1^1', '100'],
    ['no control id', text.replace('|MSG-1|', '||'), 'MSH^1^10', '101'],
    ['an ADT^A01', text.replace('ORU^R01^ORU_R01', 'ADT^A01^ADT_A01'), 'MSH^1^9', '200'],
    ['an ORU^R30', text.replace('ORU^R01^ORU_R01', 'ORU^R30^ORU_R30'), 'MSH^1^9', '201'],
    ['version 3', text.replace('|P|2.6', '|P|3.0'), 'MSH^1^12', '203'],
    ['a version that is not a number', text.replace('|P|2.6', '|P|2.9abc'), 'MSH^1^12', '203'],
    ['no PID', text.replace(/PID\|[^\r]*\r/, ''), 'PID^1^3', '101'],
  ])('rejects %s, naming the field', (_title, message, at, code) => {
    const parsed = parseOru(message);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      const n = parsed.notices[0];
      expect([n?.location.segment, n?.location.sequence, n?.location.field].join('^')).toBe(at);
      expect(n?.error.code).toBe(code);
      expect(n?.severity).toBe('E');
    }
  });
});
