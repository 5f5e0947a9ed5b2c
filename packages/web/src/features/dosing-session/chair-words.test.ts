import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import {
  describeMedication,
  liveInfusion,
  localizeInstants,
  problemText,
  rateAgainstOrder,
  readMedicationDraft,
  readPastTime,
  refusalCode,
} from './chair-words';
import { alertTitle, formatClock } from './labels';
import type { SessionInfusion } from './dosing-session-api';

const infusion = (over: Partial<SessionInfusion> = {}): SessionInfusion => ({
  events: [],
  infusedMl: 50,
  bagTotalMl: 100,
  orderedRateMlPerHour: 150,
  currentRateMlPerHour: 150,
  tolerancePercent: 10,
  concentrationMgPerMl: 0.4,
  infusedMg: 20,
  orderedMg: 40,
  runningMinutes: 20,
  plannedMinutes: 40,
  plannedEndAt: null,
  plannedMinutesReachedAt: null,
  bagCompleteAt: null,
  pause: null,
  ...over,
});

describe('liveInfusion', () => {
  it('adds what ran since the view’s time at the current rate while the pump runs', () => {
    const r = liveInfusion(infusion(), true, 60_000 * 4, 0);
    expect(r.infusedMl).toBeCloseTo(60); // 150 mL/h for 4 min
    expect(r.infusedMg).toBeCloseTo(24);
    expect(r.runningMinutes).toBeCloseTo(24);
  });
  it('stops the volume at the bag and the milligrams at the order', () => {
    const r = liveInfusion(infusion(), true, 3_600_000, 0);
    expect(r.infusedMl).toBe(100);
    expect(r.infusedMg).toBe(40);
  });
  it('counts nothing on while paused (rate 0) or when the times are unknown', () => {
    expect(liveInfusion(infusion({ currentRateMlPerHour: 0 }), true, 600_000, 0)).toEqual({
      infusedMl: 50,
      infusedMg: 20,
      runningMinutes: 20,
    });
    expect(liveInfusion(infusion(), false, 600_000, 0)).toEqual({ infusedMl: 50, infusedMg: 20, runningMinutes: 20 });
    expect(liveInfusion(infusion(), true, undefined, 0)).toEqual({ infusedMl: 50, infusedMg: 20, runningMinutes: 20 });
  });
  it('a view newer than the clock counts nothing back', () => {
    expect(liveInfusion(infusion(), true, 0, 5000).infusedMl).toBe(50);
  });
});

describe('rateAgainstOrder', () => {
  it('within the tolerance, bound inclusive, in both directions', () => {
    expect(rateAgainstOrder(100, 110, 10)).toMatchObject({ withinTolerance: true, words: '10% above the ordered 100 mL/h' });
    expect(rateAgainstOrder(100, 90, 10)).toMatchObject({ withinTolerance: true, words: '10% below the ordered 100 mL/h' });
    expect(rateAgainstOrder(155.6, 171.16, 10).withinTolerance).toBe(true);
    expect(rateAgainstOrder(100, 100, 10).words).toBe('the ordered rate');
  });
  it('beyond it a prescriber approves', () => {
    expect(rateAgainstOrder(100, 120, 10)).toMatchObject({
      withinTolerance: false,
      deviationPercent: 20,
      words: '20% above the ordered 100 mL/h',
    });
    expect(rateAgainstOrder(155.6, 120, 10)).toMatchObject({ withinTolerance: false, words: '22.9% below the ordered 155.6 mL/h' });
  });
});

describe('readPastTime', () => {
  const now = Date.parse('2026-03-12T14:00:00.000Z');
  it('reads a site-local time into an instant', () => {
    expect(readPastTime('2026-03-12T08:30', 'America/New_York', now)).toEqual({ iso: '2026-03-12T12:30:00.000Z' });
  });
  it('refuses the empty, the malformed and the future (a minute of skew allowed)', () => {
    expect(readPastTime('', 'UTC', now).problem).toBe('enter the date and time');
    expect(readPastTime('12:30', 'UTC', now).problem).toBe('not a date and time');
    expect(readPastTime('2026-03-12T14:02', 'UTC', now).problem).toBe('is in the future');
    expect(readPastTime('2026-03-12T14:01', 'UTC', now).iso).toBe('2026-03-12T14:01:00.000Z');
  });
});

describe('readMedicationDraft', () => {
  const now = Date.parse('2026-03-12T14:00:00.000Z');
  it('makes the administration from a complete draft', () => {
    expect(
      readMedicationDraft({ drug: ' ondansetron ', dose: 4, unit: 'mg', route: 'IV', givenAt: '2026-03-12T13:40' }, 'UTC', now),
    ).toEqual({
      input: { drug: 'ondansetron', dose: 4, unit: 'mg', route: 'IV', givenAt: '2026-03-12T13:40:00.000Z' },
      problems: [],
    });
  });
  it('names every problem in words', () => {
    expect(readMedicationDraft({ drug: '', dose: '', unit: 'mg', route: 'IV', givenAt: '' }, 'UTC', now).problems).toEqual([
      'enter the drug',
      'enter the dose (a number above 0)',
      'time given: enter the date and time',
    ]);
    expect(
      readMedicationDraft({ drug: 'midazolam', dose: 0, unit: 'mg', route: 'IV', givenAt: '2026-03-12T15:00' }, 'UTC', now).problems,
    ).toEqual(['enter the dose (a number above 0)', 'time given: is in the future']);
  });
});

describe('describeMedication', () => {
  it('drug, dose, unit and route', () =>
    expect(describeMedication({ drug: 'ondansetron', dose: 4, unit: 'mg', route: 'IV' })).toBe('ondansetron 4 mg IV'));
});

