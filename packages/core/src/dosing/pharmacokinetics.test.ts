import { describe, expect, it } from 'vitest';
import { isCitationKey } from '../protocol-config/citations.js';
import { DOMINO_KETAMINE_MODEL, findMinuteBelow, pharmacokineticsRule, sampleEveryMinute, simulateInfusion } from './pharmacokinetics.js';

// 70 kg, 0.5 mg/kg over 40 min: the worked example of clinical-facts.md section 8 and cli-contract.md.
const sim = simulateInfusion({ weightKg: 70, doseMg: 35, durationMinutes: 40 });

describe('Domino model, 70 kg, 35 mg over 40 min (clinical-facts.md section 8)', () => {
  it.each([
    [10, 181.8],
    [30, 226.5],
    [40, 240.3],
    [60, 55.1],
    [120, 35.8],
    [240, 17.3],
  ])('plasma at %i min is %f ng/mL (rounded to 0.1, and within 1%)', (minute, expected) => {
    const c = sim.concentrationAt(minute);
    expect(Math.round(c * 10) / 10).toBe(expected);
    expect(Math.abs(c - expected) / expected).toBeLessThan(0.01);
  });

  it('derived constants match the fact sheet: CL about 1.93 L/min, Vss about 193 L, half-lives 0.4, 4.6, 115 min', () => {
    expect(sim.clearanceLitresPerMinute).toBeCloseTo(1.93, 2);
    expect(sim.steadyStateVolumeLitres).toBeCloseTo(193, 0);
    const [a, b, c] = sim.halfLivesMinutes;
    expect(a).toBeCloseTo(0.4, 1);
    expect(b).toBeCloseTo(4.6, 1);
    expect(Math.round(c)).toBe(115);
  });

  it('peaks at the end of the infusion (minute 40, 240.3 ng/mL)', () => {
    expect(sim.peak.minute).toBe(40);
    expect(Math.round(sim.peak.ngPerMl * 10) / 10).toBe(240.3);
    expect(sim.concentrationAt(39.9)).toBeLessThan(sim.peak.ngPerMl);
    expect(sim.concentrationAt(40.1)).toBeLessThan(sim.peak.ngPerMl);
  });

  it('is zero at minute 0 and is labelled a population-model estimate', () => {
    expect(sim.concentrationAt(0)).toBe(0);
    expect(sim.estimate).toBe('population-model');
    expect(sim.model).toBe('domino');
  });

  it('is the exact solution: the infusion is continuous at its end and scales linearly with the dose', () => {
    expect(sim.concentrationAt(40 - 1e-9)).toBeCloseTo(sim.concentrationAt(40 + 1e-9), 5);
    const double = simulateInfusion({ weightKg: 70, doseMg: 70, durationMinutes: 40 });
    expect(double.concentrationAt(90)).toBeCloseTo(2 * sim.concentrationAt(90), 9);
  });

  it('mg/kg dosing gives the same concentration whatever the weight (V1 scales with weight)', () => {
    const heavy = simulateInfusion({ weightKg: 100, doseMg: 50, durationMinutes: 40 });
    expect(heavy.concentrationAt(60)).toBeCloseTo(sim.concentrationAt(60), 9);
  });
});

describe('findMinuteBelow', () => {
  it('finds the one crossing after the peak: concentration at the crossing equals the level', () => {
    const t = findMinuteBelow(sim, 100);
    expect(t).toBeGreaterThan(40);
    expect(t).toBeLessThan(60);
    expect(sim.concentrationAt(t)).toBeCloseTo(100, 3);
    expect(sim.concentrationAt(t + 0.01)).toBeLessThan(100);
    expect(sim.concentrationAt(t - 0.01)).toBeGreaterThan(100);
  });
  it('finds late crossings on the slow phase (below 17.3 ng/mL after about 240 min)', () => {
    const t = findMinuteBelow(sim, 17.341);
    expect(t).toBeGreaterThan(239);
    expect(t).toBeLessThan(241);
  });
  it('returns 0 when the level is at or above the peak (never exceeded)', () => {
    expect(findMinuteBelow(sim, sim.peak.ngPerMl)).toBe(0);
    expect(findMinuteBelow(sim, 1000)).toBe(0);
  });
  it('rejects a level of 0 or less (the concentration never reaches 0)', () => {
    expect(() => findMinuteBelow(sim, 0)).toThrow(RangeError);
    expect(() => findMinuteBelow(sim, -1)).toThrow(RangeError);
  });
});

describe('inputs and samples', () => {
  it.each([
    ['weightKg', { weightKg: 0, doseMg: 35, durationMinutes: 40 }],
    ['doseMg', { weightKg: 70, doseMg: 0, durationMinutes: 40 }],
    ['durationMinutes', { weightKg: 70, doseMg: 35, durationMinutes: 0 }],
    ['durationMinutes NaN', { weightKg: 70, doseMg: 35, durationMinutes: Number.NaN }],
  ])('rejects a non-positive or non-finite %s', (_name, input) => {
    expect(() => simulateInfusion(input)).toThrow(RangeError);
  });
  it('rejects a negative time', () => {
    expect(() => sim.concentrationAt(-1)).toThrow(RangeError);
  });
  it('samples every whole minute from 0 to the end inclusive', () => {
    const s = sampleEveryMinute(sim, 240);
    expect(s).toHaveLength(241);
    expect(s[0]).toEqual({ minute: 0, ngPerMl: 0 });
    expect(s[240]?.minute).toBe(240);
  });
  it('has sources that are all in the citations registry', () => {
    expect(pharmacokineticsRule.sources.length).toBeGreaterThan(0);
    for (const p of pharmacokineticsRule.sources) {
      expect(p.kind).toBe('source');
      if (p.kind === 'source') for (const k of p.citations) expect(isCitationKey(k)).toBe(true);
    }
    expect(DOMINO_KETAMINE_MODEL.provenance.kind).toBe('source');
  });
});
