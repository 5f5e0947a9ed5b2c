/**
 * A `vitals` event changes the Today board in place only when all it changes is a running
 * session's latest vital signs; every other event makes the board fetch again. Rows: the one case
 * applied, then each way an event must not be applied.
 */
import { describe, expect, it } from 'vitest';
import type { DosingBoard, DosingBoardItem } from '@kairos/api';
import type { LiveEvent } from '../../api/use-live-view';
import { applyVitalsToBoard } from './board-live';

const SESSION = '6f0c5f3e-8a2b-4c1d-9e7f-0a1b2c3d4e5f';
const OTHER = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f7a';

const earlier = {
  clientId: 'm-1',
  measuredAt: '2026-12-06T14:00:00.000Z',
  systolic: 128,
  diastolic: 80,
  heartRate: 76,
  spo2: 98,
  respiratoryRate: 14,
  moaas: null,
  temperature: null,
  phase: 'infusing' as const,
  level: 'normal' as const,
  source: 'device' as const,
  protocolVersion: 2,
};

const item = (extra: Partial<DosingBoardItem> = {}): DosingBoardItem => ({
  sessionId: SESSION,
  eventId: '00000000-0000-4000-8000-0000000000e1',
  chair: null,
  patient: { id: null, name: 'M. O.', mrn: null },
  staff: [],
  startsAt: '2026-12-06T13:30:00.000Z',
  state: 'infusing',
  route: 'IV',
  pauseRecommended: false,
  minutesSinceStart: 12,
  infusionStartedAt: '2026-12-06T13:50:00.000Z',
  latestVitals: earlier,
  openAlerts: [],
  fromEarlierDay: false,
  overdueSession: null,
  overdue: [],
  holds: [],
  ...extra,
});

const reading = (extra: Record<string, unknown> = {}) => ({
  clientId: 'm-2',
  measuredAt: '2026-12-06T14:05:00.000Z',
  phase: 'infusing',
  level: 'normal',
  systolic: 131,
  diastolic: 82,
  heartRate: 79,
  spo2: 97,
  respiratoryRate: 15,
  moaas: null,
  temperature: null,
  source: 'device',
  protocolVersion: 2,
  ...extra,
});

const event = (data: Record<string, unknown> = {}, type = 'vitals'): LiveEvent => ({
  id: '41',
  type,
  data: {
    sessionId: SESSION,
    at: '2026-12-06T14:05:01.000Z',
    stored: 1,
    levels: ['normal'],
    pauseRecommended: false,
    alerted: 0,
    readings: [reading()],
    ...data,
  },
});

const board = (...items: DosingBoardItem[]): DosingBoard => ({ items });

describe('a vitals event on the Today board', () => {
  it('a normal reading of a running session becomes its latest vital signs, the other cards untouched', () => {
    const other = item({ sessionId: OTHER });
    const next = applyVitalsToBoard(board(item(), other), event());
    expect(next?.items[0]?.latestVitals).toEqual({ ...reading(), level: 'normal' });
    expect(next?.items[1]).toBe(other);
  });

  it('a reading older than the one shown, or without a blood pressure, leaves the board as it is', () => {
    const b = board(item());
    expect(applyVitalsToBoard(b, event({ readings: [reading({ measuredAt: '2026-12-06T13:55:00.000Z' })] }))).toBe(b);
    expect(applyVitalsToBoard(b, event({ readings: [reading({ systolic: null, diastolic: null })] }))).toBe(b);
  });

  const fetchAgain: [string, DosingBoard, LiveEvent][] = [
    ['an alert raised', board(item()), event({ alerted: 1 })],
    ['a pause recommended', board(item()), event({ pauseRecommended: true })],
    ['a reading that is not normal', board(item()), event({ readings: [reading({ level: 'pause' })] })],
    ['the alert count missing (an older event)', board(item()), event({ alerted: undefined })],
    ['no readings carried', board(item()), event({ readings: undefined })],
    ['a session before its start (its checklist reads pre-dose readings)', board(item({ state: 'pre-dose' })), event()],
    [
      'something overdue on the card (the reading may clear it)',
      board(
        item({
          overdue: [
            {
              item: {
                id: 'vitals-15',
                kind: 'vitals',
                dueAt: '2026-12-06T14:04:00.000Z',
                dueAtMs: Date.parse('2026-12-06T14:04:00.000Z'),
                minuteFromStart: 15,
                reasons: ['vitals-during-infusion'],
              },
              overdueSince: '2026-12-06T14:04:00.000Z',
              minutesPastDue: 1,
            },
          ],
        }),
      ),
      event(),
    ],
    ['an open alert on the card', board(item({ openAlerts: [{}] as unknown as DosingBoardItem['openAlerts'] })), event()],
    ['a session not on this board', board(item({ sessionId: OTHER })), event()],
    ['another kind of event', board(item()), event({}, 'session-state')],
    ['a reading without its source (stored before it was announced)', board(item()), event({ readings: [reading({ source: undefined })] })],
    ['a value that is not a number', board(item()), event({ readings: [reading({ spo2: '97' })] })],
    ['a time that is not a time', board(item()), event({ readings: [reading({ measuredAt: 'soon' })] })],
  ];
  it.each(fetchAgain)('is fetched again on %s', (_, b, e) => {
    expect(applyVitalsToBoard(b, e)).toBeUndefined();
  });
});
