import { describe, expect, it } from 'vitest';
import { findBookingClashes, type BookedEvent, type BookedStaff, type BookingClashInput, type ProposedEvent } from './index.js';

const at = (hhmm: string): string => `2026-03-02T${hhmm}:00.000Z`;
const proposed = (over: Partial<ProposedEvent> = {}): ProposedEvent => ({
  title: 'Dosing 1',
  startsAt: at('09:00'),
  endsAt: at('12:00'),
  chairId: null,
  roomId: null,
  staff: [],
  ...over,
});
const booked = (over: Partial<BookedEvent> = {}): BookedEvent => ({
  title: 'Booked',
  state: 'scheduled',
  startsAt: at('09:00'),
  endsAt: at('12:00'),
  chairId: null,
  roomId: null,
  ...over,
});
const bookedStaff = (over: Partial<BookedStaff> = {}): BookedStaff => ({
  userId: 'nurse',
  role: 'licensed-iv-runner',
  title: 'Booked',
  state: 'scheduled',
  startsAt: at('09:00'),
  endsAt: at('12:00'),
  ...over,
});
const names = {
  chairs: new Map([['chair-1', 'Room A Chair 1']]),
  rooms: new Map([['room-1', 'Group room']]),
  users: new Map([
    ['nurse', 'Nurse N'],
    ['therapist', 'Therapist T'],
  ]),
};
const run = (over: Partial<BookingClashInput>) =>
  findBookingClashes({ proposed: [], bookedEvents: [], bookedStaff: [], infusionsPerRunner: 1, names, ...over }).map((c) => [
    c.rule,
    c.who,
    c.message,
  ]);

