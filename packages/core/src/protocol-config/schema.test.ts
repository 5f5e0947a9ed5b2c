import { describe, expect, it } from 'vitest';
import { param } from './param.js';
import { fromSource, needsReview, siteDefault, type Provenance } from './provenance.js';
import {
  DEFAULT_PROTOCOL_CONFIG,
  PROTOCOL_CONFIG_VERSION,
  ProtocolConfigSchema,
  applyProtocolOverrides,
  listProtocolParams,
  validateProtocolConfig,
  validateProtocolOverrides,
} from './schema.js';
import { collectParams, findNumbersWithoutProvenance, isParam } from './walk.js';

const CUTOFF = 'instruments.pcl5.provisionalCutoff';

describe('DEFAULT_PROTOCOL_CONFIG', () => {
  it('has a version and the instruments section with the PCL-5 cutoff 33 (NC-PTSD)', () => {
    expect(DEFAULT_PROTOCOL_CONFIG.version).toBe(PROTOCOL_CONFIG_VERSION);
    const cutoff = DEFAULT_PROTOCOL_CONFIG.instruments.pcl5.provisionalCutoff;
    expect(cutoff).toMatchObject({ value: 33, unit: 'score', min: 31, max: 33 });
    expect(cutoff.provenance).toMatchObject({ kind: 'source', citations: expect.arrayContaining(['nc-ptsd-pcl5']) as unknown });
  });
  it('has a provenance for every number: no number outside a Param, every Param provenance valid', () => {
    expect(findNumbersWithoutProvenance(DEFAULT_PROTOCOL_CONFIG)).toEqual([]);
  });
  it('passes its own schema and every section check', () => {
    expect(validateProtocolConfig(DEFAULT_PROTOCOL_CONFIG)).toEqual([]);
    expect(ProtocolConfigSchema.safeParse(DEFAULT_PROTOCOL_CONFIG).success).toBe(true);
  });
  it('survives a JSON round trip (as stored) and still validates', () => {
    expect(validateProtocolConfig(JSON.parse(JSON.stringify(DEFAULT_PROTOCOL_CONFIG)))).toEqual([]);
  });
  it('is deeply frozen', () => {
    expect(Object.isFrozen(DEFAULT_PROTOCOL_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PROTOCOL_CONFIG.instruments.pcl5.provisionalCutoff)).toBe(true);
    for (const { param: p } of collectParams(DEFAULT_PROTOCOL_CONFIG)) expect(Object.isFrozen(p)).toBe(true);
  });
  it('has every Param default within its own min/max', () => {
    for (const { path, param: p } of listProtocolParams()) {
      const numbers = typeof p.value === 'number' ? [p.value] : Array.isArray(p.value) ? p.value.filter((v) => typeof v === 'number') : [];
      for (const n of numbers) {
        if (p.min !== undefined) expect(n, path).toBeGreaterThanOrEqual(p.min);
        if (p.max !== undefined) expect(n, path).toBeLessThanOrEqual(p.max);
      }
    }
  });
});

describe('the provenance walker', () => {
  it('finds a bare number that is not inside a Param', () => {
    const tree = { a: { ok: param(1, 'min', siteDefault()), bare: 5 } };
    expect(findNumbersWithoutProvenance(tree)).toEqual([{ path: 'a.bare', message: expect.stringMatching(/not inside a Param/) }]);
  });
  it('finds a bare number inside a list', () => {
    expect(findNumbersWithoutProvenance({ times: [15, 30] }).map((i) => i.path)).toEqual(['times.0', 'times.1']);
  });
  it('finds a Param whose provenance cites an unknown key', () => {
    const bad = { kind: 'source', citations: ['no-such-paper'] } as unknown as Provenance;
    expect(findNumbersWithoutProvenance({ x: param(2, 'h', bad) })[0]?.path).toBe('x');
  });
  it('finds a Param whose provenance cites nothing', () => {
    const empty = { kind: 'source', citations: [] } as unknown as Provenance;
    expect(findNumbersWithoutProvenance({ x: param(2, 'h', empty) })).toHaveLength(1);
  });
  it('collects every Param leaf with its path, lists included', () => {
    const tree = { a: param(1, 'min', fromSource(['feder-2021'])), rows: [{ b: param(2, 'mg', siteDefault()) }], label: 'x' };
    expect(collectParams(tree).map((e) => e.path)).toEqual(['a', 'rows.0.b']);
    expect(isParam(tree.a)).toBe(true);
    expect(isParam({ value: 1 })).toBe(false);
  });
});

