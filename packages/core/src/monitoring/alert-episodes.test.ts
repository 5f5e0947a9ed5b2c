import { describe, expect, it } from 'vitest';
import { decideEpisodes, episodeReminderDue, episodeSignals, type OpenEpisode } from './alert-episodes.js';
import type { AlertLevel, FiredThreshold, VitalName } from './vital-signs.js';

/** A fired threshold as core's classification gives it (the protocol's in-session bounds: warn 160/100, pause 180/110...). */
const fired = (vital: VitalName, value: number, level: AlertLevel, comparator: FiredThreshold['comparator'] = '>='): FiredThreshold => ({
  vital,
  value,
  threshold: 0,
  comparator,
  level,
  parameter: `vitals.inSession.${level}.${vital}`,
});
const systolicPause = (v: number) => [fired('systolic', v, 'warn'), fired('systolic', v, 'pause')];
const open = (key: string, level: AlertLevel, alertedValue: number): OpenEpisode => {
  const [parameter] = key.split(':');
  return { key, level, alertedValues: { [parameter === 'bloodPressure' ? 'systolic' : (parameter as VitalName)]: alertedValue } };
};

describe('alert episodes (protocol-defaults.md, "alert episode")', () => {
  it.each([
    // [title, open episodes, fired, measured, expected decisions]
    [
      'a first pause-level systolic opens an episode',
      [],
      systolicPause(182),
      ['systolic'],
      [{ kind: 'open', key: 'bloodPressure:high', level: 'pause' }],
    ],
    [
      'the next reading a minute later, 184, is the same episode: no new alert',
      [open('bloodPressure:high', 'pause', 182)],
      systolicPause(184),
      ['systolic'],
      [{ kind: 'continue', key: 'bloodPressure:high' }],
    ],
    [
      '191 is 9 above the alerted 182: still the same alert',
      [open('bloodPressure:high', 'pause', 182)],
      systolicPause(191),
      ['systolic'],
      [{ kind: 'continue', key: 'bloodPressure:high' }],
    ],
    [
      '192 is 10 above 182 (the BP step): alerts again',
      [open('bloodPressure:high', 'pause', 182)],
      systolicPause(192),
      ['systolic'],
      [{ kind: 'worsen', key: 'bloodPressure:high' }],
    ],
    [
      '182 then 240: never hidden',
      [open('bloodPressure:high', 'pause', 182)],
      systolicPause(240),
      ['systolic'],
      [{ kind: 'worsen', key: 'bloodPressure:high' }],
    ],
    [
      'a warning that reaches the pause level escalates',
      [open('bloodPressure:high', 'warn', 165)],
      systolicPause(181),
      ['systolic'],
      [{ kind: 'escalate', key: 'bloodPressure:high', level: 'pause' }],
    ],
    [
      'a pause episode that falls to the warning level goes on at pause (no alert)',
      [open('bloodPressure:high', 'pause', 185)],
      [fired('systolic', 170, 'warn')],
      ['systolic'],
      [{ kind: 'continue', key: 'bloodPressure:high', level: 'warn' }],
    ],
    [
      'the same rank under another name (pause during the infusion, escalate after it) alerts again',
      [open('bloodPressure:high', 'pause', 185)],
      [fired('systolic', 185, 'warn'), fired('systolic', 185, 'escalate')],
      ['systolic'],
      [{ kind: 'escalate', key: 'bloodPressure:high', level: 'escalate' }],
    ],
    [
      'systolic measured within bounds ends the episode',
      [open('bloodPressure:high', 'pause', 185)],
      [],
      ['systolic', 'diastolic'],
      [{ kind: 'end', key: 'bloodPressure:high' }],
    ],
    ['a reading without a blood pressure leaves the episode open', [open('bloodPressure:high', 'pause', 185)], [], ['spo2'], []],
    [
      'SpO2 falling 2 points below the alerted 89 alerts again',
      [open('spo2:low', 'warn', 89)],
      [fired('spo2', 87, 'warn', '<')],
      ['spo2'],
      [{ kind: 'worsen', key: 'spo2:low' }],
    ],
    [
      'SpO2 1 point lower is the same alert',
      [open('spo2:low', 'warn', 89)],
      [fired('spo2', 88, 'warn', '<')],
      ['spo2'],
      [{ kind: 'continue', key: 'spo2:low' }],
    ],
    [
      'an SpO2 rising back within the warning level is no worsening',
      [open('spo2:low', 'warn', 88)],
      [fired('spo2', 91, 'warn', '<')],
      ['spo2'],
      [{ kind: 'continue', key: 'spo2:low' }],
    ],
    [
      'heart rate 10 bpm higher alerts again',
      [open('heartRate:high', 'warn', 120)],
      [fired('heartRate', 130, 'warn')],
      ['heartRate'],
      [{ kind: 'worsen', key: 'heartRate:high' }],
    ],
    [
      'respiratory rate 2 breaths lower alerts again',
      [open('respiratoryRate:low', 'warn', 9)],
      [fired('respiratoryRate', 7, 'warn', '<')],
      ['respiratoryRate'],
      [{ kind: 'worsen', key: 'respiratoryRate:low' }],
    ],
    [
      'MOAA/S has no step: lower within the level is the same alert',
      [open('moaas:low', 'warn', 3)],
      [fired('moaas', 2, 'warn', '<=')],
      ['moaas'],
      [{ kind: 'continue', key: 'moaas:low' }],
    ],
    [
      'high and low of one vital are two parameters',
      [open('heartRate:high', 'warn', 125)],
      [fired('heartRate', 45, 'warn', '<=')],
      ['heartRate'],
      [
        { kind: 'open', key: 'heartRate:low' },
        { kind: 'end', key: 'heartRate:high' },
      ],
    ],
    [
      'a blood pressure past both bounds (190/112) is one episode',
      [],
      [...systolicPause(190), fired('diastolic', 112, 'warn'), fired('diastolic', 112, 'pause')],
      ['systolic', 'diastolic'],
      [{ kind: 'open', key: 'bloodPressure:high', level: 'pause' }],
    ],
    [
      'the diastolic 10 mmHg worse alerts again',
      [{ key: 'bloodPressure:high', level: 'pause', alertedValues: { systolic: 190, diastolic: 112 } }],
      [...systolicPause(190), fired('diastolic', 122, 'pause')],
      ['systolic', 'diastolic'],
      [{ kind: 'worsen', key: 'bloodPressure:high' }],
    ],
    [
      'high blood pressure and low SpO2 in one reading are two episodes',
      [],
      [...systolicPause(190), fired('spo2', 88, 'warn', '<')],
      ['systolic', 'diastolic', 'spo2'],
      [
        { kind: 'open', key: 'bloodPressure:high' },
        { kind: 'open', key: 'spo2:low' },
      ],
    ],
    [
      'a low blood pressure is its own episode beside a high one',
      [open('bloodPressure:high', 'warn', 165)],
      [fired('diastolic', 45, 'warn', '<')],
      ['diastolic'],
      [
        { kind: 'open', key: 'bloodPressure:low' },
        { kind: 'end', key: 'bloodPressure:high' },
      ],
    ],
  ] as const)('%s', (_title, episodes, f, measured, expected) => {
    const got = decideEpisodes(episodes, f, measured).map((d) =>
      d.kind === 'end' ? { kind: d.kind, key: d.key } : { kind: d.kind, key: d.signal.key, level: d.signal.level },
    );
    expect(got).toEqual(expected.map((e) => expect.objectContaining(e) as unknown));
    expect(got).toHaveLength(expected.length);
  });

  it('a parameter’s signal is its highest level, with every threshold it fired', () => {
    const [s] = episodeSignals(systolicPause(200));
    expect(s).toMatchObject({ key: 'bloodPressure:high', level: 'pause', values: { systolic: 200 } });
    expect(s?.fired).toHaveLength(2);
  });

  it.each([
    [0, false],
    [4 * 60_000 + 59_999, false],
    [5 * 60_000, true],
    [11 * 60_000, true],
  ])('reminds after 5 minutes unacknowledged: %i ms since it last alerted → %s', (elapsed, due) => {
    expect(episodeReminderDue(1_000_000, 1_000_000 + elapsed)).toBe(due);
  });
});
