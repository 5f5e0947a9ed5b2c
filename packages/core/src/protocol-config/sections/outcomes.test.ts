import { describe, expect, it } from 'vitest';
import { param } from '../param.js';
import { ProvenanceSchema, siteDefault } from '../provenance.js';
import { outcomeBenchmarks, outcomesDefaults, validateOutcomesSection, type OutcomesSection } from './outcomes.js';

describe('outcomes section', () => {
  it('protocol-defaults.md values with provenance', () => {
    expect(outcomesDefaults.response.reductionPercent).toMatchObject({ value: 30, unit: '%', provenance: { kind: 'brief' } });
    expect(outcomesDefaults.reliableImprovement.reductionPoints).toMatchObject({
      value: 15,
      provenance: { kind: 'source', citations: ['marx-2022'] },
    });
    expect(outcomesDefaults.remission.maxTotal).toMatchObject({ value: 28, provenance: { kind: 'source', citations: ['marx-2022'] } });
    expect(outcomesDefaults.lossOfResponse.reductionBelowPercent.value).toBe(30);
    expect(outcomesDefaults.statistics.confidenceLevelPercent.value).toBe(95);
    expect(outcomesDefaults.reporting.smallestCohort).toMatchObject({
      value: 5,
      unit: 'count',
      min: 1,
      max: 50,
      provenance: { kind: 'site-default' },
    });
  });
  it('the defaults validate', () => {
    expect(validateOutcomesSection(outcomesDefaults)).toEqual([]);
  });
  it('a loss threshold above the response threshold is refused', () => {
    const s: OutcomesSection = { ...outcomesDefaults, lossOfResponse: { reductionBelowPercent: param(40, '%', siteDefault()) } };
    expect(validateOutcomesSection(s)).toEqual([
      { path: 'lossOfResponse.reductionBelowPercent', message: 'must not exceed response.reductionPercent' },
    ]);
  });
  it('every literature benchmark has a valid source', () => {
    expect(outcomeBenchmarks.map((b) => b.value)).toEqual([46.6, 33.8, 30.8, 67, 20, 27.5, 158, 0.27]);
    for (const b of outcomeBenchmarks) expect(ProvenanceSchema.safeParse(b.provenance).success).toBe(true);
  });
});
