import { describe, expect, it } from 'vitest';
import { durabilityPlot } from './program-curve.js';

const point = (days: number, survival: number, lower: number | null = null, upper: number | null = null) => ({
  days,
  survival,
  lower,
  upper,
  atRisk: 0,
  events: 0,
});

describe('the durability curve as drawn: steps, censor marks and the last follow-up', () => {
  it.each([
    {
      name: 'the last responder censored after the last loss: the curve runs flat to the last follow-up, marked there',
      // program.test.ts: losses at 32 and 33, B censored at 34, D at 91.
      curve: [point(0, 1, 1, 1), point(32, 0.75, 0.43, 1), point(33, 0.5, 0.19, 1)],
      censored: [
        { days: 34, count: 1 },
        { days: 91, count: 1 },
      ],
      points: [
        [0, 1],
        [32, 0.75],
        [33, 0.5],
        [91, 0.5],
      ],
      marks: [
        [34, 0.5, 1],
        [91, 0.5, 1],
      ],
      lastDay: 91,
    },
    {
      name: 'the last observation a loss: no point added; censorings before it marked at the height of their day',
      curve: [point(0, 1), point(10, 0.8), point(40, 0.4)],
      censored: [
        { days: 5, count: 1 },
        { days: 10, count: 2 },
        { days: 20, count: 1 },
      ],
      points: [
        [0, 1],
        [10, 0.8],
        [40, 0.4],
      ],
      // Censored on a day of loss: after the loss (the usual convention).
      marks: [
        [5, 1, 1],
        [10, 0.8, 2],
        [20, 0.8, 1],
      ],
      lastDay: 40,
    },
    {
      name: 'censored on the day of the last loss: marked there, nothing added',
      curve: [point(0, 1), point(30, 0.5)],
      censored: [{ days: 30, count: 1 }],
      points: [
        [0, 1],
        [30, 0.5],
      ],
      marks: [[30, 0.5, 1]],
      lastDay: 30,
    },
    {
      name: 'no loss at all: a flat line at 100% from day 0 to the last follow-up',
      curve: [point(0, 1, 1, 1)],
      censored: [
        { days: 14, count: 2 },
        { days: 60, count: 1 },
      ],
      points: [
        [0, 1],
        [60, 1],
      ],
      marks: [
        [14, 1, 2],
        [60, 1, 1],
      ],
      lastDay: 60,
    },
  ])('$name', ({ curve, censored, points, marks, lastDay }) => {
    const plot = durabilityPlot({ curve, censored });
    expect(plot.points.map((p) => [p.days, p.survival])).toEqual(points);
    expect(plot.censorMarks.map((m) => [m.days, m.survival, m.count])).toEqual(marks);
    expect(plot.lastDay).toBe(lastDay);
  });

  it('the flat run to the last follow-up keeps the last band', () => {
    const plot = durabilityPlot({
      curve: [point(0, 1, 1, 1), point(32, 0.75, 0.43, 1)],
      censored: [{ days: 91, count: 3 }],
    });
    expect(plot.points.at(-1)).toEqual({ days: 91, survival: 0.75, lower: 0.43, upper: 1 });
  });
});
