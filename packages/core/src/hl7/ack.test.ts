import { describe, expect, it } from 'vitest';
import { hl7Ack, hl7Escape, hl7TimeOf, type Hl7AckInput } from './ack.js';
import { HL7_ERROR_CODES, type Hl7Notice } from './oru-readings.js';

const AT = new Date('2026-12-07T10:59:55.123Z');

const input = (o: Partial<Hl7AckInput> = {}): Hl7AckInput => ({
  code: 'AA',
  controlId: 'MSG00001',
  sendingApplication: 'B40',
  sendingFacility: 'WARD-3',
  processingId: 'P',
  version: '2.5.1',
  ackControlId: 'ACK00001',
  at: AT,
  notices: [],
  ...o,
});

const segmentsOf = (ack: string) => ack.split('\r').map((s) => s.split('|'));

describe('hl7Escape', () => {
  it.each([
    ['the field separator', '|', '\\F\\'],
    ['the component separator', '^', '\\S\\'],
    ['the repetition separator', '~', '\\R\\'],
    ['the escape character', '\\', '\\E\\'],
    ['the subcomponent separator', '&', '\\T\\'],
    ['a carriage return', 'a\rb', 'a b'],
    ['a line feed', 'a\nb', 'a b'],
    ['a CR LF', 'a\r\nb', 'a b'],
    ['a tab and a delete', 'a\tb\u007fc', 'a b c'],
    ['all delimiters together', 'x|^~\\&y', 'x\\F\\\\S\\\\R\\\\E\\\\T\\y'],
    ['an escape sequence already written (escaped once, not twice)', '\\F\\', '\\E\\F\\E\\'],
    ['plain text', 'OBX-5: "abc" is not a number', 'OBX-5: "abc" is not a number'],
    ['text beyond ASCII', 'Température 36,8 °C', 'Température 36,8 °C'],
    ['nothing', '', ''],
  ])('escapes %s', (_title, text, escaped) => {
    expect(hl7Escape(text)).toBe(escaped);
  });

  it('leaves no delimiter or line end unescaped', () => {
    const escaped = hl7Escape('|^~&\r\n'.repeat(10));
    expect(escaped).not.toMatch(/[|^~&\r\n]/);
  });
});

describe('hl7TimeOf', () => {
  it.each([
    [new Date('2026-12-07T10:59:55.123Z'), '20261207105955+0000'],
    [new Date('2026-01-01T00:00:00.000Z'), '20260101000000+0000'],
    [new Date('2026-07-07T14:59:00.999Z'), '20260707145900+0000'],
  ])('writes %o as %s', (at, text) => {
    expect(hl7TimeOf(at)).toBe(text);
  });
});

