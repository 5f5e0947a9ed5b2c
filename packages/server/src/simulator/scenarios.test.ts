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

  it('every scenario is deterministic', () => {
    for (const s of SCENARIOS) expect(scenarioReading(s, 37)).toEqual(scenarioReading(s, 37));
  });
});
