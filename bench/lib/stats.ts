/**
 * Pure helpers of the bench: percentiles, and each line's verdict against its target (issue 21,
 * item 2). A target is either on the value itself or on the ratio of Kairos to its anchor; a ratio
 * target without an anchor measured in the run is missed (it was not shown to hold).
 *
 * @module
 */

/** The p-th percentile (0-100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] as number;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    max: round(samples.length === 0 ? Number.NaN : Math.max(...samples)),
  };
}

/** Rounds to 3 significant-ish digits: whole numbers from 100 up, 1 decimal from 10, 2 below. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export type Target =
  /** Kairos / anchor at least `min` (throughput: higher is better). */
  | { kind: 'ratio-at-least'; min: number }
  /** Kairos / anchor at most `max` (latency: lower is better). */
  | { kind: 'ratio-at-most'; max: number }
  /** The value at most `max` (a latency or a size). */
  | { kind: 'at-most'; max: number }
  /** The value at least `min`. */
  | { kind: 'at-least'; min: number }
  /** Measured and shown, no target. */
  | { kind: 'report' };

export function describeTarget(t: Target): string {
  switch (t.kind) {
    case 'ratio-at-least':
      return `>= ${t.min}x`;
    case 'ratio-at-most':
      return `<= ${t.max}x`;
    case 'at-most':
      return `<= ${t.max}`;
    case 'at-least':
      return `>= ${t.min}`;
    case 'report':
      return 'report';
  }
}

export interface Verdict {
  /** Kairos / anchor, when there is an anchor. */
  ratio: number | undefined;
  target: string;
  /** 'ok', 'missed', or 'report' for a line without a target. */
  status: 'ok' | 'missed' | 'report';
}

/** Judges a value (and its anchor, when there is one) against a target. */
export function judge(value: number, anchor: number | undefined, target: Target): Verdict {
  const ratio = anchor === undefined || !Number.isFinite(anchor) || anchor === 0 ? undefined : value / anchor;
  const shown = ratio === undefined ? undefined : round(ratio);
  const ok = (cond: boolean): Verdict => ({ ratio: shown, target: describeTarget(target), status: cond ? 'ok' : 'missed' });
  if (!Number.isFinite(value)) return target.kind === 'report' ? ok(true) : ok(false);
  switch (target.kind) {
    case 'ratio-at-least':
      return ok(ratio !== undefined && ratio >= target.min);
    case 'ratio-at-most':
      return ok(ratio !== undefined && ratio <= target.max);
    case 'at-most':
      return ok(value <= target.max);
    case 'at-least':
      return ok(value >= target.min);
    case 'report':
      return { ratio: shown, target: 'report', status: 'report' };
  }
}

/**
 * The saturation point: the most monitors among the levels tried at which the latency stayed
 * under the limit, provided every smaller level tried did too (0 when even the first failed).
 */
export function saturationPoint(levels: readonly { monitors: number; p99: number }[], limitMs: number): number {
  let best = 0;
  for (const l of [...levels].sort((a, b) => a.monitors - b.monitors)) {
    if (!(l.p99 < limitMs)) break;
    best = l.monitors;
  }
  return best;
}

/** The next level to try between the last that held and the first that did not (undefined when they are close enough). */
export function nextProbe(held: number, failed: number, resolution: number): number | undefined {
  if (failed - held <= resolution) return undefined;
  const mid = Math.round((held + failed) / 2 / resolution) * resolution;
  return mid > held && mid < failed ? mid : undefined;
}

/** A fixed-width table of the bench lines. */
export function formatTable(rows: readonly (readonly string[])[], header: readonly string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
