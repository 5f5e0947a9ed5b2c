import { describe, expect, it } from 'vitest';
import { linearScale, linePath, minutesFrom, ticks, timeDomain, valueDomain } from './chart-geometry';

describe('chart geometry', () => {
  it('a linear scale maps the domain ends to the range ends, reversed ranges too', () => {
    const y = linearScale([80, 220], [100, 0]);
    expect(y(80)).toBe(100);
    expect(y(220)).toBe(0);
    expect(y(150)).toBe(50);
  });
  it('ticks fall on whole steps inside the domain, ends inclusive', () => {
    expect(ticks([-10, 40], 20)).toEqual([0, 20, 40]);
    expect(ticks([0, 0], 10)).toEqual([0]);
  });
  it('the time axis starts 10 minutes before the start and ends after the planned observation or now', () => {
    expect(timeDomain([], 0, 40)).toEqual([-10, 100]);
    expect(timeDomain([-23, 5], 130, 40)).toEqual([-30, 140]);
  });
  it('a value outside the base domain widens it by whole steps', () => {
    expect(valueDomain([80, 220], [235], 20)).toEqual([80, 240]);
    expect(valueDomain([85, 100], [], 5)).toEqual([85, 100]);
  });
  it('paths and minutes', () => {
    expect(linePath([])).toBe('');
    expect(
      linePath([
        { x: 0, y: 1 },
        { x: 2, y: 3 },
      ]),
    ).toBe('M0.0,1.0 L2.0,3.0');
    expect(minutesFrom(Date.parse('2026-01-01T10:00:00Z'), '2026-01-01T10:30:00Z')).toBe(30);
  });
});
