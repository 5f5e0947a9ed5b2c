import { describe, expect, it } from 'vitest';
import { param } from '../param.js';
import { ProvenanceSchema, siteDefault } from '../provenance.js';
import { schedulingDefaults, validateSchedulingSection, type SchedulingSection } from './scheduling.js';

function leaves(node: unknown, path: string, out: [string, unknown][]): [string, unknown][] {
  if (node !== null && typeof node === 'object' && 'provenance' in node) out.push([path, node]);
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) leaves(v, `${path}.${k}`, out);
  return out;
}

describe('scheduling section defaults', () => {
  it('every leaf is a Param with a valid provenance', () => {
    const all = leaves(schedulingDefaults, '', []);
    expect(all.length).toBeGreaterThan(20);
    for (const [, p] of all) expect(ProvenanceSchema.safeParse((p as { provenance: unknown }).provenance).success).toBe(true);
  });
  it('protocol-defaults.md values', () => {
    expect(schedulingDefaults.calendar.workingDays.value).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect([schedulingDefaults.calendar.opening.start.value, schedulingDefaults.calendar.opening.end.value]).toEqual(['08:00', '18:00']);
    const c = schedulingDefaults.chairTime;
    expect([c.beforeInfusionMin.value, c.turnoverMin.value, c.therapistAfterInfusionEndMin.value]).toEqual([30, 15, 60]);
    expect(schedulingDefaults.infusionsPerNurse).toMatchObject({ value: 1, min: 1, max: 2 });
    const f = schedulingDefaults.followUpOffsetsDays;
    expect([f.week.value, f.month.value, f.quarter.value]).toEqual([7, 30, 90]);
  });
  it('the defaults validate', () => {
    expect(validateSchedulingSection(schedulingDefaults)).toEqual([]);
  });
});

describe('validateSchedulingSection', () => {
  const sd = siteDefault();
  it('an event outside the opening hours, a window ending before it starts, a bad time', () => {
    const s: SchedulingSection = {
      ...schedulingDefaults,
      eventTimes: {
        ...schedulingDefaults.eventTimes,
        assessment: { start: param('07:00', 'time-of-day', sd), end: param('09:00', 'time-of-day', sd) },
        review: { start: param('12:00', 'time-of-day', sd), end: param('10:00', 'time-of-day', sd) },
        dosingChairStart: param('9:00', 'time-of-day', sd),
      },
    };
    expect(validateSchedulingSection(s).map((i) => i.path)).toEqual([
      'eventTimes.assessment',
      'eventTimes.review.end',
      'eventTimes.dosingChairStart',
    ]);
  });
  it('no working days, a duplicate weekday, follow-ups out of order', () => {
    const s: SchedulingSection = {
      ...schedulingDefaults,
      calendar: { ...schedulingDefaults.calendar, workingDays: param([], '1', sd) },
      followUpOffsetsDays: { ...schedulingDefaults.followUpOffsetsDays, month: param(100, 'day', sd) },
    };
    expect(validateSchedulingSection(s).map((i) => i.path)).toEqual(['calendar.workingDays', 'followUpOffsetsDays']);
    const dup: SchedulingSection = {
      ...schedulingDefaults,
      calendar: { ...schedulingDefaults.calendar, workingDays: param(['mon', 'mon'], '1', sd) },
    };
    expect(validateSchedulingSection(dup)).toHaveLength(1);
  });
});
