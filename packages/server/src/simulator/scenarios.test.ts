import { describe, expect, it } from 'vitest';
import { NORMAL_PEAK_RISE, PEAK_MINUTE, scenarioReading, SCENARIOS } from './scenarios.js';

describe('monitor scenarios', () => {
  it('normal: blood pressure peaks at minute 40 with the mean rise of 16/11 and is back to baseline by 90 min', () => {
    const base = scenarioReading('normal', 0);
    const peak = scenarioReading('normal', PEAK_MINUTE);
    expect(peak.systolic - base.systolic).toBe(NORMAL_PEAK_RISE.systolic);
    expect(peak.diastolic - base.diastolic).toBe(NORMAL_PEAK_RISE.diastolic);
    for (let m = 0; m <= 120; m++) expect(scenarioReading('normal', m).systolic).toBeLessThanOrEqual(peak.systolic);
    expect(scenarioReading('normal', 90)).toEqual(base);
  });

  it('hypertensive episode: systolic 182 at minute 35, below 180 before minute 34 and after minute 37', () => {
    expect(scenarioReading('hypertensive-episode', 35).systolic).toBe(182);
    expect(scenarioReading('hypertensive-episode', 33).systolic).toBeLessThan(180);
    expect(scenarioReading('hypertensive-episode', 38).systolic).toBeLessThan(180);
  });

  it('desaturation: SpO2 90 at minute 22, back to 98 by minute 30', () => {
    expect(scenarioReading('desaturation', 22).spo2).toBe(90);
    expect(scenarioReading('desaturation', 17).spo2).toBe(98);
    expect(scenarioReading('desaturation', 30).spo2).toBe(98);
  });

  it('hypotension: 76/44 at minute 25 (pause level), above 80/45 before minute 23 and after minute 27, normal outside 15-35', () => {
    expect(scenarioReading('hypotension', 25)).toMatchObject({ systolic: 76, diastolic: 44 });
    for (const m of [22, 28]) {
      expect(scenarioReading('hypotension', m).systolic).toBeGreaterThanOrEqual(80);
      expect(scenarioReading('hypotension', m).diastolic).toBeGreaterThanOrEqual(45);
    }
    expect(scenarioReading('hypotension', 23).systolic).toBeLessThan(90);
    for (const m of [0, 15, 35, 60]) expect(scenarioReading('hypotension', m)).toEqual(scenarioReading('normal', m));
  });

  it('every scenario is deterministic', () => {
    for (const s of SCENARIOS) expect(scenarioReading(s, 37)).toEqual(scenarioReading(s, 37));
  });
});
