/**
 * The server's clock. Everything in the server reads time here, never `Date.now()`, so demo and
 * test mode can offset and speed it up (cross a 2-hour observation or a 7-day follow-up without
 * waiting). Production mode refuses both settings (config.ts).
 *
 * @module
 */

export interface Clock {
  /** Milliseconds since the epoch, on this clock. */
  nowMs: () => number;
  /** The current instant, on this clock. */
  now: () => Date;
}

/** Where real time comes from; tests pass a fake. */
export type RealTime = () => number;

// The one place in the server allowed to read the machine's clock.
const machineTime: RealTime = () => Date.now();

/**
 * A clock that starts `offsetMs` away from real time and then runs `speed` times as fast:
 * now = realStart + offset + (real - realStart) x speed.
 */
export function createClock(
  { offsetMs = 0, speed = 1 }: { offsetMs?: number; speed?: number } = {},
  realTime: RealTime = machineTime,
): Clock {
  if (!(speed > 0)) throw new RangeError('clock speed must be greater than 0');
  const realStart = realTime();
  const nowMs = (): number => Math.round(realStart + offsetMs + (realTime() - realStart) * speed);
  return { nowMs, now: () => new Date(nowMs()) };
}

/** A clock that only moves when told to: for tests. */
export function createManualClock(startMs: number): Clock & { advance: (ms: number) => void; set: (ms: number) => void } {
  let t = startMs;
  return {
    nowMs: () => t,
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}
