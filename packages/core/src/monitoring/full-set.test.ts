import { describe, expect, it } from 'vitest';
import { vitalsDefaults as config } from '../protocol-config/sections/vitals.js';
import { assessPreDoseVitals, latestFullSet, type TimedReading } from './full-set.js';

const START = '2026-12-08T09:00:00Z';
const at = (minute: number): string => new Date(Date.parse(START) + minute * 60_000).toISOString();
const FULL = { systolic: 124, diastolic: 78, heartRate: 72, spo2: 98 };

describe('pre-dose vital signs: a full set within 30 min before the start (inclusive)', () => {
  type Row = [title: string, readings: TimedReading[], status: 'met' | 'missing'];
  const rows: Row[] = [
    ['a full set 30 min before: bound inclusive', [{ at: at(-30), reading: FULL }], 'met'],
    ['a full set 31 min before is stale', [{ at: at(-31), reading: FULL }], 'missing'],
    ['a full set at the start itself', [{ at: at(0), reading: FULL }], 'met'],
    ["a systolic alone never counts (the reviewer's reading)", [{ at: at(-5), reading: { systolic: 130 } }], 'missing'],
    ['blood pressure and heart rate without SpO2', [{ at: at(-5), reading: { systolic: 130, diastolic: 80, heartRate: 70 } }], 'missing'],
    [
      'values spread over two readings are not a set',
      [
        { at: at(-6), reading: { systolic: 130, diastolic: 80 } },
        { at: at(-5), reading: { heartRate: 70, spo2: 98 } },
      ],
      'missing',
    ],
    ['no reading at all', [], 'missing'],
    ['a reading after the start does not count as pre-dose', [{ at: at(1), reading: FULL }], 'missing'],
  ];
  it.each(rows)('%s', (_t, readings, status) => {
    const r = assessPreDoseVitals(readings, START, config);
    expect(r.status).toBe(status);
    expect(r.parameter).toBe('vitals.preDose.fullSetWithinMinutes');
  });
  it('says how old the last set is when it is stale', () => {
    expect(assessPreDoseVitals([{ at: at(-45), reading: FULL }], START, config).message).toMatch(/more than 30 min old/);
  });
  it('the site window is followed', () => {
    const wider = {
      ...config,
      preDose: { ...config.preDose, fullSetWithinMinutes: { ...config.preDose.fullSetWithinMinutes, value: 60 } },
    };
    expect(assessPreDoseVitals([{ at: at(-45), reading: FULL }], START, wider).status).toBe('met');
  });
});

describe('latestFullSet', () => {
  it('picks the latest full set in the window, whatever the order', () => {
    const readings: TimedReading[] = [
      { at: at(10), reading: { ...FULL, systolic: 140 } },
      { at: at(5), reading: FULL },
      { at: at(12), reading: { systolic: 150, diastolic: 90 } },
    ];
    expect(latestFullSet(readings, { to: at(20) })?.reading.systolic).toBe(140);
    expect(latestFullSet(readings, { to: at(9) })?.reading.systolic).toBe(124);
    expect(latestFullSet(readings, { from: at(11), to: at(20) })).toBeUndefined();
  });
});
