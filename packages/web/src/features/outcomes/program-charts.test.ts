import { describe, expect, it } from 'vitest';
import { durabilityChartData } from './program-charts';

const point = (days: number, survival: number, lower: number | null, upper: number | null, atRisk: number, events: number) => ({
  days,
  survival,
  lower,
  upper,
  atRisk,
  events,
});

describe('the durability chart: its step rows and its censor marks', () => {
  it('the last responder censored after the last loss: the curve runs on to the last follow-up (no dot there), marked there', () => {
    // Four responders: losses at 32 and 33, censored at 34 and 91 (core's program.test.ts).
    const { rows, censorMarks } = durabilityChartData({
      curve: [point(0, 1, 1, 1, 4, 0), point(32, 0.75, 0.43, 1, 4, 1), point(33, 0.5, 0.19, 1, 3, 1)],
      censored: [
        { days: 34, count: 1 },
        { days: 91, count: 1 },
      ],
    });
    expect(rows).toEqual([
      { days: 0, survival: 1, band: [1, 1], dot: true },
      { days: 32, survival: 0.75, band: [0.43, 1], dot: true },
      { days: 33, survival: 0.5, band: [0.19, 1], dot: true },
      { days: 91, survival: 0.5, band: [0.19, 1], dot: false },
    ]);
    expect(censorMarks).toEqual([
      { days: 34, survival: 0.5, count: 1 },
      { days: 91, survival: 0.5, count: 1 },
    ]);
  });

  it('the last observation a loss: the rows are the curve, the censor marks before it at their height', () => {
    const { rows, censorMarks } = durabilityChartData({
      curve: [point(0, 1, 1, 1, 3, 0), point(20, 2 / 3, 0.3, 1, 3, 1), point(50, 0, null, null, 1, 1)],
      censored: [{ days: 30, count: 1 }],
    });
    expect(rows.map((r) => [r.days, r.survival, r.band, r.dot])).toEqual([
      [0, 1, [1, 1], true],
      [20, 2 / 3, [0.3, 1], true],
      [50, 0, null, true],
    ]);
    expect(censorMarks).toEqual([{ days: 30, survival: 2 / 3, count: 1 }]);
  });
});
