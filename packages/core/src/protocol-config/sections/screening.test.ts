import { describe, expect, it } from 'vitest';
import { param, type Param } from '../param.js';
import { ProvenanceSchema, fromSource } from '../provenance.js';
import { CONDITION_CODES, REQUIRED_ITEM_IDS, screeningDefaults, validateScreeningSection } from './screening.js';

function leaves(tree: unknown, path = ''): [string, Param<unknown>][] {
  if (typeof tree === 'object' && tree !== null && 'provenance' in tree && 'unit' in tree) return [[path, tree as Param<unknown>]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => leaves(v, path === '' ? k : `${path}.${k}`));
}

describe('screening section', () => {
  it('every leaf is a Param with a valid provenance', () => {
    for (const [path, p] of leaves(screeningDefaults))
      expect([path, ProvenanceSchema.safeParse(p.provenance).success]).toEqual([path, true]);
  });
  it('holds the defaults: 90-day item age (site default), 140/90 mmHg from the Spravato label', () => {
    expect(screeningDefaults.itemMaxAgeDays).toMatchObject({ value: 90, unit: 'day', provenance: { kind: 'site-default' } });
    expect(screeningDefaults.bloodPressureWarning.systolicMmHg).toMatchObject({
      value: 140,
      unit: 'mm[Hg]',
      provenance: { kind: 'source', citations: ['spravato-label'] },
    });
    expect(screeningDefaults.bloodPressureWarning.diastolicMmHg.value).toBe(90);
  });
  it('has a rule for every condition code and required item', () => {
    expect(Object.keys(screeningDefaults.contraindications)).toEqual([...CONDITION_CODES]);
    expect(Object.keys(screeningDefaults.requiredItems)).toEqual([...REQUIRED_ITEM_IDS]);
  });
  it('the defaults pass the cross-field checks', () => {
    expect(validateScreeningSection(screeningDefaults)).toEqual([]);
  });
  it('a warning with diastolic above systolic, and a fractional day limit, are issues', () => {
    const p = fromSource(['spravato-label']);
    const s = {
      ...screeningDefaults,
      itemMaxAgeDays: param(0.5, 'day', p),
      bloodPressureWarning: { systolicMmHg: param(90, 'mm[Hg]', p), diastolicMmHg: param(140, 'mm[Hg]', p) },
    };
    expect(validateScreeningSection(s).map((i) => i.path)).toEqual(['itemMaxAgeDays', 'bloodPressureWarning']);
  });
});

describe('screening section: minimum age', () => {
  it('is 18 years, a site default (psychiatric ketamine evidence is in adults)', () => {
    expect(screeningDefaults.minimumAgeYears).toMatchObject({
      value: 18,
      unit: 'year',
      provenance: { kind: 'site-default', note: 'psychiatric ketamine evidence is in adults' },
    });
  });
  it('a fractional minimum age is an issue', () => {
    const s = { ...screeningDefaults, minimumAgeYears: param(18.5, 'year', fromSource(['spravato-label'])) };
    expect(validateScreeningSection(s).map((i) => i.path)).toEqual(['minimumAgeYears']);
  });
});
