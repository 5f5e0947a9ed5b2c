import { describe, expect, it } from 'vitest';
import { dosingDefaults, type DosingSection } from '../protocol-config/sections/dosing.js';
import { param } from '../protocol-config/param.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { DOSE_REFUSAL_CODES, calculateDose, ivDoseRule, type DoseInput, type DoseResult } from './calculate-dose.js';

const config = { dosing: dosingDefaults };

/** The example: 82 kg, 0.5 mg/kg, 40 min, 10 mg/mL, 100 mL diluent. */
function order(overrides: Partial<DoseInput> = {}): DoseInput {
  return { weightKg: 82, mgPerKg: 0.5, minutes: 40, vialMgPerMl: 10, diluentMl: 100, ...overrides };
}

function numbers(r: DoseResult) {
  if (!r.ok) throw new Error(`refused: ${r.refusal.code} ${r.refusal.message}`);
  const { doseMg, drawnVolumeMl, bagTotalMl, rateMlPerHour } = r.calculation;
  return { doseMg, drawnVolumeMl, bagTotalMl, rateMlPerHour };
}

function code(r: DoseResult): string {
  return r.ok ? 'OK' : r.refusal.code;
}

describe('calculateDose: worked examples of cli-contract.md', () => {
  it('82 kg x 0.5 mg/kg at 10 mg/mL in 100 mL over 40 min: 41 mg, 4.1 mL, 104.1 mL, 156.15 -> 156.2 mL/h', () => {
    expect(numbers(calculateDose(order(), config))).toEqual({ doseMg: 41, drawnVolumeMl: 4.1, bagTotalMl: 104.1, rateMlPerHour: 156.2 });
  });
  it('80.3 kg x 0.5 = 40.15 -> 40.2 mg (tie away from zero)', () => {
    expect(numbers(calculateDose(order({ weightKg: 80.3 }), config)).doseMg).toBe(40.2);
  });
  it('201 kg x 0.5 = 100.5 mg at 100 mg/mL -> 1.005 -> 1.01 mL', () => {
    const r = numbers(calculateDose(order({ weightKg: 201, vialMgPerMl: 100, diluentMl: 100 }), config));
    expect(r.doseMg).toBe(100.5);
    expect(r.drawnVolumeMl).toBe(1.01);
    expect(r.bagTotalMl).toBe(101.01);
  });
  it('70 kg, no diluent (syringe pump): 35 mg, 3.5 mL, 3.5 mL, 5.25 -> 5.3 mL/h', () => {
    const r = calculateDose(order({ weightKg: 70, diluentMl: 0 }), config);
    expect(numbers(r)).toEqual({ doseMg: 35, drawnVolumeMl: 3.5, bagTotalMl: 3.5, rateMlPerHour: 5.3 });
    expect(r.ok && r.calculation.pump).toBe('syringe');
  });
  it('82 kg, syringe pump: rate 4.1 x 60 / 40 = 6.15 -> 6.2 mL/h', () => {
    expect(numbers(calculateDose(order({ diluentMl: 0 }), config)).rateMlPerHour).toBe(6.2);
  });
  it('each step uses the previous rounded value: 83.3 kg x 0.7 = 58.31 -> 58.3 mg; / 50 = 1.166 -> 1.17 mL', () => {
    const r = numbers(calculateDose(order({ weightKg: 83.3, mgPerKg: 0.7, vialMgPerMl: 50, diluentMl: 50, minutes: 45 }), config));
    expect(r).toEqual({ doseMg: 58.3, drawnVolumeMl: 1.17, bagTotalMl: 51.17, rateMlPerHour: 68.2 });
  });
  it('returns every number of the calculation and the limits it was checked against', () => {
    const r = calculateDose(order({ weightMeasuredOn: '2026-11-20' }), config, '2026-12-01');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.calculation.inputs).toEqual({ ...order({ weightMeasuredOn: '2026-11-20' }), asOf: '2026-12-01' });
    expect(r.calculation.weightAgeDays).toBe(11);
    expect(r.calculation.pump).toBe('bag');
    expect(r.calculation.doubleCheckRequired).toBe(true);
    expect(r.calculation.limits).toEqual({
      minimumMgPerKg: 0.1,
      maximumMgPerKg: 1,
      weightKg: { min: 30, max: 250 },
      weightMaxAgeDays: 30,
      minutes: { min: 20, max: 120 },
    });
  });
});