describe('applyProtocolOverrides', () => {
  it('sets a value within the range, keeps unit and range, and marks it a site default naming the shipped value', () => {
    const r = applyProtocolOverrides(DEFAULT_PROTOCOL_CONFIG, { [CUTOFF]: { value: 31, reason: 'screening use' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = r.config.instruments.pcl5.provisionalCutoff;
    expect(p).toMatchObject({ value: 31, unit: 'score', min: 31, max: 33 });
    expect(needsReview(p.provenance)).toBe(true);
    expect(p.provenance.note).toMatch(/shipped default 33 \(source: nc-ptsd-pcl5/);
    expect(p.provenance.note).toMatch(/screening use/);
    expect(Object.isFrozen(r.config.instruments.pcl5)).toBe(true);
    expect(DEFAULT_PROTOCOL_CONFIG.instruments.pcl5.provisionalCutoff.value).toBe(33);
  });
  it.each([
    [31, true],
    [33, true],
    [30, false],
    [34, false],
  ])('PCL-5 cutoff %i: accepted %s (range 31 to 33 inclusive)', (value, ok) => {
    expect(applyProtocolOverrides(DEFAULT_PROTOCOL_CONFIG, { [CUTOFF]: { value } }).ok).toBe(ok);
  });
  it('names the path and the problem for a value out of range', () => {
    expect(validateProtocolOverrides({ [CUTOFF]: { value: 34 } })).toEqual([{ path: CUTOFF, message: '34 score is above the maximum 33' }]);
  });
  it('refuses a fractional score', () => {
    expect(validateProtocolOverrides({ [CUTOFF]: { value: 32.5 } })[0]?.message).toMatch(/whole number/);
  });
  it('refuses a value of the wrong type', () => {
    expect(validateProtocolOverrides({ [CUTOFF]: { value: '32' } })[0]?.message).toMatch(/must be a finite number/);
  });
  it('refuses a unit change and accepts the same unit', () => {
    expect(validateProtocolOverrides({ [CUTOFF]: { value: 32, unit: '%' } })).toEqual([
      { path: CUTOFF, message: 'unit cannot change from score to %' },
    ]);
    expect(validateProtocolOverrides({ [CUTOFF]: { value: 32, unit: 'score' } })).toEqual([]);
  });
  it('refuses an unknown path and a path that is not a parameter', () => {
    expect(validateProtocolOverrides({ 'instruments.pcl5.nope': { value: 1 } })).toEqual([
      { path: 'instruments.pcl5.nope', message: 'unknown parameter' },
    ]);
    expect(validateProtocolOverrides({ 'instruments.pcl5': { value: 1 } })[0]?.message).toMatch(/not a parameter/);
    expect(validateProtocolOverrides({ 'instruments.pcl5.provisionalCutoff.toString': { value: 1 } })[0]?.message).toBe(
      'unknown parameter',
    );
  });
  it('refuses a malformed override object', () => {
    expect(validateProtocolOverrides({ [CUTOFF]: 32 })).not.toEqual([]);
    expect(validateProtocolOverrides({ [CUTOFF]: {} })[0]?.message).toBe('a value is required');
  });
  it('reports every bad override, not only the first', () => {
    const issues = validateProtocolOverrides({ [CUTOFF]: { value: 40 }, 'x.y': { value: 1 } });
    expect(issues.map((i) => i.path).sort()).toEqual([CUTOFF, 'x.y']);
  });
  it('runs the cross-field checks of the sections: a dose above the site maximum is refused at its path', () => {
    const issues = validateProtocolOverrides({ 'dosing.doseMgPerKg': { value: 1.2 } });
    expect(issues.map((i) => i.path)).toContain('dosing.doseMgPerKg');
    expect(validateProtocolOverrides({ 'dosing.doseMgPerKg': { value: 1.2 }, 'dosing.siteMaximumMgPerKg': { value: 1.5 } })).toEqual([]);
  });
  it('accepts no overrides and returns the same values', () => {
    const r = applyProtocolOverrides(DEFAULT_PROTOCOL_CONFIG, {});
    expect(r.ok && r.config.instruments.pcl5.provisionalCutoff.value).toBe(33);
  });
});

describe('ProtocolConfigSchema', () => {
  const stored = (): Record<string, unknown> => JSON.parse(JSON.stringify(DEFAULT_PROTOCOL_CONFIG)) as Record<string, unknown>;
  it('refuses a stored value out of range, naming the Param', () => {
    const c = stored() as { instruments: { pcl5: { provisionalCutoff: { value: number } } } };
    c.instruments.pcl5.provisionalCutoff.value = 40;
    expect(validateProtocolConfig(c)).toEqual([{ path: CUTOFF, message: '40 score is above the maximum 33' }]);
  });
  it('refuses a changed unit or a widened range', () => {
    const c = stored() as { instruments: { pcl5: { provisionalCutoff: { unit: string; max: number } } } };
    c.instruments.pcl5.provisionalCutoff.unit = '%';
    c.instruments.pcl5.provisionalCutoff.max = 80;
    expect(
      validateProtocolConfig(c)
        .map((i) => i.path)
        .sort(),
    ).toEqual([`${CUTOFF}.max`, `${CUTOFF}.unit`]);
  });
  it('refuses an unknown citation key in a stored provenance', () => {
    const c = stored() as { instruments: { pcl5: { provisionalCutoff: { provenance: unknown } } } };
    c.instruments.pcl5.provisionalCutoff.provenance = { kind: 'source', citations: ['made-up-2030'] };
    expect(validateProtocolConfig(c)[0]?.path).toMatch(/^instruments\.pcl5\.provisionalCutoff\.provenance/);
  });
  it('refuses unknown keys and a missing version', () => {
    const c = stored();
    c['extra'] = 1;
    delete c['version'];
    expect(validateProtocolConfig(c).length).toBeGreaterThanOrEqual(2);
  });
});

describe('site overrides of the parameters added for screening and dosing', () => {
  it.each([
    ['dosing.vialStrengthsStockedMgPerMl', [10, 50], true],
    ['dosing.vialStrengthsStockedMgPerMl', [100], true],
    ['dosing.vialStrengthsStockedMgPerMl', [], false],
    ['dosing.vialStrengthsStockedMgPerMl', [25], false],
    ['dosing.diluentMl', 0, true],
    ['dosing.diluentMl', 250, true],
    ['dosing.diluentMl', 250.5, false],
    ['dosing.diluentMl', -1, false],
    ['screening.minimumAgeYears', 21, true],
    ['screening.minimumAgeYears', 17, false],
    ['medications.diazepam10MgEquivalentMg.midazolam', 5, false],
  ] as const)('%s = %j: accepted %s', (path, value, ok) => {
    expect(applyProtocolOverrides(DEFAULT_PROTOCOL_CONFIG, { [path]: { value } }).ok).toBe(ok);
  });
});
