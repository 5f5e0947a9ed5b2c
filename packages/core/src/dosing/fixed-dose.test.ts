import { describe, expect, it } from 'vitest';
import { dosingDefaults, validateDosingSection } from '../protocol-config/sections/dosing.js';
import { param } from '../protocol-config/param.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { doseOrderWords } from './dose-words.js';
import { calculateFixedDose, fixedDoseRule, type FixedDoseInput, type FixedDoseResult } from './fixed-dose.js';

const withRoutes = (routes: string[], more: Partial<typeof dosingDefaults> = {}) => ({
  dosing: { ...dosingDefaults, routesEnabled: param<readonly string[]>(routes, '1', siteDefault()), ...more },
});
const config = withRoutes(['IV', 'IM', 'SL']);

const im = (o: Partial<FixedDoseInput> = {}): FixedDoseInput => ({ route: 'IM', doseMg: 35, weightKg: 70, vialMgPerMl: 50, ...o });
const sl = (o: Partial<FixedDoseInput> = {}): FixedDoseInput => ({
  route: 'SL',
  doseMg: 50,
  weightKg: 70,
  form: 'troche',
  strengthMg: 100,
  ...o,
});

const refusal = (r: FixedDoseResult) => (r.ok ? 'OK' : `${r.refusal.code} ${r.refusal.field ?? ''}`.trim());

describe('calculateFixedDose: what to give', () => {
  it('IM 35 mg for 70 kg from 50 mg/mL: 0.5 mg/kg, 0.7 mL drawn', () => {
    const r = calculateFixedDose(im(), config);
    expect(r.ok && [r.calculation.doseMg, r.calculation.mgPerKg, r.calculation.drawnVolumeMl, r.calculation.amount]).toEqual([
      35,
      0.5,
      0.7,
      undefined,
    ]);
  });
  it('IM 33.33 mg -> 33.3 mg; 83 kg -> 0.40 mg/kg; from 10 mg/mL 3.33 mL', () => {
    const r = calculateFixedDose(im({ doseMg: 33.33, weightKg: 83, vialMgPerMl: 10 }), config);
    expect(r.ok && [r.calculation.doseMg, r.calculation.mgPerKg, r.calculation.drawnVolumeMl]).toEqual([33.3, 0.4, 3.33]);
  });
  it('sublingual 50 mg with 100 mg troches: half a troche, 0.71 mg/kg of 70 kg', () => {
    const r = calculateFixedDose(sl(), config);
    expect(r.ok && [r.calculation.doseMg, r.calculation.mgPerKg, r.calculation.amount, r.calculation.drawnVolumeMl]).toEqual([
      50,
      0.71,
      { value: 0.5, per: 'troche' },
      undefined,
    ]);
  });
  it('an oral solution of 10 mg/mL: 25 mg is 2.5 mL', () => {
    const r = calculateFixedDose(sl({ doseMg: 25, form: 'solution', strengthMg: 10 }), config);
    expect(r.ok && r.calculation.amount).toEqual({ value: 2.5, per: 'mL' });
  });
  it('records its inputs, the weight age, the double check and the limits', () => {
    const r = calculateFixedDose(im({ weightMeasuredOn: '2026-11-30' }), config, '2026-12-07');
    expect(r.ok && r.calculation).toMatchObject({
      route: 'IM',
      inputs: { ...im({ weightMeasuredOn: '2026-11-30' }), asOf: '2026-12-07' },
      weightAgeDays: 7,
      doubleCheckRequired: true,
      limits: { maximumMgPerKg: 1, weightKg: { min: 30, max: 250 }, weightMaxAgeDays: 30 },
    });
  });
  it('the site maximum applies exactly: 70 mg for 70 kg at 1.0 mg/kg is accepted, 70.1 mg is not', () => {
    expect(refusal(calculateFixedDose(im({ doseMg: 70 }), config))).toBe('OK');
    expect(refusal(calculateFixedDose(im({ doseMg: 70.1 }), config))).toBe('DOSE_ABOVE_MAXIMUM doseMg');
    expect(refusal(calculateFixedDose(sl({ doseMg: 70.04 }), config))).toBe('OK'); // 70.04 rounds to 70.0 mg
  });
  it('a site maximum of 1.5 mg/kg lets 150 mg for 100 kg pass', () => {
    const high = withRoutes(['SL'], { siteMaximumMgPerKg: param(1.5, 'mg/kg', siteDefault(), { min: 0.5, max: 1.5 }) });
    expect(refusal(calculateFixedDose(sl({ doseMg: 150, weightKg: 100 }), high))).toBe('OK');
  });
});

