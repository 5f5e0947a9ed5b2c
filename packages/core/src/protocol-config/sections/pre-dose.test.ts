import { describe, expect, it } from 'vitest';
import { param, type Param } from '../param.js';
import { ProvenanceSchema, siteDefault } from '../provenance.js';
import { preDoseDefaults, validatePreDoseSection } from './pre-dose.js';

function leaves(tree: unknown, path = ''): [string, Param<unknown>][] {
  if (typeof tree === 'object' && tree !== null && 'provenance' in tree && 'unit' in tree) return [[path, tree as Param<unknown>]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => leaves(v, path === '' ? k : `${path}.${k}`));
}

describe('preDose section', () => {
  it('every leaf is a Param with a valid provenance', () => {
    for (const [path, p] of leaves(preDoseDefaults)) expect([path, ProvenanceSchema.safeParse(p.provenance).success]).toEqual([path, true]);
  });
  it('holds the defaults: fasting 6 h solids / 2 h clear liquids, benzodiazepine 12 h (12 to 24), same-day pregnancy test, escort, ondansetron', () => {
    expect(preDoseDefaults.fasting.solidsHours.value).toBe(6);
    expect(preDoseDefaults.fasting.clearLiquidsHours.value).toBe(2);
    expect(preDoseDefaults.benzodiazepineLastDoseMinHours).toMatchObject({
      value: 12,
      unit: 'h',
      min: 12,
      max: 24,
      provenance: { kind: 'brief' },
    });
    expect(preDoseDefaults.pregnancyTestMaxAgeDays.value).toBe(0);
    expect(preDoseDefaults.escortRequired.value).toBe(true);
    expect(preDoseDefaults.premedicationOffered.value).toBe('ondansetron');
  });
  it('before maintenance: the bladder questions hold, and more than 12 infusions in 12 months is acknowledged (site defaults)', () => {
    expect(preDoseDefaults.maintenance.bladderSymptomsHold).toMatchObject({ value: true, provenance: { kind: 'site-default' } });
    expect(preDoseDefaults.maintenance.cumulativeInfusionsLimit).toMatchObject({
      value: 12,
      unit: 'count',
      provenance: { kind: 'site-default' },
    });
  });
  it('the defaults pass the cross-field checks', () => {
    expect(validatePreDoseSection(preDoseDefaults)).toEqual([]);
  });
  it('a clear-liquid limit longer than the solid one is an issue', () => {
    const s = {
      ...preDoseDefaults,
      fasting: { solidsHours: param(2, 'h', siteDefault()), clearLiquidsHours: param(6, 'h', siteDefault()) },
    };
    expect(validatePreDoseSection(s).map((i) => i.path)).toEqual(['fasting.clearLiquidsHours']);
  });
});