describe('calculateDose: boundaries', () => {
  it.each([
    ['weight 30 kg accepted (bound inclusive)', order({ weightKg: 30 }), 'OK'],
    ['weight 250 kg accepted (bound inclusive)', order({ weightKg: 250 }), 'OK'],
    ['weight 29.99 kg refused', order({ weightKg: 29.99 }), 'WEIGHT_IMPLAUSIBLE'],
    ['weight 250.01 kg refused', order({ weightKg: 250.01 }), 'WEIGHT_IMPLAUSIBLE'],
    ['weight 0 kg refused as implausible, not read as missing', order({ weightKg: 0 }), 'WEIGHT_IMPLAUSIBLE'],
    ['duration 20 min accepted', order({ minutes: 20 }), 'OK'],
    ['duration 120 min accepted', order({ minutes: 120 }), 'OK'],
    ['duration 19.9 min refused', order({ minutes: 19.9 }), 'DURATION_OUT_OF_RANGE'],
    ['duration 121 min refused', order({ minutes: 121 }), 'DURATION_OUT_OF_RANGE'],
    ['duration 0 min refused', order({ minutes: 0 }), 'DURATION_OUT_OF_RANGE'],
    ['dose exactly the site maximum 1.0 mg/kg accepted', order({ mgPerKg: 1 }), 'OK'],
    ['dose 1.01 mg/kg above the maximum refused', order({ mgPerKg: 1.01 }), 'DOSE_ABOVE_MAXIMUM'],
    ['dose exactly the minimum 0.1 mg/kg accepted', order({ mgPerKg: 0.1 }), 'OK'],
    ['dose 0.09 mg/kg refused', order({ mgPerKg: 0.09 }), 'DOSE_BELOW_MINIMUM'],
    ['dose 0 mg/kg is invalid input', order({ mgPerKg: 0 }), 'INVALID_INPUT'],
    ['dose -0.5 mg/kg is invalid input', order({ mgPerKg: -0.5 }), 'INVALID_INPUT'],
    ['vial 10, 50 and 100 mg/mL known; 25 unknown', order({ vialMgPerMl: 25 }), 'VIAL_UNKNOWN'],
    ['vial 0 mg/mL unknown', order({ vialMgPerMl: 0 }), 'VIAL_UNKNOWN'],
    ['negative diluent is invalid input', order({ diluentMl: -1 }), 'INVALID_INPUT'],
    ['NaN weight is invalid input', order({ weightKg: Number.NaN }), 'INVALID_INPUT'],
    ['infinite minutes is invalid input', order({ minutes: Infinity }), 'INVALID_INPUT'],
  ])('%s', (_title, input, expected) => {
    expect(code(calculateDose(input, config))).toBe(expected);
  });

  it('weight measured exactly 30 days before asOf accepted; 31 days refused as WEIGHT_STALE', () => {
    expect(code(calculateDose(order({ weightMeasuredOn: '2026-11-01' }), config, '2026-12-01'))).toBe('OK');
    expect(code(calculateDose(order({ weightMeasuredOn: '2026-10-31' }), config, '2026-12-01'))).toBe('WEIGHT_STALE');
  });
  it('weight measured on the dose date is 0 days old and accepted', () => {
    expect(code(calculateDose(order({ weightMeasuredOn: '2026-12-01' }), config, '2026-12-01'))).toBe('OK');
  });
  it('weight measured after asOf is invalid input', () => {
    expect(code(calculateDose(order({ weightMeasuredOn: '2026-12-02' }), config, '2026-12-01'))).toBe('INVALID_INPUT');
  });
  it('weightMeasuredOn without asOf is invalid input', () => {
    const r = calculateDose(order({ weightMeasuredOn: '2026-11-20' }), config);
    expect(code(r)).toBe('INVALID_INPUT');
    expect(r.ok ? '' : r.refusal.field).toBe('asOf');
  });
  it('a malformed date is invalid input', () => {
    expect(code(calculateDose(order({ weightMeasuredOn: '2026-11-31' }), config, '2026-12-01'))).toBe('INVALID_INPUT');
    expect(code(calculateDose(order(), config, '01/12/2026'))).toBe('INVALID_INPUT');
  });

  it('100 mg/mL with diluent equal to the rounded drawn volume accepted; 0.01 mL less refused as UNDILUTED_IV', () => {
    // 70 kg x 0.5 = 35 mg / 100 = 0.35 mL
    expect(code(calculateDose(order({ weightKg: 70, vialMgPerMl: 100, diluentMl: 0.35 }), config))).toBe('OK');
    expect(code(calculateDose(order({ weightKg: 70, vialMgPerMl: 100, diluentMl: 0.34 }), config))).toBe('UNDILUTED_IV');
    expect(code(calculateDose(order({ weightKg: 70, vialMgPerMl: 100, diluentMl: 0 }), config))).toBe('UNDILUTED_IV');
  });
  it('uses the rounded drawn volume: 201 kg at 100 mg/mL draws 1.01 mL, so 1.005 mL diluent is refused and 1.01 accepted', () => {
    expect(code(calculateDose(order({ weightKg: 201, vialMgPerMl: 100, diluentMl: 1.005 }), config))).toBe('UNDILUTED_IV');
    expect(code(calculateDose(order({ weightKg: 201, vialMgPerMl: 100, diluentMl: 1.01 }), config))).toBe('OK');
  });
  it('10 and 50 mg/mL may run undiluted (syringe pump)', () => {
    expect(code(calculateDose(order({ vialMgPerMl: 50, diluentMl: 0 }), config))).toBe('OK');
  });
});

