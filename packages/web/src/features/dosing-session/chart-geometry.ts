/** Pure geometry for the console's SVG charts: scales, ticks, paths and the time axis. */

export interface Scale {
  (v: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

/** A linear scale from `domain` to `range` (either may be reversed). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = ((v: number) => r0 + (v - d0) * k) as Scale;
  return Object.assign(f, { domain, range });
}

/** Round-number ticks every `step` within the domain. */
export function ticks([from, to]: readonly [number, number], step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(from / step) * step; v <= to + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000 + 0);
  return out;
}

/** An SVG path through the points, in order (an empty string for none). */
export function linePath(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

/** Minutes from `t0Ms` to an ISO instant. */
export function minutesFrom(t0Ms: number, iso: string): number {
  return (Date.parse(iso) - t0Ms) / 60_000;
}

/**
 * The time axis, minutes since the infusion started: from 10 minutes before (or the earliest
 * reading) to the later of the planned end plus an hour of observation, now plus 5 minutes, and
 * the last reading plus 5 minutes; whole multiples of 10.
 */
export function timeDomain(readingMinutes: readonly number[], nowMinute: number, plannedMinutes: number): [number, number] {
  const lo = Math.min(-10, ...readingMinutes.map((m) => m - 2));
  const hi = Math.max(plannedMinutes + 60, nowMinute + 5, ...readingMinutes.map((m) => m + 5));
  return [Math.floor(lo / 10) * 10, Math.ceil(hi / 10) * 10];
}

/** A value domain that holds every value, widened from `base` in whole `step`s. */
export function valueDomain(base: readonly [number, number], values: readonly number[], step: number): [number, number] {
  const lo = Math.min(base[0], ...values);
  const hi = Math.max(base[1], ...values);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}
