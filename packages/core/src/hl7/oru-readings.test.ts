import { describe, expect, it } from 'vitest';
import {
  clientIdOf,
  instantOfHl7Time,
  readingsOfOru,
  type Hl7Coded,
  type Hl7Notice,
  type Hl7Observation,
  type OruMessage,
} from './oru-readings.js';

const ZONE = 'America/New_York';
const AT = '20261207105955+0000';
const AT_ISO = '2026-12-07T10:59:55.000Z';

/** A coded element written as HL7 writes it: `code^name^system`. */
const coded = (text: string): Hl7Coded => {
  const [code = '', name = '', system = ''] = text.split('^');
  return { code, name, system };
};

/** One OBX: its sequence, OBX-3, OBX-5 and OBX-6 (as `code^name^system`), the rest a final NM observed at `AT`. */
const obx = (sequence: number, code: string, value: string, unit: string, o: Partial<Hl7Observation> = {}): Hl7Observation => ({
  sequence,
  valueType: 'NM',
  code: coded(code),
  value,
  unit: coded(unit),
  status: 'F',
  observedAt: AT,
  requestObservedAt: '',
  ...o,
});

const oru = (observations: Hl7Observation[], o: Partial<OruMessage> = {}): OruMessage => ({
  controlId: 'MSG00001',
  sentAt: '20261207110000+0000',
  patientIds: [{ value: 'MRN-1', type: 'MR' }],
  observations,
  ...o,
});

const MMHG = '266016^MDC_DIM_MMHG^MDC';
const BPM = '264864^MDC_DIM_BEAT_PER_MIN^MDC';
const PERCENT = '262688^MDC_DIM_PERCENT^MDC';
const RPM = '264928^MDC_DIM_RESP_PER_MIN^MDC';
const DEGC = '268192^MDC_DIM_DEGC^MDC';
const SYS = '150021^MDC_PRESS_BLD_NONINV_SYS^MDC';
const DIA = '150022^MDC_PRESS_BLD_NONINV_DIA^MDC';
const ECG_HR = '147842^MDC_ECG_HEART_RATE^MDC';
const PULSE = '149530^MDC_PULS_OXIM_PULS_RATE^MDC';
const SPO2 = '150456^MDC_PULS_OXIM_SAT_O2^MDC';
const RESP = '151562^MDC_RESP_RATE^MDC';
const TEMP = '150364^MDC_TEMP_BODY^MDC';