describe('calculateFixedDose: refusals name the field, the first that applies wins', () => {
  const rows: [string, FixedDoseInput, string, ReturnType<typeof withRoutes>?][] = [
    ['IM not offered (the default offers IV only)', im(), 'ROUTE_NOT_ENABLED route', { dosing: dosingDefaults }],
    ['sublingual not offered', sl(), 'ROUTE_NOT_ENABLED route', withRoutes(['IV', 'IM'])],
    ['a dose of 0', im({ doseMg: 0 }), 'INVALID_INPUT doseMg'],
    ['a negative dose', sl({ doseMg: -5 }), 'INVALID_INPUT doseMg'],
    ['a dose that is not a number', im({ doseMg: Number.NaN }), 'INVALID_INPUT doseMg'],
    ['an infinite weight', im({ weightKg: Number.POSITIVE_INFINITY }), 'INVALID_INPUT weightKg'],
    ['IM without its vial', im({ vialMgPerMl: undefined }), 'PRODUCT_INCOMPLETE vialMgPerMl'],
    ['sublingual without its form', sl({ form: undefined }), 'PRODUCT_INCOMPLETE form'],
    ['sublingual without a strength', sl({ strengthMg: undefined }), 'PRODUCT_INCOMPLETE strengthMg'],
    ['sublingual with a strength of 0', sl({ strengthMg: 0 }), 'PRODUCT_INCOMPLETE strengthMg'],
    ['IM from a vial the label does not know', im({ vialMgPerMl: 25 }), 'VIAL_UNKNOWN vialMgPerMl'],
    [
      'IM from a vial the site does not stock',
      im({ vialMgPerMl: 100 }),
      'VIAL_NOT_STOCKED vialMgPerMl',
      withRoutes(['IM'], { vialStrengthsStockedMgPerMl: param<readonly number[]>([10, 50], 'mg/mL', siteDefault()) }),
    ],
    ['a weight of 29 kg', im({ weightKg: 29, doseMg: 10 }), 'WEIGHT_IMPLAUSIBLE weightKg'],
    ['a weight of 251 kg', sl({ weightKg: 251 }), 'WEIGHT_IMPLAUSIBLE weightKg'],
    ['a weight 31 days old', { ...im(), weightMeasuredOn: '2026-11-06' }, 'WEIGHT_STALE weightMeasuredOn'],
    ['a weight measured after the dose date', { ...im(), weightMeasuredOn: '2026-12-08' }, 'INVALID_INPUT weightMeasuredOn'],
    ['above the maximum', sl({ doseMg: 150 }), 'DOSE_ABOVE_MAXIMUM doseMg'],
    ['the route before the dose: an unoffered route with a dose of 0', im({ doseMg: 0 }), 'ROUTE_NOT_ENABLED route', withRoutes(['IV'])],
  ];
  it.each(rows)('%s', (_name, input, expected, cfg) => {
    expect(refusal(calculateFixedDose(input, cfg ?? config, '2026-12-07'))).toBe(expected);
  });
  it('a weight exactly 30 days old is accepted', () => {
    expect(refusal(calculateFixedDose({ ...im(), weightMeasuredOn: '2026-11-07' }, config, '2026-12-07'))).toBe('OK');
  });
});

describe('the routes a site offers', () => {
  it('IV only by default', () => {
    expect(dosingDefaults.routesEnabled.value).toEqual(['IV']);
  });
  it.each([
    [[], 'routesEnabled'],
    [['IV', 'PO'], 'routesEnabled.1'],
    [['IM', 'IM'], 'routesEnabled'],
  ])('%j is refused at %s', (routes, path) => {
    const issues = validateDosingSection(withRoutes(routes).dosing);
    expect(issues.map((i) => i.path)).toContain(path);
  });
  it('any non-empty set of known routes is accepted', () => {
    expect(validateDosingSection(withRoutes(['SL']).dosing)).toEqual([]);
  });
  it('the rule is fixed-dose@1', () => {
    expect(`${fixedDoseRule.id}@${fixedDoseRule.version}`).toBe('fixed-dose@1');
  });
});

describe('a dose order in words', () => {
  const ok = (r: FixedDoseResult) => {
    if (!r.ok) throw new Error(r.refusal.message);
    return r.calculation;
  };
  it('IM: the mg, the mg/kg and the volume drawn', () => {
    expect(doseOrderWords(ok(calculateFixedDose(im(), config)))).toEqual({
      dose: '35 mg by intramuscular injection (0.5 mg/kg of 70 kg)',
      preparation: '0.7 mL drawn from a 50 mg/mL vial, given as one injection',
    });
  });
  it('sublingual: how many troches of which strength', () => {
    expect(doseOrderWords(ok(calculateFixedDose(sl({ doseMg: 70 }), config))).preparation).toBe('0.7 troches of 100 mg (troche)');
    expect(doseOrderWords(ok(calculateFixedDose(sl({ doseMg: 25, form: 'solution', strengthMg: 10 }), config))).preparation).toBe(
      '2.5 mL of a 10 mg/mL oral solution',
    );
  });
});
