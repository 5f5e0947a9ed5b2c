import { describe, expect, it } from 'vitest';
import { outcomesDefaults, type OutcomesSection } from '../protocol-config/sections/outcomes.js';
import { param } from '../protocol-config/param.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { assessPcl5Outcome, changeFromBaseline, reliableImprovementRule, remissionRule, responseRule } from './index.js';

describe('change from baseline', () => {
  it('points and percent, improvement positive as reduction', () => {
    expect(changeFromBaseline(50, 35)).toEqual({ changePoints: -15, reductionPoints: 15, reductionPercent: 30 });
    expect(changeFromBaseline(40, 44)).toEqual({ changePoints: 4, reductionPoints: -4, reductionPercent: -10 });
  });
  it('percent is null (undefined) when the baseline is 0', () => {
    expect(changeFromBaseline(0, 0).reductionPercent).toBeNull();
  });
  it('rejects a negative or non-finite total', () => {
    expect(() => changeFromBaseline(-1, 10)).toThrow(RangeError);
    expect(() => changeFromBaseline(50, Number.NaN)).toThrow(RangeError);
  });
});

describe('response: PCL-5 at least 30% below baseline, bound inclusive', () => {
  it.each([
    // baseline, current, response: exactly 30% in several baselines (70 -> 49 is 0.3 in floating point trouble)
    [50, 35, true],
    [70, 49, true],
    [40, 28, true],
    [60, 42, true],
    [10, 7, true],
    [50, 36, false], // 28%
    [70, 50, false], // 28.6%
    [47, 33, false], // 29.8%
    [47, 32, true], // 31.9%
    [50, 60, false],
  ])('baseline %i, now %i: response %s', (baselineTotal, currentTotal, expected) => {
    expect(responseRule.evaluate({ baselineTotal, currentTotal }).value).toBe(expected);
  });
  it('baseline 0: response cannot be assessed (null, not false)', () => {
    expect(responseRule.evaluate({ baselineTotal: 0, currentTotal: 0 }).value).toBeNull();
  });
  it('follows the site threshold', () => {
    const config: OutcomesSection = {
      ...outcomesDefaults,
      response: { reductionPercent: param(50, '%', siteDefault()) },
    };
    expect(responseRule.evaluate({ baselineTotal: 50, currentTotal: 35 }, { outcomes: config }).value).toBe(false);
    expect(responseRule.evaluate({ baselineTotal: 50, currentTotal: 25 }, { outcomes: config }).value).toBe(true);
  });
});

describe('reliable improvement: at least 15 points below baseline, bound inclusive', () => {
  it.each([
    [50, 35, true],
    [50, 36, false],
    [80, 65, true],
    [20, 5, true],
    [20, 6, false],
  ])('baseline %i, now %i: reliable %s', (baselineTotal, currentTotal, expected) => {
    expect(reliableImprovementRule.evaluate({ baselineTotal, currentTotal }).value).toBe(expected);
  });
});

describe('remission: response and PCL-5 <= 28', () => {
  it.each([
    [60, 28, true], // response (53%), 28 inclusive
    [60, 29, false], // response (52%), 29 too high
    [40, 28, true], // exactly 30% and 28
    [41, 29, false], // 29.3% reduction: no response, and 29
    [35, 28, false], // 28 but only 20% reduction: no response, no remission
  ])('baseline %i, now %i: remission %s', (baselineTotal, currentTotal, expected) => {
    expect(remissionRule.evaluate({ baselineTotal, currentTotal }).value).toBe(expected);
  });
});

describe('assessPcl5Outcome', () => {
  it('combines change, response, reliable improvement and remission', () => {
    expect(assessPcl5Outcome({ baselineTotal: 46, currentTotal: 30 })).toMatchObject({
      changePoints: -16,
      reductionPoints: 16,
      response: true,
      reliableImprovement: true,
      remission: false,
    });
  });
  it('every rule names id, version, title and a source', () => {
    for (const r of [responseRule, reliableImprovementRule, remissionRule]) {
      expect(r.id).toMatch(/^outcomes\./);
      expect(r.version).not.toBe('');
      expect(r.sources.length).toBeGreaterThan(0);
    }
  });
});

describe('outcome rule messages take their numbers from the configuration passed, titles carry none', () => {
  const changed: OutcomesSection = {
    ...outcomesDefaults,
    response: { reductionPercent: param(40, '%', siteDefault()) },
    reliableImprovement: { reductionPoints: param(12, 'score', siteDefault()) },
    remission: { maxTotal: param(20, 'score', siteDefault()) },
  };
  it('response: the default message says 30%, a site threshold of 40% says 40%', () => {
    expect(responseRule.evaluate({ baselineTotal: 50, currentTotal: 35 }).message).toContain('at least 30%: a response');
    const r = responseRule.evaluate({ baselineTotal: 50, currentTotal: 35 }, { outcomes: changed });
    expect(r).toMatchObject({ value: false });
    expect(r.message).toContain('less than 40%');
    expect(r.message).not.toMatch(/(least|than) 30%/);
    expect(responseRule.evaluate({ baselineTotal: 0, currentTotal: 0 }, { outcomes: changed }).message).toContain('40%');
  });
  it('reliable improvement: the default message says 15 points, a site threshold of 12 says 12', () => {
    expect(reliableImprovementRule.evaluate({ baselineTotal: 50, currentTotal: 35 }).message).toContain('at least 15 points');
    const r = reliableImprovementRule.evaluate({ baselineTotal: 50, currentTotal: 37 }, { outcomes: changed });
    expect(r).toMatchObject({ value: true });
    expect(r.message).toContain('at least 12 points');
    expect(r.message).not.toContain('15');
  });
  it('remission: the default message says 28 and 30%, a site maximum of 20 (and response 40%) says 20 and 40%', () => {
    expect(remissionRule.evaluate({ baselineTotal: 60, currentTotal: 28 }).message).toMatch(/30%.*at most 28/);
    const r = remissionRule.evaluate({ baselineTotal: 60, currentTotal: 28 }, { outcomes: changed });
    expect(r).toMatchObject({ value: false });
    expect(r.message).toMatch(/40%.*at most 20/);
    expect(r.message).not.toContain('at most 28');
  });
  it.each([responseRule, reliableImprovementRule, remissionRule].map((r) => [r.id, r] as const))(
    '%s: the title carries no number',
    (_id, rule) => {
      // no digit but the 5 of the instrument's name
      expect(rule.title.replaceAll('PCL-5', 'PCL')).not.toMatch(/\d/);
    },
  );
});