/** The readings and notices of `message`, failing the test when it was refused as a whole. */
const read = (message: OruMessage) => {
  const r = readingsOfOru(message, ZONE);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.notices)}`);
  return r;
};

/** A notice's gist: where, what code, how bad. */
const gist = (n: Hl7Notice) => ({ location: n.location, code: n.error.code, severity: n.severity });

describe('instantOfHl7Time', () => {
  it.each([
    ['a time to the second in UTC', '20261207105955+0000', ZONE, '2026-12-07T10:59:55.000Z'],
    ['a time to the minute without offset, New York in December (EST)', '202612071059', ZONE, '2026-12-07T15:59:00.000Z'],
    ['a time to the second without offset, New York in July (EDT)', '20260707105900', ZONE, '2026-07-07T14:59:00.000Z'],
    ['a time with milliseconds and an offset of -0500', '20261207105955.123-0500', ZONE, '2026-12-07T15:59:55.123Z'],
    ['a time with one fractional digit', '20261207105955.5+0000', ZONE, '2026-12-07T10:59:55.500Z'],
    ['a time to the minute with an offset', '202612071059+0100', ZONE, '2026-12-07T09:59:00.000Z'],
    ['a half-hour offset', '20261207105900+0530', ZONE, '2026-12-07T05:29:00.000Z'],
    ['an offset that crosses midnight', '20261207230000-0300', ZONE, '2026-12-08T02:00:00.000Z'],
    ['a time in UTC read in UTC', '20261207105955', 'UTC', '2026-12-07T10:59:55.000Z'],
    ['spaces around it', ' 20261207105955+0000 ', ZONE, '2026-12-07T10:59:55.000Z'],
    ['29 February of a leap year', '20280229120000+0000', ZONE, '2028-02-29T12:00:00.000Z'],
  ])('reads %s', (_title, text, zone, iso) => {
    expect(instantOfHl7Time(text, zone)).toBe(iso);
  });

  it.each([
    ['no minutes', '2026120710'],
    ['month 13', '20261307105900'],
    ['30 February', '20260230100000'],
    ['29 February of a common year', '20270229100000'],
    ['hour 24 and minute 60', '20261207246000'],
    ['minute 60', '20261207106000'],
    ['second 60', '20261207105960'],
    ['an offset of 25 hours', '20261207105955+2500'],
    ['an offset of 60 minutes', '20261207105955+0060'],
    ['an offset without its minutes', '20261207105955+05'],
    ['a fraction without seconds', '202612071059.5'],
    ['a fraction of five digits', '20261207105955.12345'],
    ['ISO 8601 instead of HL7', '2026-12-07T10:59:55Z'],
    ['garbage', 'garbage'],
    ['nothing', ''],
  ])('refuses %s', (_title, text) => {
    expect(instantOfHl7Time(text, ZONE)).toBeUndefined();
  });
});

describe('readingsOfOru: the readings', () => {
  const FULL = { systolic: 120, diastolic: 80, heartRate: 72, spo2: 97, respiratoryRate: 14, temperature: 36.8 };
  const FROM = { systolic: 1, diastolic: 2, heartRate: 3, spo2: 4, respiratoryRate: 5, temperature: 6 };

  it.each([
    [
      'a GE-style set in MDC codes and units',
      [
        obx(1, SYS, '120', MMHG),
        obx(2, DIA, '80', MMHG),
        obx(3, ECG_HR, '72', BPM),
        obx(4, SPO2, '97', PERCENT),
        obx(5, RESP, '14', RPM),
        obx(6, TEMP, '36.8', DEGC),
      ],
    ],
    [
      'the same set in LOINC codes and UCUM units',
      [
        obx(1, '8480-6^Systolic blood pressure^LN', '120', 'mm[Hg]^^UCUM'),
        obx(2, '8462-4^Diastolic blood pressure^LN', '80', 'mm[Hg]^^UCUM'),
        obx(3, '8867-4^Heart rate^LN', '72', '/min^^UCUM'),
        obx(4, '59408-5^SpO2^LN', '97', '%^^UCUM'),
        obx(5, '9279-1^Respiratory rate^LN', '14', '/min^^UCUM'),
        obx(6, '8310-5^Body temperature^LN', '36.8', 'Cel^^UCUM'),
      ],
    ],
    [
      'MDC codes by their reference ids, units by theirs',
      [
        obx(1, 'MDC_PRESS_BLD_NONINV_SYS^^MDC', '120', 'MDC_DIM_MMHG^^MDC'),
        obx(2, '^MDC_PRESS_BLD_NONINV_DIA^MDC', '80', '^MDC_DIM_MMHG^MDC'),
        obx(3, ECG_HR, '72', '264864'),
        obx(4, SPO2, '97', '%'),
        obx(5, RESP, '14', '/min'),
        obx(6, TEMP, '36.8', 'Cel^^UCUM'),
      ],
    ],
  ])('%s is one reading with every field and no notice', (_title, observations) => {
    expect(readingsOfOru(oru(observations), ZONE)).toEqual({
      ok: true,
      mrn: 'MRN-1',
      readings: [{ reading: { clientId: clientIdOf('MSG00001', AT_ISO), measuredAt: AT_ISO, ...FULL }, from: FROM }],
      notices: [],
    });
  });

  it.each([
    ['ECG first', [obx(1, ECG_HR, '72', BPM), obx(2, PULSE, '75', BPM)], 1, 2],
    ['pulse oximeter first', [obx(1, PULSE, '75', BPM), obx(2, ECG_HR, '72', BPM)], 2, 1],
  ])('takes the ECG heart rate over the oximeter’s pulse rate at the same time (%s)', (_title, observations, used, unused) => {
    const r = read(oru(observations));
    expect(r.readings).toEqual([
      { reading: { clientId: clientIdOf('MSG00001', AT_ISO), measuredAt: AT_ISO, heartRate: 72 }, from: { heartRate: used } },
    ]);
    expect(r.notices.map(gist)).toEqual([{ location: { segment: 'OBX', sequence: unused, field: 3 }, code: '0', severity: 'I' }]);
    expect(r.notices[0]?.message).toContain('MDC_PULS_OXIM_PULS_RATE not used');
    expect(r.notices[0]?.message).toContain('MDC_ECG_HEART_RATE');
  });

  it('keeps the first of two observations of the same code at the same time and says so', () => {
    const r = read(oru([obx(1, SYS, '120', MMHG), obx(2, SYS, '125', MMHG)]));
    expect(r.readings[0]?.reading.systolic).toBe(120);
    expect(r.notices.map(gist)).toEqual([{ location: { segment: 'OBX', sequence: 2, field: 3 }, code: '0', severity: 'I' }]);
  });

  it('gives one reading per time, in time order, numbered from 0', () => {
    const r = read(
      oru([
        obx(1, ECG_HR, '72', BPM, { observedAt: '20261207110500+0000' }),
        obx(2, SPO2, '96', PERCENT, { observedAt: '20261207110500+0000' }),
        obx(3, ECG_HR, '70', BPM, { observedAt: '20261207105900+0000' }),
      ]),
    );
    expect(r.readings).toEqual([
      {
        reading: { clientId: clientIdOf('MSG00001', '2026-12-07T10:59:00.000Z'), measuredAt: '2026-12-07T10:59:00.000Z', heartRate: 70 },
        from: { heartRate: 3 },
      },
      {
        reading: {
          clientId: clientIdOf('MSG00001', '2026-12-07T11:05:00.000Z'),
          measuredAt: '2026-12-07T11:05:00.000Z',
          heartRate: 72,
          spo2: 96,
        },
        from: { heartRate: 1, spo2: 2 },
      },
    ]);
    expect(r.notices).toEqual([]);
  });

  it('puts the same instant written in two zones in one reading', () => {
    const r = read(
      oru([obx(1, SYS, '120', MMHG, { observedAt: '20261207105900+0000' }), obx(2, DIA, '80', MMHG, { observedAt: '202612070559-0500' })]),
    );
    expect(r.readings).toHaveLength(1);
    expect(r.readings[0]?.reading).toMatchObject({ systolic: 120, diastolic: 80 });
  });

  it.each([
    ['a whole number', SPO2, PERCENT, '97', { spo2: 97 }],
    ['a sign', ECG_HR, BPM, '+72', { heartRate: 72 }],
    ['a whole number with a point', ECG_HR, BPM, '72.', { heartRate: 72 }],
    ['a whole number with a zero fraction', ECG_HR, BPM, '72.0', { heartRate: 72 }],
    ['spaces around it', RESP, RPM, ' 14 ', { respiratoryRate: 14 }],
    ['a temperature to a tenth', TEMP, DEGC, '36.8', { temperature: 36.8 }],
    ['a temperature to a hundredth', TEMP, DEGC, '36.85', { temperature: 36.85 }],
  ])('reads %s', (_title, code, unit, value, fields) => {
    const r = read(oru([obx(1, code, value, unit)]));
    expect(r.readings.map((x) => x.reading)).toEqual([{ clientId: clientIdOf('MSG00001', AT_ISO), measuredAt: AT_ISO, ...fields }]);
    expect(r.notices).toEqual([]);
  });

  it.each([
    ['R (results entered, not verified)', 'R'],
    ['F (final)', 'F'],
    ['no status', ''],
    ['C (corrected)', 'C'],
  ])('records an observation of status %s', (_title, status) => {
    const r = read(oru([obx(1, ECG_HR, '72', BPM, { status })]));
    expect(r.readings.map((x) => x.reading.heartRate)).toEqual([72]);
    expect(r.notices).toEqual([]);
  });

  it.each([
    ['an OBX-14 time', { observedAt: '20261207105900+0000', requestObservedAt: '20261207100000+0000' }, {}, '2026-12-07T10:59:00.000Z'],
    ['OBR-7 when OBX-14 is empty', { observedAt: '', requestObservedAt: '20261207100000+0000' }, {}, '2026-12-07T10:00:00.000Z'],
    [
      'MSH-7 when OBX-14 and OBR-7 are empty',
      { observedAt: '', requestObservedAt: '' },
      { sentAt: '20261207110000+0000' },
      '2026-12-07T11:00:00.000Z',
    ],
    ['a local time in the site’s zone', { observedAt: '202612071059' }, {}, '2026-12-07T15:59:00.000Z'],
  ])('takes %s', (_title, times, message, iso) => {
    const r = read(oru([obx(1, ECG_HR, '72', BPM, times)], message));
    expect(r.readings.map((x) => x.reading.measuredAt)).toEqual([iso]);
    expect(r.notices).toEqual([]);
  });

  it('accepts a message without observations, with no reading and no notice', () => {
    expect(readingsOfOru(oru([]), ZONE)).toEqual({ ok: true, mrn: 'MRN-1', readings: [], notices: [] });
  });
});

describe('readingsOfOru: the observations it does not record', () => {
  const others = [obx(1, SYS, '120', MMHG), obx(2, DIA, '80', MMHG)];

  it.each([
    [
      'an unknown MDC code',
      obx(3, '999999^MDC_UNKNOWN^MDC', '1', BPM),
      { field: 3, code: '103', severity: 'W' },
      'not a vital sign Kairos records',
    ],
    [
      'a LOINC code in no system',
      obx(3, '8867-4^Heart rate^', '72', '/min'),
      { field: 3, code: '103', severity: 'W' },
      '8867-4 (Heart rate)',
    ],
    ['an empty code', obx(3, '', '72', '/min'), { field: 3, code: '103', severity: 'W' }, 'an empty code'],
    [
      'the mean pressure',
      obx(3, '150023^MDC_PRESS_BLD_NONINV_MEAN^MDC', '93', MMHG),
      { field: 3, code: '0', severity: 'I' },
      'mean arterial pressure',
    ],
    [
      'the blood pressure parent',
      obx(3, '150020^MDC_PRESS_BLD_NONINV^MDC', '', ''),
      { field: 3, code: '0', severity: 'I' },
      'MDC_PRESS_BLD_NONINV',
    ],
    ['a temperature in °F', obx(3, TEMP, '98.6', '[degF]^^UCUM'), { field: 6, code: '103', severity: 'E' }, '[degF]^UCUM is not converted'],
    [
      'a pressure in mmHg',
      obx(3, '8480-6^^LN', '120', 'mmHg^^UCUM'),
      { field: 6, code: '103', severity: 'E' },
      'the unit must be mm[Hg] (UCUM)',
    ],
    ['a heart rate without a unit', obx(3, ECG_HR, '72', ''), { field: 6, code: '103', severity: 'E' }, 'none was given'],
    ['a value that is not a number', obx(3, ECG_HR, 'abc', BPM), { field: 5, code: '102', severity: 'E' }, '"abc" is not a number'],
    ['an empty value', obx(3, ECG_HR, '', BPM), { field: 5, code: '102', severity: 'E' }, 'the value is missing'],
    ['an exponent', obx(3, ECG_HR, '7e1', BPM), { field: 5, code: '102', severity: 'E' }, 'is not a number'],
    ['a comparator', obx(3, SPO2, '>90', PERCENT), { field: 5, code: '102', severity: 'E' }, 'is not a number'],
    ['a decimal comma', obx(3, TEMP, '36,8', DEGC), { field: 5, code: '102', severity: 'E' }, 'is not a number'],
    ['an SpO2 with a fraction', obx(3, SPO2, '97.5', PERCENT), { field: 5, code: '102', severity: 'E' }, 'must be a whole number'],
    ['a respiratory rate with a fraction', obx(3, RESP, '14.2', RPM), { field: 5, code: '102', severity: 'E' }, 'must be a whole number'],
    ['a value of type ST', obx(3, ECG_HR, '72', BPM, { valueType: 'ST' }), { field: 2, code: '102', severity: 'E' }, 'must be NM'],
    ['a value of no type', obx(3, ECG_HR, '72', BPM, { valueType: '' }), { field: 2, code: '102', severity: 'E' }, 'must be NM'],
    [
      'status X (cannot be obtained)',
      obx(3, ECG_HR, '72', BPM, { status: 'X' }),
      { field: 11, code: '0', severity: 'W' },
      'cannot be obtained',
    ],
    ['status x in lower case', obx(3, ECG_HR, '72', BPM, { status: 'x' }), { field: 11, code: '0', severity: 'W' }, '(X); ignored'],
    ['status D (deleted)', obx(3, ECG_HR, '72', BPM, { status: 'D' }), { field: 11, code: '0', severity: 'W' }, 'deleted'],
    ['status W (wrong)', obx(3, ECG_HR, '72', BPM, { status: 'W' }), { field: 11, code: '0', severity: 'W' }, 'wrong'],
    [
      'an OBX-14 that is not a time',
      obx(3, ECG_HR, '72', BPM, { observedAt: '20261307105900' }),
      { field: 14, code: '102', severity: 'E' },
      'is not a time',
    ],
  ])('%s: one notice, the other observations recorded', (_title, observation, notice, words) => {
    const r = read(oru([...others, observation]));
    expect(r.readings).toEqual([
      {
        reading: { clientId: clientIdOf('MSG00001', AT_ISO), measuredAt: AT_ISO, systolic: 120, diastolic: 80 },
        from: { systolic: 1, diastolic: 2 },
      },
    ]);
    expect(r.notices.map(gist)).toEqual([
      { location: { segment: 'OBX', sequence: 3, field: notice.field }, code: notice.code, severity: notice.severity },
    ]);
    expect(r.notices[0]?.message).toContain(words);
  });

  it('refuses a temperature in °F but keeps the other fields of its reading', () => {
    const r = read(
      oru([obx(1, SYS, '120', MMHG), obx(2, ECG_HR, '72', BPM), obx(3, TEMP, '98.6', '[degF]^^UCUM'), obx(4, SPO2, '97', PERCENT)]),
    );
    expect(r.readings).toEqual([
      {
        reading: { clientId: clientIdOf('MSG00001', AT_ISO), measuredAt: AT_ISO, systolic: 120, heartRate: 72, spo2: 97 },
        from: { systolic: 1, heartRate: 2, spo2: 4 },
      },
    ]);
    expect(r.readings[0]?.reading).not.toHaveProperty('temperature');
    expect(r.notices.map(gist)).toEqual([{ location: { segment: 'OBX', sequence: 3, field: 6 }, code: '103', severity: 'E' }]);
  });

  it.each([
    ['OBR-7 that is not a time', { observedAt: '', requestObservedAt: 'soon' }, {}, { segment: 'OBR', sequence: 1, field: 7 }],
    [
      'no OBX-14 or OBR-7, MSH-7 not a time',
      { observedAt: '', requestObservedAt: '' },
      { sentAt: 'garbage' },
      { segment: 'MSH', sequence: 1, field: 7 },
    ],
    ['no time at all', { observedAt: '', requestObservedAt: '' }, { sentAt: '' }, { segment: 'MSH', sequence: 1, field: 7 }],
  ])('records nothing from an observation with %s', (_title, times, message, location) => {
    const r = read(oru([obx(1, ECG_HR, '72', BPM, times)], message));
    expect(r.readings).toEqual([]);
    expect(r.notices.map(gist)).toEqual([{ location, code: '102', severity: 'E' }]);
    expect(r.notices[0]?.message).toContain('no time of observation');
  });
});

describe('readingsOfOru: whose readings (PID-3)', () => {
  const one = [obx(1, ECG_HR, '72', BPM)];

  it.each([
    ['one untyped identifier', [{ value: 'A123', type: '' }], 'A123'],
    ['one identifier typed MR', [{ value: 'A123', type: 'MR' }], 'A123'],
    [
      'the MR among other types',
      [
        { value: '999-99-9999', type: 'SS' },
        { value: 'A123', type: 'MR' },
        { value: 'X9', type: '' },
      ],
      'A123',
    ],
    [
      'mr in lower case among others',
      [
        { value: 'X9', type: 'PI' },
        { value: ' A123 ', type: ' mr ' },
      ],
      'A123',
    ],
    [
      'one identifier beside an empty one',
      [
        { value: 'A123', type: '' },
        { value: ' ', type: 'MR' },
      ],
      'A123',
    ],
  ])('takes %s', (_title, patientIds, mrn) => {
    const r = readingsOfOru(oru(one, { patientIds }), ZONE);
    expect(r).toMatchObject({ ok: true, mrn });
  });

  it.each([
    [
      'two untyped identifiers',
      [
        { value: 'A123', type: '' },
        { value: 'B456', type: '' },
      ],
      '102',
      'none typed MR',
    ],
    [
      'two identifiers typed MR',
      [
        { value: 'A123', type: 'MR' },
        { value: 'B456', type: 'MR' },
      ],
      '102',
      'more than one identifier is typed MR',
    ],
    ['no identifier', [], '101', 'missing'],
    ['only empty identifiers', [{ value: '', type: 'MR' }], '101', 'missing'],
  ])('refuses the message with %s', (_title, patientIds, code, words) => {
    const r = readingsOfOru(oru(one, { patientIds }), ZONE);
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('readings');
    expect(r.notices.map(gist)).toEqual([{ location: { segment: 'PID', sequence: 1, field: 3 }, code, severity: 'E' }]);
    expect(r.notices[0]?.message).toContain(words);
  });
});

describe('readingsOfOru: hostile text', () => {
  it.each([
    ['200 characters', 'x'.repeat(200)],
    ['the HL7 delimiters', '|^~\\&'],
    ['a segment break', '72\rOBX|99|NM|150021^^MDC||300'],
    ['control characters', '\u0000\u0007\u001b'],
  ])('a value of %s is refused with a short notice', (_title, value) => {
    const r = read(oru([obx(1, ECG_HR, value, BPM)]));
    expect(r.readings).toEqual([]);
    expect(r.notices.map(gist)).toEqual([{ location: { segment: 'OBX', sequence: 1, field: 5 }, code: '102', severity: 'E' }]);
    expect(r.notices[0]?.message.length).toBeLessThanOrEqual(120);
  });

  it('quotes at most 40 characters of a value', () => {
    const r = read(oru([obx(1, ECG_HR, 'y'.repeat(200), BPM)]));
    expect(r.notices[0]?.message).toContain(`"${'y'.repeat(40)}"`);
    expect(r.notices[0]?.message).not.toContain('y'.repeat(41));
  });

  it('quotes at most 40 characters of a time', () => {
    const r = read(oru([obx(1, ECG_HR, '72', BPM, { observedAt: 't'.repeat(200) })]));
    expect(r.notices.map(gist)).toEqual([{ location: { segment: 'OBX', sequence: 1, field: 14 }, code: '102', severity: 'E' }]);
    expect(r.notices[0]?.message).not.toContain('t'.repeat(41));
  });

  it.each([
    ['400 digits as a temperature', TEMP, '9'.repeat(400)],
    ['21 digits as a heart rate', ECG_HR, '1'.repeat(21)],
  ])('refuses %s as not a number a monitor measures', (_title, code, value) => {
    const r = read(oru([obx(1, code, value, code === ECG_HR ? BPM : DEGC)]));
    expect(r.readings).toEqual([]);
    expect(r.notices.map(gist)).toEqual([{ location: { segment: 'OBX', sequence: 1, field: 5 }, code: '102', severity: 'E' }]);
    expect(r.notices[0]?.message).toContain('is not a number a monitor measures');
  });
});

describe('clientIdOf', () => {
  it.each([
    ['a short control id', 'MSG00001', '2026-12-07T10:59:55.000Z', 'hl7:MSG00001@20261207T105955Z'],
    ['milliseconds kept', 'MSG00001', '2026-12-07T10:59:55.250Z', 'hl7:MSG00001@20261207T105955.250Z'],
    ['spaces around the control id', ' MSG00001 ', '2026-12-07T10:59:00.000Z', 'hl7:MSG00001@20261207T105900Z'],
  ])('%s', (_title, controlId, at, id) => {
    expect(clientIdOf(controlId, at)).toBe(id);
  });

  it('a control id used again (a monitor restarted its counter) with readings of another time gives another id', () => {
    expect(clientIdOf('MSG00001', '2026-12-07T10:59:00.000Z')).not.toBe(clientIdOf('MSG00001', '2026-12-07T11:30:00.000Z'));
  });

  it.each([150, 90, 1000])('cuts a %i-character control id to at most 100 characters, the same each time', (length) => {
    const controlId = `${'a'.repeat(length - 3)}xyz`;
    const id = clientIdOf(controlId, AT_ISO);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(id).toMatch(new RegExp(`^hl7:${'a'.repeat(40)}…[0-9a-f]{16}@20261207T105955Z$`));
    expect(clientIdOf(controlId, AT_ISO)).toBe(id);
    expect(clientIdOf(controlId, '2026-12-07T11:00:00.000Z')).not.toBe(id);
  });

  it('numbers the readings of a message with a long control id apart', () => {
    const r = read(
      oru(
        [
          obx(1, ECG_HR, '72', BPM, { observedAt: '20261207105900+0000' }),
          obx(2, ECG_HR, '70', BPM, { observedAt: '20261207110000+0000' }),
        ],
        {
          controlId: 'z'.repeat(150),
        },
      ),
    );
    const ids = r.readings.map((x) => x.reading.clientId);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
  });

  it('gives different ids to two long control ids that differ only at their end', () => {
    const a = clientIdOf(`${'a'.repeat(80)}${'X'.repeat(20)}`, AT_ISO);
    const b = clientIdOf(`${'a'.repeat(80)}${'Y'.repeat(20)}`, AT_ISO);
    expect(a).not.toBe(b);
  });
});