describe('findBookingClashes: which proposed events overlap what holds the same chair, room or person', () => {
  const cases: { title: string; input: Partial<BookingClashInput>; clashes: string[][] }[] = [
    {
      title: 'same chair, overlapping a booked event: chair double-booked',
      input: {
        proposed: [proposed({ chairId: 'chair-1' })],
        bookedEvents: [booked({ chairId: 'chair-1', startsAt: at('11:00'), endsAt: at('14:00') })],
      },
      clashes: [['chair-double-booked', 'Room A Chair 1', 'Room A Chair 1 is already booked for Booked at that time']],
    },
    {
      title: 'same chair, two proposed events overlapping: reported once, from the first',
      input: {
        proposed: [
          proposed({ chairId: 'chair-1' }),
          proposed({ title: 'Dosing 2', chairId: 'chair-1', startsAt: at('10:00'), endsAt: at('13:00') }),
        ],
      },
      clashes: [['chair-double-booked', 'Room A Chair 1', 'Room A Chair 1 holds two events at once: Dosing 1 and Dosing 2']],
    },
    {
      title: 'same room, overlapping a booked event: room double-booked',
      input: { proposed: [proposed({ title: 'Integration', roomId: 'room-1' })], bookedEvents: [booked({ roomId: 'room-1' })] },
      clashes: [['room-double-booked', 'Group room', 'Group room is already booked for Booked at that time']],
    },
    {
      title: 'a chair or room without a name is shown by its id',
      input: { proposed: [proposed({ roomId: 'room-9' })], bookedEvents: [booked({ roomId: 'room-9' })] },
      clashes: [['room-double-booked', 'room-9', 'room-9 is already booked for Booked at that time']],
    },
    {
      title: 'different chairs at the same time: no clash',
      input: { proposed: [proposed({ chairId: 'chair-1' })], bookedEvents: [booked({ chairId: 'chair-2' })] },
      clashes: [],
    },
    {
      title: 'a chair id matching a booked room id does not clash (chairs and rooms apart)',
      input: { proposed: [proposed({ chairId: 'x' })], bookedEvents: [booked({ roomId: 'x' })] },
      clashes: [],
    },
    {
      title: 'touching edges: a booking ending when the proposal starts is no clash (half-open windows)',
      input: {
        proposed: [proposed({ chairId: 'chair-1' })],
        bookedEvents: [booked({ chairId: 'chair-1', startsAt: at('06:00'), endsAt: at('09:00') })],
      },
      clashes: [],
    },
    {
      title: 'touching edges: a booking starting when the proposal ends is no clash',
      input: {
        proposed: [proposed({ roomId: 'room-1' })],
        bookedEvents: [booked({ roomId: 'room-1', startsAt: at('12:00'), endsAt: at('13:00') })],
      },
      clashes: [],
    },
    {
      title: 'one minute of overlap is a clash',
      input: {
        proposed: [proposed({ roomId: 'room-1' })],
        bookedEvents: [booked({ roomId: 'room-1', startsAt: at('11:59'), endsAt: at('13:00') })],
      },
      clashes: [['room-double-booked', 'Group room', 'Group room is already booked for Booked at that time']],
    },
    {
      title: 'a cancelled booking holds no chair',
      input: { proposed: [proposed({ chairId: 'chair-1' })], bookedEvents: [booked({ chairId: 'chair-1', state: 'cancelled' })] },
      clashes: [],
    },
    {
      title: 'a cancelled booking holds no staff member',
      input: {
        proposed: [proposed({ staff: [{ userId: 'therapist', role: 'therapist', startsAt: at('09:00'), endsAt: at('12:00') }] })],
        bookedStaff: [bookedStaff({ userId: 'therapist', role: 'therapist', state: 'cancelled' })],
      },
      clashes: [],
    },
    {
      title: 'same staff member (not a runner) in a booked event at the same time: staff double-booked',
      input: {
        proposed: [proposed({ staff: [{ userId: 'therapist', role: 'therapist', startsAt: at('09:00'), endsAt: at('12:00') }] })],
        bookedStaff: [bookedStaff({ userId: 'therapist', role: 'therapist', title: 'Integration' })],
      },
      clashes: [
        ['staff-double-booked', 'Therapist T', 'Therapist T is therapist of Dosing 1 and also therapist of Integration at that time'],
      ],
    },
    {
      title: 'same staff member in two proposed events of other titles: reported from each side',
      input: {
        proposed: [
          proposed({ staff: [{ userId: 'therapist', role: 'therapist', startsAt: at('09:00'), endsAt: at('12:00') }] }),
          proposed({ title: 'Dosing 2', staff: [{ userId: 'therapist', role: 'therapist', startsAt: at('10:00'), endsAt: at('11:00') }] }),
        ],
      },
      clashes: [
        ['staff-double-booked', 'Therapist T', 'Therapist T is therapist of Dosing 1 and also therapist of Dosing 2 at that time'],
        ['staff-double-booked', 'Therapist T', 'Therapist T is therapist of Dosing 2 and also therapist of Dosing 1 at that time'],
      ],
    },
    {
      title: 'same staff member in two proposed events of one title (two members of a cohort): the pair is reported once',
      input: {
        proposed: [
          proposed({ staff: [{ userId: 'therapist', role: 'therapist', startsAt: at('09:00'), endsAt: at('12:00') }] }),
          proposed({ staff: [{ userId: 'therapist', role: 'therapist', startsAt: at('10:00'), endsAt: at('11:00') }] }),
        ],
      },
      clashes: [['staff-double-booked', 'Therapist T', 'Therapist T is therapist of Dosing 1 and also therapist of Dosing 1 at that time']],
    },
    {
      title: 'staff windows touching: no clash',
      input: {
        proposed: [proposed({ staff: [{ userId: 'therapist', role: 'therapist', startsAt: at('09:00'), endsAt: at('12:00') }] })],
        bookedStaff: [bookedStaff({ userId: 'therapist', role: 'therapist', startsAt: at('12:00'), endsAt: at('13:00') })],
      },
      clashes: [],
    },
    {
      title: 'a runner with two infusions at once where the site allows one: infusions per runner',
      input: {
        proposed: [proposed({ staff: [{ userId: 'nurse', role: 'licensed-iv-runner', startsAt: at('09:00'), endsAt: at('12:00') }] })],
        bookedStaff: [bookedStaff()],
      },
      clashes: [['infusions-per-runner', 'Nurse N', 'Nurse N would run 2 infusions at once (the site allows 1)']],
    },
    {
      title: 'a runner with two infusions at once where the site allows two: no clash',
      input: {
        proposed: [proposed({ staff: [{ userId: 'nurse', role: 'licensed-iv-runner', startsAt: at('09:00'), endsAt: at('12:00') }] })],
        bookedStaff: [bookedStaff()],
        infusionsPerRunner: 2,
      },
      clashes: [],
    },
    {
      title: 'a runner who is also another role elsewhere at the time: staff double-booked',
      input: {
        proposed: [proposed({ staff: [{ userId: 'nurse', role: 'licensed-iv-runner', startsAt: at('09:00'), endsAt: at('12:00') }] })],
        bookedStaff: [bookedStaff({ role: 'prescriber', title: 'Assessment' })],
        infusionsPerRunner: 2,
      },
      clashes: [['staff-double-booked', 'Nurse N', 'Nurse N is running Dosing 1 and is also prescriber of Assessment']],
    },
    {
      title: 'a staff member without a name is shown by id',
      input: {
        proposed: [proposed({ staff: [{ userId: 'u-9', role: 'therapist', startsAt: at('09:00'), endsAt: at('12:00') }] })],
        bookedStaff: [bookedStaff({ userId: 'u-9', role: 'therapist' })],
      },
      clashes: [['staff-double-booked', 'u-9', 'u-9 is therapist of Dosing 1 and also therapist of Booked at that time']],
    },
    {
      title: 'same patient, overlapping events in other rooms with other staff: no rule on the patient here',
      input: {
        proposed: [proposed({ roomId: 'room-1' }), proposed({ title: 'Review', roomId: 'room-2' })],
        bookedEvents: [booked({ roomId: 'room-3' })],
      },
      clashes: [],
    },
  ];
  for (const c of cases) it(c.title, () => expect(run(c.input)).toEqual(c.clashes));

  it('a clash carries the proposed window (the event, or the staff window)', () => {
    const [chair] = findBookingClashes({
      proposed: [proposed({ chairId: 'chair-1' })],
      bookedEvents: [booked({ chairId: 'chair-1' })],
      bookedStaff: [],
      infusionsPerRunner: 1,
      names,
    });
    expect(chair).toMatchObject({ startsAt: at('09:00'), endsAt: at('12:00') });
    const [staff] = findBookingClashes({
      proposed: [proposed({ staff: [{ userId: 'therapist', role: 'therapist', startsAt: at('10:00'), endsAt: at('11:00') }] })],
      bookedEvents: [],
      bookedStaff: [bookedStaff({ userId: 'therapist', role: 'therapist' })],
      infusionsPerRunner: 1,
      names,
    });
    expect(staff).toMatchObject({ startsAt: at('10:00'), endsAt: at('11:00') });
  });

  it('chairs and rooms come before staff, in the order of the proposal', () => {
    const rules = findBookingClashes({
      proposed: [
        proposed({
          chairId: 'chair-1',
          staff: [{ userId: 'nurse', role: 'licensed-iv-runner', startsAt: at('09:00'), endsAt: at('12:00') }],
        }),
        proposed({ title: 'Integration', roomId: 'room-1' }),
      ],
      bookedEvents: [booked({ chairId: 'chair-1' }), booked({ roomId: 'room-1' })],
      bookedStaff: [bookedStaff()],
      infusionsPerRunner: 1,
      names,
    }).map((c) => c.rule);
    expect(rules).toEqual(['chair-double-booked', 'room-double-booked', 'infusions-per-runner']);
  });
});