describe('calculateDose: refusal order (the first that applies wins)', () => {
  // Each row breaks its own check and every later one, so only the order decides.
  const everythingWrong = order({
    mgPerKg: 2,
    vialMgPerMl: 25,
    minutes: 10,
    weightKg: 300,
    weightMeasuredOn: '2026-01-01',
  });
  it.each([
    ['INVALID_INPUT before all', { ...everythingWrong, diluentMl: -1 }, 'INVALID_INPUT'],
    ['VIAL_UNKNOWN before DURATION_OUT_OF_RANGE', everythingWrong, 'VIAL_UNKNOWN'],
    ['DURATION_OUT_OF_RANGE before WEIGHT_IMPLAUSIBLE', { ...everythingWrong, vialMgPerMl: 100 }, 'DURATION_OUT_OF_RANGE'],
    ['WEIGHT_IMPLAUSIBLE before WEIGHT_STALE', { ...everythingWrong, vialMgPerMl: 100, minutes: 40 }, 'WEIGHT_IMPLAUSIBLE'],
    ['WEIGHT_STALE before DOSE_ABOVE_MAXIMUM', { ...everythingWrong, vialMgPerMl: 100, minutes: 40, weightKg: 70 }, 'WEIGHT_STALE'],
    [
      'DOSE_BELOW_MINIMUM before UNDILUTED_IV',
      { ...everythingWrong, vialMgPerMl: 100, minutes: 40, weightKg: 70, weightMeasuredOn: '2026-11-30', mgPerKg: 0.05, diluentMl: 0 },
      'DOSE_BELOW_MINIMUM',
    ],
    [
      'DOSE_ABOVE_MAXIMUM before UNDILUTED_IV',
      { ...everythingWrong, vialMgPerMl: 100, minutes: 40, weightKg: 70, weightMeasuredOn: '2026-11-30', diluentMl: 0 },
      'DOSE_ABOVE_MAXIMUM',
    ],
    [
      'UNDILUTED_IV last',
      { ...everythingWrong, vialMgPerMl: 100, minutes: 40, weightKg: 70, weightMeasuredOn: '2026-11-30', mgPerKg: 0.5, diluentMl: 0 },
      'UNDILUTED_IV',
    ],
  ])('%s', (_title, input, expected) => {
    expect(code(calculateDose(input, config, '2026-12-01'))).toBe(expected);
  });
  it('lists the codes in the order they are checked', () => {
    expect(DOSE_REFUSAL_CODES).toEqual([
      'INVALID_INPUT',
      'VIAL_UNKNOWN',
      'VIAL_NOT_STOCKED',
      'DURATION_OUT_OF_RANGE',
      'WEIGHT_IMPLAUSIBLE',
      'WEIGHT_STALE',
      'DOSE_BELOW_MINIMUM',
      'DOSE_ABOVE_MAXIMUM',
      'UNDILUTED_IV',
    ]);
  });
});

