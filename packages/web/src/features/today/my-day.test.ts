import { describe, expect, it } from 'vitest';
import type { ScheduleEvent } from '../schedule/schedule-api';
import { myDayLines } from './my-day';

const ME = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';

const event = (id: string, startsAt: string, staff: string[], extra: Partial<ScheduleEvent> = {}): ScheduleEvent =>
  ({
    id,
    cohortId: '00000000-0000-4000-8000-0000000000c1',
    enrollmentId: '00000000-0000-4000-8000-0000000000c2',
    kind: 'dosing',
    title: 'Dosing session 1',
    programDay: 2,
    startsAt,
    endsAt: startsAt.replace('T09', 'T11').replace('T13', 'T15').replace('T08', 'T10'),
    state: 'scheduled',
    cancelReason: null,
    chair: null,
    room: null,
    infusion: null,
    patient: { id: null, name: 'M. O.', mrn: null },
    staff: staff.map((userId) => ({ userId, name: userId === ME ? 'Me' : 'Other', role: 'iv-runner', startsAt, endsAt: startsAt })),
    ...extra,
  }) as ScheduleEvent;

const task = (id: string, urgency: string, dueDate: string, assignees: string[]) => ({
  id,
  urgency,
  reason: `task ${id}`,
  dueDate,
  patient: { id: '00000000-0000-4000-8000-0000000000d1', name: 'Okafor, Maya' },
  assignees: assignees.map((userId) => ({ userId })),
});

describe('myDayLines: my tasks due first (urgent first), then my events by start', () => {
  const today = '2026-12-06';
  it.each([
    ['nothing booked, nothing due', [], [], []],
    ['another person’s event is not mine', [event('e1', '2026-12-06T09:00:00.000Z', [OTHER])], [], []],
    [
      'my events in time order, a cancelled one left out',
      [
        event('late', '2026-12-06T13:00:00.000Z', [ME]),
        event('early', '2026-12-06T08:00:00.000Z', [ME, OTHER]),
        event('gone', '2026-12-06T09:00:00.000Z', [ME], { state: 'cancelled' }),
      ],
      [],
      ['event:early', 'event:late'],
    ],
    [
      'tasks: mine only, due today or before, urgent first; a task due tomorrow waits',
      [event('e1', '2026-12-06T09:00:00.000Z', [ME])],
      [
        task('same-day', 'same-day', today, [ME]),
        task('urgent', 'urgent', today, [ME, OTHER]),
        task('overdue', 'same-day', '2026-12-04', [ME]),
        task('tomorrow', 'same-day', '2026-12-07', [ME]),
        task('theirs', 'urgent', today, [OTHER]),
      ],
      ['task:urgent', 'task:overdue', 'task:same-day', 'event:e1'],
    ],
  ])('%s', (_what, events, tasks, expected) => {
    expect(myDayLines(ME, events, tasks, [], today).map((l) => `${l.kind}:${l.id}`)).toEqual(expected);
  });

  it('a dosing event links to its console when the board has its session; the role I am booked as is kept', () => {
    const [line] = myDayLines(ME, [event('e1', '2026-12-06T09:00:00.000Z', [ME])], [], [{ eventId: 'e1', sessionId: 's1' }], today);
    expect(line).toMatchObject({ kind: 'event', sessionId: 's1', role: 'iv-runner' });
    const [without] = myDayLines(ME, [event('e1', '2026-12-06T09:00:00.000Z', [ME])], [], [], today);
    expect(without).not.toHaveProperty('sessionId');
  });
});