describe('hl7Ack', () => {
  it('answers AA with an MSH and an MSA only', () => {
    const ack = hl7Ack(input());
    expect(ack).toBe(['MSH|^~\\&|KAIROS||B40|WARD-3|20261207105955+0000||ACK^R01^ACK|ACK00001|P|2.5.1', 'MSA|AA|MSG00001'].join('\r'));
    const [msh, msa] = segmentsOf(ack);
    expect(segmentsOf(ack)).toHaveLength(2);
    // Split by '|', index n is MSH-(n + 1): MSH-1 is the separator itself.
    expect(msh?.[8]).toBe('ACK^R01^ACK');
    expect(msh?.[4]).toBe('B40');
    expect(msh?.[5]).toBe('WARD-3');
    expect(msh?.[6]).toBe(hl7TimeOf(AT));
    expect(msh?.[9]).toBe('ACK00001');
    expect(msa).toEqual(['MSA', 'AA', 'MSG00001']);
  });

  it('ends with no trailing separator', () => {
    expect(hl7Ack(input())).not.toMatch(/\r$/);
  });

  it('answers AE with one ERR segment a notice', () => {
    const notices: Hl7Notice[] = [
      {
        location: { segment: 'OBX', sequence: 3, field: 6 },
        error: HL7_ERROR_CODES.dataType,
        severity: 'E',
        message: 'OBX-6: MDC_TEMP_BODY: the unit must be Cel (UCUM); not recorded',
      },
      {
        location: { segment: 'OBX', sequence: 4, field: 3 },
        error: HL7_ERROR_CODES.tableValue,
        severity: 'W',
        message: 'OBX-3: 999999 is not a vital sign Kairos records; ignored',
      },
    ];
    const segments = segmentsOf(hl7Ack(input({ code: 'AE', notices })));
    expect(segments.map((s) => s[0])).toEqual(['MSH', 'MSA', 'ERR', 'ERR']);
    expect(segments[1]).toEqual(['MSA', 'AE', 'MSG00001']);
    expect(segments[2]).toEqual([
      'ERR',
      '',
      'OBX^3^6',
      '102^Data type error^HL70357',
      'E',
      '',
      '',
      '',
      'OBX-6: MDC_TEMP_BODY: the unit must be Cel (UCUM); not recorded',
    ]);
    const [, , err2, err3, err4, , , , err8] = segments[3] ?? [];
    expect([err2, err3, err4, err8]).toEqual([
      'OBX^4^3',
      '103^Table value not found^HL70357',
      'W',
      'OBX-3: 999999 is not a vital sign Kairos records; ignored',
    ]);
  });

  it('names a location without a field by its segment and sequence', () => {
    const notice: Hl7Notice = {
      location: { segment: 'MSH', sequence: 1 },
      error: HL7_ERROR_CODES.unsupportedVersion,
      severity: 'E',
      message: 'v3',
    };
    const err = segmentsOf(hl7Ack(input({ code: 'AR', notices: [notice] })))[2];
    expect(err?.[2]).toBe('MSH^1');
    expect(err?.[3]).toBe('203^Unsupported version id^HL70357');
  });

  it('escapes a notice’s message so it stays one field', () => {
    const notice: Hl7Notice = {
      location: { segment: 'OBX', sequence: 1, field: 5 },
      error: HL7_ERROR_CODES.dataType,
      severity: 'E',
      message: 'OBX-5: "72|^~\\&\rOBX|2" is not a number',
    };
    const segments = segmentsOf(hl7Ack(input({ code: 'AE', notices: [notice] })));
    expect(segments).toHaveLength(3);
    expect(segments[2]).toHaveLength(9);
    expect(segments[2]?.[8]).toBe('OBX-5: "72\\F\\\\S\\\\R\\\\E\\\\T\\ OBX\\F\\2" is not a number');
  });

  it.each([
    ['a control id with a field separator and a segment break', { controlId: 'MSG|1\rERR|||hack' }],
    ['a sending application with a segment break', { sendingApplication: 'B40\rMSA|AA|X' }],
    ['a sending facility with field separators', { sendingFacility: 'W|A|R|D' }],
    ['an ACK control id with a line feed', { ackControlId: 'A\nB|C' }],
  ])('keeps its structure whatever %s', (_title, o) => {
    const segments = segmentsOf(hl7Ack(input(o)));
    expect(segments).toHaveLength(2);
    expect(segments[0]).toHaveLength(12);
    expect(segments[1]).toHaveLength(3);
  });

  it('echoes an escaped control id in MSA-2', () => {
    const msa = segmentsOf(hl7Ack(input({ controlId: 'MSG|1\rX' })))[1];
    expect(msa).toEqual(['MSA', 'AA', 'MSG\\F\\1 X']);
  });

  it('bounds each echoed value', () => {
    const long = 'x'.repeat(5000);
    const ack = hl7Ack(input({ controlId: long, sendingApplication: long, sendingFacility: long, ackControlId: long }));
    const [msh, msa] = segmentsOf(ack);
    expect(msh?.[4]).toHaveLength(180);
    expect(msh?.[5]).toHaveLength(180);
    expect(msh?.[9]).toHaveLength(199);
    expect(msa?.[2]).toHaveLength(199);
  });

  it.each([
    ['P', '2.5.1', 'P', '2.5.1'],
    ['T', '2.3', 'T', '2.3'],
    ['D', '2.6', 'D', '2.6'],
    ['Z', '2.5.1', 'P', '2.5.1'],
    ['', '', 'P', '2.5.1'],
    ['P|X', '2.5.1', 'P', '2.5.1'],
    ['P', '3.0', 'P', '2.5.1'],
    ['P', '2.5.1|X', 'P', '2.5.1'],
    ['P', '2.10', 'P', '2.5.1'],
  ])('answers processing id %j and version %j with %s and %s', (processingId, version, msh11, msh12) => {
    const msh = segmentsOf(hl7Ack(input({ processingId, version })))[0];
    expect(msh).toHaveLength(12);
    expect(msh?.[10]).toBe(msh11);
    expect(msh?.[11]).toBe(msh12);
  });
});