describe('calculateDose: reads the site configuration', () => {
  const site: DosingSection = {
    ...dosingDefaults,
    siteMaximumMgPerKg: param(0.75, 'mg/kg', siteDefault(), { min: 0.5, max: 1.5 }),
    weightMaxAgeDays: param(7, 'day', siteDefault(), { min: 1, max: 90 }),
  };
  it('a site maximum of 0.75 mg/kg accepts 0.75 and refuses 0.8', () => {
    expect(code(calculateDose(order({ mgPerKg: 0.75 }), { dosing: site }))).toBe('OK');
    expect(code(calculateDose(order({ mgPerKg: 0.8 }), { dosing: site }))).toBe('DOSE_ABOVE_MAXIMUM');
  });
  it('a 7-day weight limit accepts 7 days and refuses 8', () => {
    expect(code(calculateDose(order({ weightMeasuredOn: '2026-11-24' }), { dosing: site }, '2026-12-01'))).toBe('OK');
    expect(code(calculateDose(order({ weightMeasuredOn: '2026-11-23' }), { dosing: site }, '2026-12-01'))).toBe('WEIGHT_STALE');
  });
});

describe('ivDoseRule', () => {
  it('has an id, a version, a title, sources and a pure evaluate', () => {
    expect(ivDoseRule.id).toBe('iv-dose');
    expect(ivDoseRule.version).toBe('2');
    expect(ivDoseRule.title).not.toBe('');
    expect(ivDoseRule.sources.length).toBeGreaterThan(0);
    expect(ivDoseRule.evaluate(order(), config)).toEqual(calculateDose(order(), config));
  });
});

describe('calculateDose: the vial strengths the site stocks', () => {
  const stocking = (strengths: readonly number[]): { dosing: DosingSection } => ({
    dosing: { ...dosingDefaults, vialStrengthsStockedMgPerMl: param(strengths, 'mg/mL', siteDefault()) },
  });
  it.each([10, 50, 100])('the defaults stock every label strength: %i mg/mL is accepted', (vialMgPerMl) => {
    expect(calculateDose(order({ vialMgPerMl }), config).ok).toBe(true);
  });
  it.each([
    [[10], 10, 'OK'],
    [[10], 50, 'VIAL_NOT_STOCKED'],
    [[10], 100, 'VIAL_NOT_STOCKED'],
    [[50, 100], 10, 'VIAL_NOT_STOCKED'],
    [[50, 100], 50, 'OK'],
    [[10], 25, 'VIAL_UNKNOWN'],
  ] as const)('stocked %j, vial %i mg/mL: %s', (stocked, vialMgPerMl, expected) => {
    expect(code(calculateDose(order({ vialMgPerMl }), stocking(stocked)))).toBe(expected);
  });
  it('VIAL_NOT_STOCKED is checked right after VIAL_UNKNOWN, before the duration and the weight', () => {
    const r = calculateDose(order({ vialMgPerMl: 50, minutes: 10, weightKg: 300 }), stocking([10]));
    expect(code(r)).toBe('VIAL_NOT_STOCKED');
    expect(!r.ok && r.refusal).toMatchObject({ field: 'vialMgPerMl', message: expect.stringContaining('stocked: 10 mg/mL') as unknown });
    expect(code(calculateDose(order({ vialMgPerMl: 50, minutes: 40, weightKg: 80, mgPerKg: 0 }), stocking([10])))).toBe('INVALID_INPUT');
  });
});