describe('problemText', () => {
  it('names the fields as the form does, never the parameter path', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', 'body.fasting.lastSolidsAt: is in the future', {
      issues: [{ field: 'body.fasting.lastSolidsAt', message: 'is in the future' }],
    });
    expect(problemText(e)).toBe('Last solid food: is in the future.');
    const t = new ApiError(400, 'VALIDATION_FAILED', 'x', {
      issues: [{ field: 'body.treatments.1.givenAt', message: 'is in the future' }],
    });
    expect(problemText(t)).toBe('Treatment 2: time given: is in the future.');
  });
  it('shows a refusal’s message as the server words it, without a leading field path', () => {
    expect(
      problemText(
        new ApiError(
          403,
          'FORBIDDEN',
          '120 mL/h is 22.9% from the ordered 155.6 mL/h: beyond 10% only a prescriber changes the rate, through step-up',
          { code: 'RATE_NEEDS_PRESCRIBER' },
        ),
      ),
    ).toBe('120 mL/h is 22.9% from the ordered 155.6 mL/h: beyond 10% only a prescriber changes the rate, through step-up');
    expect(
      problemText(new ApiError(400, 'VALIDATION_FAILED', 'body.reason: a prescriber resuming after a vital-sign pause gives a reason')),
    ).toBe('A prescriber resuming after a vital-sign pause gives a reason');
    expect(problemText(new Error('boom'))).toBe('That did not work. Try again.');
  });
  it('reads the refusal code', () => {
    expect(refusalCode(new ApiError(403, 'FORBIDDEN', 'no', { code: 'RESUME_NEEDS_PRESCRIBER' }))).toBe('RESUME_NEEDS_PRESCRIBER');
    expect(refusalCode(new ApiError(403, 'FORBIDDEN', 'no'))).toBeUndefined();
  });
});

describe('alertTitle', () => {
  it('the pump’s alerts say to stop the infusion', () => {
    expect(
      alertTitle({
        kind: 'infusion:planned-end',
        details: { plannedMinutes: 40, reachedAt: '2026-03-12T13:45:00.000Z', runningMinutes: 40 },
      }),
    ).toBe('Planned infusion time reached: stop the infusion');
    expect(alertTitle({ kind: 'infusion:bag-complete', details: { bagTotalMl: 100, completeAt: '2026-03-12T13:45:00.000Z' } })).toBe(
      'The ordered bag is infused: stop the infusion',
    );
  });
  it('an overdue recording says what and when', () => {
    expect(
      alertTitle({ kind: 'overdue', details: { itemId: 'vitals@40', item: 'vitals', dueAt: '2026-03-12T13:45:00.000Z' } }, 'UTC'),
    ).toBe('Vital signs at 40 min overdue (due 13:45)');
    expect(alertTitle({ kind: 'overdue', details: { itemId: 'moaas@30', item: 'moaas', dueAt: '2026-03-12T13:35:00.000Z' } }, 'UTC')).toBe(
      'MOAA/S at 30 min overdue (due 13:35)',
    );
  });
  it('a vital-sign alert lists what fired', () => {
    expect(
      alertTitle({
        kind: 'vitals:infusing',
        details: {
          clientId: 'r1',
          measuredAt: '2026-03-12T13:45:00.000Z',
          fired: [
            {
              vital: 'systolic',
              value: 182,
              threshold: 180,
              comparator: '>=',
              level: 'pause',
              parameter: 'vitals.inSession.pause.systolicAtLeast',
            },
          ],
        },
      }),
    ).toBe('Blood pressure 182/— mmHg: pause recommended');
  });
  it.each([
    [
      'a blood pressure episode shows its worst values',
      'systolic',
      'pause',
      { systolic: { value: 240, measuredAt: 'x' }, diastolic: { value: 120, measuredAt: 'x' } },
      'Blood pressure 240/120 mmHg: pause recommended',
    ],
    ['SpO2', 'spo2', 'warn', undefined, 'SpO2 88%: warning'],
    ['heart rate after the infusion', 'heartRate', 'escalate', undefined, 'Heart rate 88 /min: call the prescriber'],
    ['MOAA/S (no unit)', 'moaas', 'warn', undefined, 'MOAA/S 88: warning'],
    [
      'a pre-dose hold',
      'diastolic',
      'hold',
      { diastolic: { value: 105, measuredAt: 'x' } },
      'Blood pressure —/105 mmHg: hold before dosing',
    ],
  ] as const)('%s', (_t, vital, level, worst, title) => {
    const fired = [{ vital, value: 88, threshold: 0, comparator: '>=' as const, level, parameter: 'p' }];
    expect(
      alertTitle({
        kind: 'vitals:infusing',
        details: {
          clientId: 'r',
          measuredAt: '2026-03-12T13:45:00.000Z',
          fired,
          ...(worst === undefined
            ? {}
            : {
                episode: { key: 'k', worst, last: { values: {}, measuredAt: '2026-03-12T13:45:00.000Z', level }, readings: 1, history: [] },
              }),
        },
      }),
    ).toBe(title);
  });
});

describe('localizeInstants', () => {
  it('shows every ISO instant of a message as the given format makes it', () => {
    const text = 'at least 60 min after the infusion ended: met at 2026-12-04T15:47:00.000Z (in 59 min); started 2026-12-04T14:27:20Z';
    expect(localizeInstants(text, (iso) => formatClock(iso, 'America/New_York'))).toBe(
      'at least 60 min after the infusion ended: met at 10:47 (in 59 min); started 09:27',
    );
  });
  it('leaves a message without instants as it is', () =>
    expect(localizeInstants('systolic 134 is at least 90', () => 'x')).toBe('systolic 134 is at least 90'));
});
