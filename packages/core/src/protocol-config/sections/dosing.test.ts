import { describe, expect, it } from 'vitest';
import { param, type Param } from '../param.js';
import { ProvenanceSchema, siteDefault } from '../provenance.js';
import { dosingDefaults, validateDosingSection } from './dosing.js';

function leaves(tree: unknown, path = ''): [string, Param<unknown>][] {
  if (typeof tree === 'object' && tree !== null && 'provenance' in tree && 'unit' in tree) return [[path, tree as Param<unknown>]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => leaves(v, path === '' ? k : `${path}.${k}`));
}

describe('dosing section', () => {
  it('every leaf is a Param with a valid provenance', () => {
    const all = leaves(dosingDefaults);
    expect(all.length).toBeGreaterThan(10);
    for (const [path, p] of all) expect([path, ProvenanceSchema.safeParse(p.provenance).success]).toEqual([path, true]);
  });
  it('holds the protocol defaults: 0.5 mg/kg (0.1 to 1.5), maximum 1.0 (0.5 to 1.5), 40 min (20 to 120), 30 days (1 to 90), 30 to 250 kg', () => {
    expect(dosingDefaults.doseMgPerKg).toMatchObject({ value: 0.5, unit: 'mg/kg', min: 0.1, max: 1.5 });
    expect(dosingDefaults.siteMaximumMgPerKg).toMatchObject({ value: 1, min: 0.5, max: 1.5 });
    expect(dosingDefaults.doseMinimumMgPerKg.value).toBe(0.1);
    expect(dosingDefaults.infusionMinutes).toMatchObject({ value: 40, unit: 'min', min: 20, max: 120 });
    expect(dosingDefaults.weightMaxAgeDays).toMatchObject({ value: 30, unit: 'day', min: 1, max: 90 });
    expect([dosingDefaults.plausibleWeightKg.min.value, dosingDefaults.plausibleWeightKg.max.value]).toEqual([30, 250]);
    expect(dosingDefaults.vialStrengthsMgPerMl.value).toEqual([10, 50, 100]);
    expect(dosingDefaults.undilutedForbiddenMgPerMl.value).toBe(100);
    expect(dosingDefaults.independentDoubleCheckRequired.value).toBe(true);
  });
  it('site defaults are marked as such (maximum, weight age, plausible weight, double check)', () => {
    expect(dosingDefaults.siteMaximumMgPerKg.provenance.kind).toBe('site-default');
    expect(dosingDefaults.weightMaxAgeDays.provenance.kind).toBe('site-default');
    expect(dosingDefaults.plausibleWeightKg.min.provenance.kind).toBe('site-default');
    expect(dosingDefaults.independentDoubleCheckRequired.provenance.kind).toBe('site-default');
  });
  it('is frozen', () => {
    expect(Object.isFrozen(dosingDefaults)).toBe(true);
    expect(Object.isFrozen(dosingDefaults.plausibleWeightKg)).toBe(true);
    expect(Object.isFrozen(dosingDefaults.vialStrengthsMgPerMl.value)).toBe(true);
  });
  it('the defaults pass the cross-field checks', () => {
    expect(validateDosingSection(dosingDefaults)).toEqual([]);
  });
  it('a default dose above the site maximum is an issue at dosing.doseMgPerKg', () => {
    const s = {
      ...dosingDefaults,
      siteMaximumMgPerKg: param(0.5, 'mg/kg', siteDefault(), { min: 0.5, max: 1.5 }),
      doseMgPerKg: param(0.6, 'mg/kg', siteDefault(), { min: 0.1, max: 1.5 }),
    };
    expect(validateDosingSection(s).map((i) => i.path)).toEqual(['doseMgPerKg']);
  });
  it('plausible weight min above max is an issue', () => {
    const s = { ...dosingDefaults, plausibleWeightKg: { min: param(250, 'kg', siteDefault()), max: param(30, 'kg', siteDefault()) } };
    expect(validateDosingSection(s).map((i) => i.path)).toEqual(['plausibleWeightKg']);
  });
});

describe('dosing section: stocked vial strengths and the diluent', () => {
  it('stocks all three label strengths by default, a site default', () => {
    expect(dosingDefaults.vialStrengthsStockedMgPerMl).toMatchObject({
      value: [10, 50, 100],
      unit: 'mg/mL',
      provenance: { kind: 'site-default' },
    });
  });
  it('the diluent is 100 mL of 0.9% sodium chloride, 0 to 250 mL, a site default (0 = syringe pump)', () => {
    expect(dosingDefaults.diluentMl).toMatchObject({ value: 100, unit: 'mL', min: 0, max: 250, provenance: { kind: 'site-default' } });
    expect(dosingDefaults.diluentMl.provenance.note).toContain('0.9% sodium chloride');
  });
  it.each([
    [[10], []],
    [[50, 100], []],
    [[10, 50, 100], []],
    [[], ['vialStrengthsStockedMgPerMl']],
    [[25], ['vialStrengthsStockedMgPerMl.0']],
    [[10, 10], ['vialStrengthsStockedMgPerMl']],
  ])('stocked %j: issues at %j (a non-empty subset of the label strengths)', (stocked, paths) => {
    const s = { ...dosingDefaults, vialStrengthsStockedMgPerMl: param<readonly number[]>(stocked, 'mg/mL', siteDefault()) };
    expect(validateDosingSection(s).map((i) => i.path)).toEqual(paths);
  });
});
