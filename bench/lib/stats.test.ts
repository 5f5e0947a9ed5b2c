import { describe, expect, it } from 'vitest';
import { describeTarget, formatTable, judge, nextProbe, percentile, round, saturationPoint, summarize } from './stats.js';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
  it('takes the nearest rank of the sorted samples', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([7, 3, 5], 50)).toBe(5);
  });
  it('a single sample is every percentile; no samples give NaN', () => {
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });
  it('does not reorder its input', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });
  it('summarize gives n, p50, p99 and max', () => {
    expect(summarize(hundred)).toEqual({ n: 100, p50: 50, p99: 99, max: 100 });
  });
});

describe('round', () => {
  it('keeps about three significant digits', () => {
    expect(round(1234.56)).toBe(1235);
    expect(round(12.345)).toBe(12.3);
    expect(round(1.2345)).toBe(1.23);
    expect(round(0.012345)).toBe(0.012);
    expect(round(Number.NaN)).toBeNaN();
  });
});

describe('judge', () => {
  it('a throughput ratio target holds at the ratio and is missed below it', () => {
    expect(judge(500, 500, { kind: 'ratio-at-least', min: 1 })).toEqual({ ratio: 1, target: '>= 1x', status: 'ok' });
    expect(judge(341, 4829, { kind: 'ratio-at-least', min: 1 })).toMatchObject({ ratio: 0.071, status: 'missed' });
    expect(judge(8_400, 33_209, { kind: 'ratio-at-least', min: 0.25 })).toMatchObject({ status: 'ok' });
  });
  it('a latency ratio target holds within the ratio', () => {
    expect(judge(9, 3, { kind: 'ratio-at-most', max: 3 })).toMatchObject({ ratio: 3, status: 'ok' });
    expect(judge(9.1, 3, { kind: 'ratio-at-most', max: 3 })).toMatchObject({ status: 'missed' });
  });
  it('a ratio target without an anchor is missed, not assumed', () => {
    expect(judge(1000, undefined, { kind: 'ratio-at-least', min: 0.5 })).toEqual({ ratio: undefined, target: '>= 0.5x', status: 'missed' });
    expect(judge(1000, 0, { kind: 'ratio-at-least', min: 0.5 })).toMatchObject({ status: 'missed' });
  });
  it('value targets include their bound', () => {
    expect(judge(100, undefined, { kind: 'at-most', max: 100 })).toMatchObject({ status: 'ok' });
    expect(judge(101, undefined, { kind: 'at-most', max: 100 })).toMatchObject({ status: 'missed' });
    expect(judge(500, undefined, { kind: 'at-least', min: 500 })).toMatchObject({ status: 'ok' });
  });
  it('a value that could not be measured misses its target', () => {
    expect(judge(Number.NaN, undefined, { kind: 'at-most', max: 100 })).toMatchObject({ status: 'missed' });
  });
  it('a report line has no verdict but keeps its ratio', () => {
    expect(judge(465, 95, { kind: 'report' })).toEqual({ ratio: 4.89, target: 'report', status: 'report' });
  });
  it('describes each target', () => {
    expect(describeTarget({ kind: 'at-least', min: 500 })).toBe('>= 500');
    expect(describeTarget({ kind: 'ratio-at-most', max: 3 })).toBe('<= 3x');
  });
});

describe('saturation point', () => {
  it('is the most monitors before the first level over the limit', () => {
    const levels = [
      { monitors: 200, p99: 400 },
      { monitors: 0, p99: 15 },
      { monitors: 50, p99: 60 },
      { monitors: 500, p99: 90 },
    ];
    expect(saturationPoint(levels, 100)).toBe(50);
    expect(saturationPoint([{ monitors: 0, p99: 150 }], 100)).toBe(0);
    expect(
      saturationPoint(
        [
          { monitors: 0, p99: 10 },
          { monitors: 500, p99: 99 },
        ],
        100,
      ),
    ).toBe(500);
    expect(
      saturationPoint(
        [
          { monitors: 0, p99: 10 },
          { monitors: 50, p99: 100 },
        ],
        100,
      ),
    ).toBe(0);
  });
  it('the next level to try halves the bracket until it is within the resolution', () => {
    expect(nextProbe(50, 200, 25)).toBe(125);
    expect(nextProbe(50, 75, 25)).toBeUndefined();
    expect(nextProbe(0, 50, 25)).toBe(25);
    expect(nextProbe(0, 25, 25)).toBeUndefined();
    expect(nextProbe(0, 30, 25)).toBe(25);
  });
});

describe('formatTable', () => {
  it('pads the first column left and the others right', () => {
    expect(
      formatTable(
        [
          ['ingest', '12'],
          ['alarm p99', '3'],
        ],
        ['workload', 'value'],
      ),
    ).toBe(['workload   value', '---------  -----', 'ingest        12', 'alarm p99      3'].join('\n'));
  });
});
