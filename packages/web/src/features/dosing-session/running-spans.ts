import { minutesFrom } from './chart-geometry';
import type { DosingSessionView } from './dosing-session-api';

/** Minutes since start while the infusion ran (start/resume to pause/stop, or now). */
export function runningSpans(s: DosingSessionView, t0: number, nowMinute: number): [number, number][] {
  const spans: [number, number][] = [];
  let from: number | undefined;
  for (const e of s.infusion.events) {
    const m = minutesFrom(t0, e.at);
    if ((e.kind === 'start' || e.kind === 'resume') && from === undefined) from = m;
    if ((e.kind === 'pause' || e.kind === 'stop') && from !== undefined) {
      spans.push([from, m]);
      from = undefined;
    }
  }
  if (from !== undefined) spans.push([from, nowMinute]);
  return spans;
}
