import { describe, expect, it } from 'vitest';
import { HL7_KNOWN_UNRECORDED, HL7_VITAL_CODES, hl7UnitAccepted, hl7VitalCodeOf, type Hl7VitalCode } from './vital-codes.js';

const rowOf = (system: 'LN' | 'MDC', code: string): Hl7VitalCode => {
  const row = HL7_VITAL_CODES.find((r) => r.system === system && r.code === code);
  if (row === undefined) throw new Error(`no row ${system}|${code}`);
  return row;
};

describe('the vital-sign code table', () => {
  it.each(HL7_VITAL_CODES.map((r) => [`${r.system} ${r.code} (${r.name})`, r] as const))(
    '%s names its source and a unit',
    (_title, row) => {
      expect(row.source.trim()).not.toBe('');
      expect(row.units.length).toBeGreaterThan(0);
      expect(row.name.trim()).not.toBe('');
    },
  );

  it('has each (system, code) once, recorded or known unrecorded', () => {
    const keys = [...HL7_VITAL_CODES, ...HL7_KNOWN_UNRECORDED].map((r) => `${r.system}|${r.code}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has each MDC reference id once', () => {
    const refids = HL7_VITAL_CODES.filter((r) => r.system === 'MDC').map((r) => r.name);
    expect(new Set(refids).size).toBe(refids.length);
  });

  it('gives each field one row of the best rank per system', () => {
    for (const system of ['LN', 'MDC'] as const) {
      const firsts = HL7_VITAL_CODES.filter((r) => r.system === system && r.rank === 1).map((r) => r.field);
      expect(new Set(firsts).size).toBe(firsts.length);
    }
  });

  it.each([
    ['150021', 'MDC_PRESS_BLD_NONINV_SYS', 'systolic'],
    ['150022', 'MDC_PRESS_BLD_NONINV_DIA', 'diastolic'],
    ['147842', 'MDC_ECG_HEART_RATE', 'heartRate'],
    ['149530', 'MDC_PULS_OXIM_PULS_RATE', 'heartRate'],
    ['150456', 'MDC_PULS_OXIM_SAT_O2', 'spo2'],
    ['151562', 'MDC_RESP_RATE', 'respiratoryRate'],
    ['150364', 'MDC_TEMP_BODY', 'temperature'],
  ])('MDC %s is %s, the %s', (code, name, field) => {
    expect(rowOf('MDC', code)).toMatchObject({ name, field });
  });

  it.each([
    ['150021', 'MDC_DIM_MMHG', '266016'],
    ['150022', 'MDC_DIM_MMHG', '266016'],
    ['147842', 'MDC_DIM_BEAT_PER_MIN', '264864'],
    ['149530', 'MDC_DIM_BEAT_PER_MIN', '264864'],
    ['150456', 'MDC_DIM_PERCENT', '262688'],
    ['151562', 'MDC_DIM_RESP_PER_MIN', '264928'],
    ['150364', 'MDC_DIM_DEGC', '268192'],
  ])('MDC %s takes %s as %s', (code, refid, unit) => {
    expect(rowOf('MDC', code).units).toContainEqual({ system: 'MDC', code: unit, refid });
  });

  it.each([
    ['150021 (MDC_PRESS_BLD_NONINV_SYS)', 150021, 2, 18949],
    ['150456 (MDC_PULS_OXIM_SAT_O2)', 150456, 2, 19384],
    ['147842 (MDC_ECG_HEART_RATE)', 147842, 2, 16770],
    ['266016 (MDC_DIM_MMHG)', 266016, 4, 3872],
    ['268192 (MDC_DIM_DEGC)', 268192, 4, 6048],
  ])('%s is partition x 65536 + term', (_title, code, partition, term) => {
    expect(partition * 65536 + term).toBe(code);
  });

  it('gives every row a UCUM unit, and every MDC unit its MDC_DIM reference id', () => {
    for (const row of HL7_VITAL_CODES) {
      expect(row.units.some((u) => u.system === 'UCUM')).toBe(true);
      for (const u of row.units) if (u.system === 'MDC') expect(u.refid).toMatch(/^MDC_DIM_/);
    }
  });

  it('has no Fahrenheit unit', () => {
    const codes = HL7_VITAL_CODES.flatMap((r) => r.units.map((u) => u.code));
    expect(codes).not.toContain('[degF]');
  });
});

describe('hl7VitalCodeOf', () => {
  it.each([
    ['a LOINC code', '8867-4', '', 'LN', 'LN', '8867-4'],
    ['a LOINC code, system in lower case', '8480-6', 'Systolic', 'ln', 'LN', '8480-6'],
    ['an MDC code', '150021', 'MDC_PRESS_BLD_NONINV_SYS', 'MDC', 'MDC', '150021'],
    ['an MDC code, system in lower case', '150456', '', 'mdc', 'MDC', '150456'],
    ['an MDC code with spaces around', ' 147842 ', '', ' MDC ', 'MDC', '147842'],
    ['an MDC reference id in component 1', 'MDC_PULS_OXIM_SAT_O2', '', 'MDC', 'MDC', '150456'],
    ['an MDC reference id in component 2', '', 'MDC_PULS_OXIM_SAT_O2', 'MDC', 'MDC', '150456'],
    ['an MDC reference id in component 2 beside an unknown number', '99999', 'MDC_TEMP_BODY', 'MDC', 'MDC', '150364'],
  ])('finds %s', (_title, code, name, system, rowSystem, rowCode) => {
    expect(hl7VitalCodeOf(code, name, system)).toMatchObject({ system: rowSystem, code: rowCode });
  });

  it.each([
    ['the mean pressure', '150023', 'MDC_PRESS_BLD_NONINV_MEAN'],
    ['the blood pressure parent', '150020', 'MDC_PRESS_BLD_NONINV'],
  ])('knows %s is not recorded', (_title, code, name) => {
    const row = hl7VitalCodeOf(code, '', 'MDC');
    expect(row).toMatchObject({ code, name });
    expect(row).toHaveProperty('why');
    expect(row).not.toHaveProperty('field');
    // By its reference id alone too, in component 1 or 2, as gateways write either.
    expect(hl7VitalCodeOf(name, '', 'MDC')).toBe(row);
    expect(hl7VitalCodeOf('', name, 'MDC')).toBe(row);
  });

  it.each([
    ['an unknown MDC code', '99999', '', 'MDC'],
    ['a LOINC code in SNOMED', '8867-4', '', 'SCT'],
    ['a LOINC code with no system', '8867-4', 'Heart rate', ''],
    ['an MDC code with no system', '150021', 'MDC_PRESS_BLD_NONINV_SYS', ''],
    ['an MDC code in LOINC', '150021', '', 'LN'],
    ['an MDC reference id in LOINC', 'MDC_PULS_OXIM_SAT_O2', '', 'LN'],
    ['a LOINC display as a reference id', '', 'Heart rate', 'MDC'],
    ['an unknown MDC reference id', '', 'MDC_PRESS_BLD_NONINV_MEAN_ARTERIAL', 'MDC'],
    ['an empty code', '', '', ''],
  ])('does not find %s', (_title, code, name, system) => {
    expect(hl7VitalCodeOf(code, name, system)).toBeUndefined();
  });
});

describe('hl7UnitAccepted', () => {
  it.each([
    ['mm[Hg] in UCUM for the systolic', rowOf('MDC', '150021'), 'mm[Hg]', '', 'UCUM', true],
    ['266016^MDC_DIM_MMHG^MDC for the systolic', rowOf('MDC', '150021'), '266016', 'MDC_DIM_MMHG', 'MDC', true],
    ['the MDC reference id in component 1', rowOf('MDC', '150022'), 'MDC_DIM_MMHG', '', 'MDC', true],
    ['the MDC reference id in component 2 alone', rowOf('MDC', '150022'), '', 'MDC_DIM_MMHG', 'MDC', true],
    ['266016 with no system', rowOf('LN', '8480-6'), '266016', '', '', true],
    ['mmHg (not UCUM)', rowOf('MDC', '150021'), 'mmHg', '', 'UCUM', false],
    ['mm[Hg] in MDC', rowOf('MDC', '150021'), 'mm[Hg]', '', 'MDC', false],
    ['266016 in UCUM', rowOf('MDC', '150021'), '266016', 'MDC_DIM_MMHG', 'UCUM', false],
    ['[degF] for the temperature', rowOf('MDC', '150364'), '[degF]', '', 'UCUM', false],
    ['Cel for the temperature', rowOf('MDC', '150364'), 'Cel', '', 'UCUM', true],
    ['268192^MDC_DIM_DEGC^MDC for the temperature', rowOf('LN', '8310-5'), '268192', 'MDC_DIM_DEGC', 'MDC', true],
    ['% for the SpO2', rowOf('MDC', '150456'), '%', '', 'UCUM', true],
    ['/min in UCUM for the heart rate', rowOf('MDC', '147842'), '/min', '', 'UCUM', true],
    ['/min with no system for the heart rate', rowOf('MDC', '147842'), '/min', '', '', true],
    ['/min in lower-case ucum', rowOf('LN', '9279-1'), '/min', '', 'ucum', true],
    ['/min in a wrong system', rowOf('MDC', '147842'), '/min', '', 'ISO+', false],
    ['beats per minute for the respiratory rate', rowOf('MDC', '151562'), '264864', 'MDC_DIM_BEAT_PER_MIN', 'MDC', false],
    ['the percent for the heart rate', rowOf('MDC', '147842'), '%', '', 'UCUM', false],
    ['no unit at all', rowOf('MDC', '150021'), '', '', '', false],
  ])('%s', (_title, row, code, name, system, accepted) => {
    expect(hl7UnitAccepted(row, code, name, system)).toBe(accepted);
  });
});
