import { describe, expect, it } from 'vitest';
import { vitalsPhaseAt, type InfusionSpan } from './phase.js';

const START = Date.parse('2026-12-08T09:00:00Z');
const at = (minute: number) => START + minute * 60_000;

const rows: [title: string, span: InfusionSpan, minute: number, phase: string][] = [
  ['not started', { startedAt: null, endedAt: null }, 10, 'pre-dose'],
  ['before the start', { startedAt: at(0), endedAt: null }, -1, 'pre-dose'],
  ['at the start', { startedAt: at(0), endedAt: null }, 0, 'infusing'],
  ['running, no stop yet', { startedAt: at(0), endedAt: null }, 90, 'infusing'],
  ['before the stop', { startedAt: at(0), endedAt: at(40) }, 39, 'infusing'],
  ['at the stop', { startedAt: at(0), endedAt: at(40) }, 40, 'observing'],
  ['after the stop', { startedAt: at(0), endedAt: at(40) }, 100, 'observing'],
  ['before the start of a stopped infusion', { startedAt: at(0), endedAt: at(40) }, -5, 'pre-dose'],
];

describe('vitalsPhaseAt: the phase a reading falls in by its time', () => {
  it.each(rows)('%s', (_title, span, minute, phase) => {
    expect(vitalsPhaseAt(span, at(minute))).toBe(phase);
  });
  it('takes ISO instants as well as epoch milliseconds', () => {
    const span = { startedAt: '2026-12-08T09:00:00Z', endedAt: '2026-12-08T09:40:00Z' };
    expect(vitalsPhaseAt(span, '2026-12-08T09:39:59.999Z')).toBe('infusing');
    expect(vitalsPhaseAt(span, '2026-12-08T09:40:00.000Z')).toBe('observing');
  });
});
