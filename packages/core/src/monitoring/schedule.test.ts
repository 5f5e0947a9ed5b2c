import { describe, expect, it } from 'vitest';
import { vitalsDefaults as config } from '../protocol-config/sections/vitals.js';
import {
  buildMonitoringSchedule,
  findOverdue,
  monitoringScheduleRule,
  type MonitoringRecord,
  type MonitoringSchedule,
} from './schedule.js';

const START = '2026-12-08T09:00:00Z';
const startMs = Date.parse(START);
const at = (minute: number): string => new Date(startMs + minute * 60_000).toISOString();
const minutesOf = (s: MonitoringSchedule, kind: string): number[] => s.items.filter((i) => i.kind === kind).map((i) => i.minuteFromStart);

describe('buildMonitoringSchedule, 40-min infusion with defaults', () => {
  const s = buildMonitoringSchedule(START, { plannedMinutes: 40 }, config);

  it('vital signs every 10 min until the end (10..40), 40 min merged, every 15 min after the end through the minimum observation', () => {
    // End 40; minimum observation ends at the later of 40+60=100 and 0+120=120.
    expect(minutesOf(s, 'vitals')).toEqual([10, 20, 30, 40, 55, 70, 85, 100, 115]);
    const at40 = s.items.find((i) => i.id === 'vitals@40');
    expect(at40?.reasons).toEqual(['vitals-during-infusion', 'vitals-at-minute-after-start']);
  });
  it('MOAA/S at 15 and 30 min after the start, at the end, and 15 and 30 min after the end', () => {
    expect(minutesOf(s, 'moaas')).toEqual([15, 30, 40, 55, 70]);
  });
  it('CADSS-6 once, 5 min before the end', () => {
    expect(minutesOf(s, 'cadss6')).toEqual([35]);
  });
  it('gives due times as ISO UTC and epoch ms, and the end of the minimum observation', () => {
    expect(s.items[0]).toMatchObject({ kind: 'vitals', dueAt: '2026-12-08T09:10:00.000Z', dueAtMs: startMs + 600_000 });
    expect(s.minimumObservationEndsAt).toBe(at(120));
    expect(s.infusionEndAt).toBe(at(40));
    expect(s.beforeDischarge).toEqual({ kind: 'vitals' });
  });
  it('is sorted by due time', () => {
    const times = s.items.map((i) => i.dueAtMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});

describe('buildMonitoringSchedule, other lengths', () => {
  it('a 25-min infusion (actual end instant): 10 and 20 during, 40 both at-40 and end+15', () => {
    const s = buildMonitoringSchedule(START, at(25), config);
    expect(minutesOf(s, 'vitals')).toEqual([10, 20, 40, 55, 70, 85, 100, 115]);
    expect(s.items.find((i) => i.id === 'vitals@40')?.reasons).toEqual(['vitals-at-minute-after-start', 'vitals-after-end']);
    expect(minutesOf(s, 'moaas')).toEqual([15, 25, 30, 40, 55]);
    expect(minutesOf(s, 'cadss6')).toEqual([20]);
  });
  it('a 90-min infusion: the minimum observation ends at end + 60 (150), later than start + 120', () => {
    const s = buildMonitoringSchedule(START, { plannedMinutes: 90 }, config);
    expect(s.minimumObservationEndsAt).toBe(at(150));
    expect(minutesOf(s, 'vitals')).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 105, 120, 135, 150]);
  });
  it('untilAt extends the vital signs after the end', () => {
    const s = buildMonitoringSchedule(START, { plannedMinutes: 40 }, config, { untilAt: at(160) });
    expect(minutesOf(s, 'vitals').slice(-3)).toEqual([130, 145, 160]);
  });
  it('accepts epoch ms and refuses an end before the start, a zoneless ISO string, or a planned 0 min', () => {
    expect(buildMonitoringSchedule(startMs, startMs + 40 * 60_000, config).items.length).toBeGreaterThan(0);
    expect(() => buildMonitoringSchedule(START, at(-1), config)).toThrow(RangeError);
    expect(() => buildMonitoringSchedule('2026-12-08T09:00:00', { plannedMinutes: 40 }, config)).toThrow(RangeError);
    expect(() => buildMonitoringSchedule(START, { plannedMinutes: 0 }, config)).toThrow(RangeError);
  });
  it('an infusion stopped the moment it started still has its observation (vitals after the end, MOAA/S)', () => {
    const s = buildMonitoringSchedule(START, START, config);
    expect(minutesOf(s, 'vitals').slice(0, 2)).toEqual([15, 30]);
    expect(minutesOf(s, 'moaas')).toEqual([0, 15, 30]);
  });
  it('closer blood-pressure monitoring: every 5 min from the start to 30 min after the end, merged with the usual items', () => {
    const s = buildMonitoringSchedule(START, { plannedMinutes: 40 }, config, { closerBloodPressure: true, untilAt: at(100) });
    const vitals = minutesOf(s, 'vitals');
    expect(vitals.filter((m) => m <= 70)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70]);
    expect(vitals.filter((m) => m > 70)).toEqual([85, 100]);
    const at10 = s.items.find((i) => i.kind === 'vitals' && i.minuteFromStart === 10);
    expect(at10?.reasons).toEqual(['vitals-during-infusion', 'vitals-closer-monitoring']);
    expect(
      minutesOf(buildMonitoringSchedule(START, { plannedMinutes: 40 }, config, { untilAt: at(100) }), 'vitals').filter((m) => m <= 70),
    ).toEqual([10, 20, 30, 40, 55, 70]);
  });
  it('the rule evaluates the same schedule', () => {
    expect(monitoringScheduleRule.evaluate({ infusionStart: START, infusionEnd: { plannedMinutes: 40 } }, config).items).toEqual(
      buildMonitoringSchedule(START, { plannedMinutes: 40 }, config).items,
    );
  });
});

