import { describe, expect, it } from 'vitest';
import { createClock, createManualClock } from './clock.js';

describe('createClock', () => {
  it('runs with real time when neither offset nor speed is set', () => {
    let real = 1_000_000;
    const clock = createClock({}, () => real);
    real += 5_000;
    expect(clock.nowMs()).toBe(1_005_000);
  });

  it('starts offset from real time', () => {
    const clock = createClock({ offsetMs: 7_200_000 }, () => 1_000_000);
    expect(clock.nowMs()).toBe(8_200_000);
  });

  it('runs speed times as fast from its start: 60x crosses a 2-hour observation in 2 minutes', () => {
    let real = 0;
    const clock = createClock({ speed: 60 }, () => real);
    real += 120_000;
    expect(clock.nowMs()).toBe(7_200_000);
  });

  it('refuses a speed of zero or less', () => {
    expect(() => createClock({ speed: 0 })).toThrow(RangeError);
  });
});

describe('createManualClock', () => {
  it('moves only when told', () => {
    const clock = createManualClock(10);
    expect(clock.nowMs()).toBe(10);
    clock.advance(5);
    expect(clock.now().getTime()).toBe(15);
  });
});