describe('findOverdue', () => {
  const s = buildMonitoringSchedule(START, { plannedMinutes: 40 }, config);
  const ids = (recorded: MonitoringRecord[], nowMinute: number): string[] =>
    findOverdue(s, recorded, at(nowMinute), config).map((o) => o.item.id);
  const vitalIds = (recorded: MonitoringRecord[], nowMinute: number): string[] =>
    ids(recorded, nowMinute).filter((id) => id.startsWith('vitals@'));

  it('vitals due at 10 is not overdue at exactly 15 min (5 min window inclusive)', () => {
    expect(ids([], 15)).toEqual([]);
  });
  it('vitals due at 10 is overdue just after 15 min', () => {
    const r = findOverdue(s, [], startMs + 15 * 60_000 + 1, config);
    expect(r.map((o) => o.item.id)).toEqual(['vitals@10']);
    expect(r[0]?.overdueSince).toBe(at(15));
  });
  it('a recording exactly 5 min after the due time counts', () => {
    expect(ids([{ kind: 'vitals', at: at(15) }], 16)).toEqual([]);
  });
  it('a recording exactly 5 min before the due time counts; 5 min + 1 s before does not', () => {
    expect(ids([{ kind: 'vitals', at: at(5) }], 16)).toEqual([]);
    expect(ids([{ kind: 'vitals', at: startMs + 5 * 60_000 - 1000 }], 16)).toEqual(['vitals@10']);
  });
  it('a recording of another kind does not count (MOAA/S is not vitals)', () => {
    expect(ids([{ kind: 'moaas', at: at(10) }], 16)).toEqual(['vitals@10']);
  });
  it('one missed reading among on-time ones: only that item is overdue', () => {
    const rec: MonitoringRecord[] = [20, 30].map((m) => ({ kind: 'vitals', at: at(m) }));
    expect(vitalIds(rec, 34)).toEqual(['vitals@10']);
  });
  it('a late recording (after the window, before now) clears the item it was late for', () => {
    const rec: MonitoringRecord[] = [
      { kind: 'vitals', at: at(17) },
      { kind: 'vitals', at: at(20) },
    ];
    expect(vitalIds(rec, 24)).toEqual([]);
  });
  it('recordings after now are ignored', () => {
    expect(ids([{ kind: 'vitals', at: at(12) }], 11)).toEqual([]);
    expect(ids([{ kind: 'vitals', at: at(30) }], 16)).toEqual(['vitals@10']);
  });
  it('lists every kind overdue, by due time then kind: at 36 min with nothing recorded (CADSS-6 at 35 not yet)', () => {
    expect(ids([], 36)).toEqual(['vitals@10', 'moaas@15', 'vitals@20', 'vitals@30', 'moaas@30']);
  });
  it('CADSS-6 due at 35 is overdue just after 40', () => {
    expect(ids([], 40)).not.toContain('cadss6@35');
    expect(findOverdue(s, [], startMs + 40 * 60_000 + 1, config).map((o) => o.item.id)).toContain('cadss6@35');
  });
  it('vital signs after the end keep recurring past the listed items while the patient stays (130 due, overdue at 135+)', () => {
    const all: MonitoringRecord[] = s.items.map((i) => ({ kind: i.kind, at: i.dueAt }));
    expect(ids(all, 135)).toEqual([]);
    const r = findOverdue(s, all, startMs + 135 * 60_000 + 1, config);
    expect(r.map((o) => o.item.id)).toEqual(['vitals@130']);
    expect(r[0]?.minutesPastDue).toBeCloseTo(5, 3);
  });
});
