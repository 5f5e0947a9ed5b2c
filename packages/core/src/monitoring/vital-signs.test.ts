import { describe, expect, it } from 'vitest';
import { vitalsDefaults as config } from '../protocol-config/sections/vitals.js';
import { classifyVitals, vitalSignsRule, type VitalsPhase, type VitalsReading } from './vital-signs.js';

/** A calm full set of vitals; override what the test is about. */
const calm = (over: VitalsReading = {}): VitalsReading => ({
  systolic: 120,
  diastolic: 75,
  heartRate: 72,
  spo2: 98,
  respiratoryRate: 14,
  ...over,
});

type Row = [title: string, phase: VitalsPhase, over: VitalsReading, level: string];

describe('pre-dose thresholds (normal | warn | hold)', () => {
  const rows: Row[] = [
    ['SBP 139 is normal', 'pre-dose', { systolic: 139 }, 'normal'],
    ['SBP 140 warns: bound inclusive (Spravato >140/90, bound included)', 'pre-dose', { systolic: 140 }, 'warn'],
    ['SBP 159 warns', 'pre-dose', { systolic: 159 }, 'warn'],
    ['SBP 160 holds: bound inclusive', 'pre-dose', { systolic: 160 }, 'hold'],
    ['DBP 89 is normal', 'pre-dose', { diastolic: 89 }, 'normal'],
    ['DBP 90 warns: bound inclusive', 'pre-dose', { diastolic: 90 }, 'warn'],
    ['DBP 99 warns', 'pre-dose', { diastolic: 99 }, 'warn'],
    ['DBP 100 holds: bound inclusive', 'pre-dose', { diastolic: 100 }, 'hold'],
    ['HR 109 is normal', 'pre-dose', { heartRate: 109 }, 'normal'],
    ['HR 110 warns: bound inclusive', 'pre-dose', { heartRate: 110 }, 'warn'],
    ['HR 129 warns', 'pre-dose', { heartRate: 129 }, 'warn'],
    ['HR 130 holds: bound inclusive', 'pre-dose', { heartRate: 130 }, 'hold'],
    ['HR 51 is normal', 'pre-dose', { heartRate: 51 }, 'normal'],
    ['HR 50 warns: low bound inclusive', 'pre-dose', { heartRate: 50 }, 'warn'],
    ['HR 46 warns', 'pre-dose', { heartRate: 46 }, 'warn'],
    ['HR 45 holds: low bound inclusive', 'pre-dose', { heartRate: 45 }, 'hold'],
    ['SpO2 94 is normal: "< 94" is strict', 'pre-dose', { spo2: 94 }, 'normal'],
    ['SpO2 93.9 warns', 'pre-dose', { spo2: 93.9 }, 'warn'],
    ['SpO2 92 warns: "< 92" is strict', 'pre-dose', { spo2: 92 }, 'warn'],
    ['SpO2 91.9 holds', 'pre-dose', { spo2: 91.9 }, 'hold'],
    ['RR 12 is normal: "< 12" is strict', 'pre-dose', { respiratoryRate: 12 }, 'normal'],
    ['RR 11 warns', 'pre-dose', { respiratoryRate: 11 }, 'warn'],
    ['RR 10 warns: "< 10" is strict', 'pre-dose', { respiratoryRate: 10 }, 'warn'],
    ['RR 9 holds', 'pre-dose', { respiratoryRate: 9 }, 'hold'],
  ];
  it.each(rows)('%s', (_t, phase, over, level) => {
    expect(classifyVitals(calm(over), phase, undefined, config).level).toBe(level);
  });
});

describe('infusing thresholds (normal | warn | pause)', () => {
  const rows: Row[] = [
    ['SBP 159 is normal while infusing', 'infusing', { systolic: 159 }, 'normal'],
    ['SBP 160 warns: bound inclusive', 'infusing', { systolic: 160 }, 'warn'],
    ['SBP 179 warns, does not pause', 'infusing', { systolic: 179 }, 'warn'],
    ['SBP 180 pauses: bound inclusive', 'infusing', { systolic: 180 }, 'pause'],
    ['DBP 99 is normal', 'infusing', { diastolic: 99 }, 'normal'],
    ['DBP 100 warns: bound inclusive', 'infusing', { diastolic: 100 }, 'warn'],
    ['DBP 109 warns', 'infusing', { diastolic: 109 }, 'warn'],
    ['DBP 110 pauses: bound inclusive', 'infusing', { diastolic: 110 }, 'pause'],
    ['HR 110 warns', 'infusing', { heartRate: 110 }, 'warn'],
    ['HR 129 warns', 'infusing', { heartRate: 129 }, 'warn'],
    ['HR 130 pauses: bound inclusive', 'infusing', { heartRate: 130 }, 'pause'],
    ['HR 51 is normal', 'infusing', { heartRate: 51 }, 'normal'],
    ['HR 50 warns: low bound inclusive', 'infusing', { heartRate: 50 }, 'warn'],
    ['HR 46 warns', 'infusing', { heartRate: 46 }, 'warn'],
    ['HR 45 pauses: low bound inclusive', 'infusing', { heartRate: 45 }, 'pause'],
    ['SpO2 94 is normal', 'infusing', { spo2: 94 }, 'normal'],
    ['SpO2 92 warns, does not pause: "< 92" is strict', 'infusing', { spo2: 92 }, 'warn'],
    ['SpO2 91.9 pauses', 'infusing', { spo2: 91.9 }, 'pause'],
    ['RR 12 is normal', 'infusing', { respiratoryRate: 12 }, 'normal'],
    ['RR 10 warns', 'infusing', { respiratoryRate: 10 }, 'warn'],
    ['RR 9 pauses', 'infusing', { respiratoryRate: 9 }, 'pause'],
    ['MOAA/S 3 is normal', 'infusing', { moaas: 3 }, 'normal'],
    ['MOAA/S 2 pauses: bound inclusive', 'infusing', { moaas: 2 }, 'pause'],
    ['MOAA/S 0 pauses (0 is a value, not missing)', 'infusing', { moaas: 0 }, 'pause'],
  ];
  it.each(rows)('%s', (_t, phase, over, level) => {
    expect(classifyVitals(calm(over), phase, undefined, config).level).toBe(level);
  });
});

describe('observing thresholds (normal | warn | escalate)', () => {
  const rows: Row[] = [
    ['SBP 179 warns after the infusion', 'observing', { systolic: 179 }, 'warn'],
    ['SBP 180 escalates after the infusion: bound inclusive', 'observing', { systolic: 180 }, 'escalate'],
    ['DBP 110 escalates', 'observing', { diastolic: 110 }, 'escalate'],
    ['HR 45 escalates', 'observing', { heartRate: 45 }, 'escalate'],
    ['SpO2 92 warns', 'observing', { spo2: 92 }, 'warn'],
    ['SpO2 91.9 escalates', 'observing', { spo2: 91.9 }, 'escalate'],
    ['RR 9 escalates', 'observing', { respiratoryRate: 9 }, 'escalate'],
    ['MOAA/S 3 is normal', 'observing', { moaas: 3 }, 'normal'],
    ['MOAA/S 2 escalates: bound inclusive', 'observing', { moaas: 2 }, 'escalate'],
    ['a calm full set is normal', 'observing', {}, 'normal'],
  ];
  it.each(rows)('%s', (_t, phase, over, level) => {
    expect(classifyVitals(calm(over), phase, undefined, config).level).toBe(level);
  });
});

describe('every threshold that fired', () => {
  it('SBP 185 while infusing fires both the warning (>= 160) and the pause (>= 180) bound', () => {
    const r = classifyVitals(calm({ systolic: 185 }), 'infusing', undefined, config);
    expect(r.fired).toEqual([
      { vital: 'systolic', value: 185, threshold: 160, comparator: '>=', level: 'warn', parameter: 'vitals.inSession.warn.systolicAtLeast' },
      { vital: 'systolic', value: 185, threshold: 180, comparator: '>=', level: 'pause', parameter: 'vitals.inSession.pause.systolicAtLeast' },
    ]);
    expect(r.checks.find((c) => c.vital === 'systolic')?.status).toBe('pause');
  });
  it('lists thresholds of several vitals: pre-dose SBP 150 (warn) and SpO2 91 (warn + hold) gives hold', () => {
    const r = classifyVitals(calm({ systolic: 150, spo2: 91 }), 'pre-dose', undefined, config);
    expect(r.level).toBe('hold');
    expect(r.fired.map((f) => [f.vital, f.level, f.comparator, f.threshold])).toEqual([
      ['systolic', 'warn', '>=', 140],
      ['spo2', 'warn', '<', 94],
      ['spo2', 'hold', '<', 92],
    ]);
  });
  it('a calm reading fires nothing', () => {
    expect(classifyVitals(calm(), 'infusing', undefined, config).fired).toEqual([]);
  });
});

describe('missing is not normal, 0 is a value', () => {
  it('an empty reading is incomplete: every full-set vital is missing, none normal', () => {
    const r = classifyVitals({}, 'infusing', undefined, config);
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual(['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate']);
    expect(r.checks.every((c) => c.status === 'missing')).toBe(true);
    expect(r.fired).toEqual([]);
  });
  it('a reading of SpO2 only is classified and reports the other vitals missing', () => {
    const r = classifyVitals({ spo2: 97 }, 'observing', undefined, config);
    expect(r.checks.find((c) => c.vital === 'spo2')?.status).toBe('normal');
    expect(r.missing).toEqual(['systolic', 'diastolic', 'heartRate', 'respiratoryRate']);
    expect(r.complete).toBe(false);
  });
  it.each([
    ['SpO2 0 is below 92: pause', { spo2: 0 }, 'pause'],
    ['heart rate 0 is <= 45: pause', { heartRate: 0 }, 'pause'],
    ['respiratory rate 0 is below 10: pause', { respiratoryRate: 0 }, 'pause'],
  ] as const)('%s (never read as missing)', (_t, over, level) => {
    const r = classifyVitals(calm(over), 'infusing', undefined, config);
    expect(r.level).toBe(level);
    expect(r.complete).toBe(true);
  });
  it('MOAA/S absent is not a missing vital sign (it has its own schedule)', () => {
    expect(classifyVitals(calm(), 'infusing', undefined, config).missing).toEqual([]);
  });
  it('MOAA/S before dosing has no threshold: reported as no-threshold, not normal', () => {
    const r = classifyVitals(calm({ moaas: 1 }), 'pre-dose', undefined, config);
    expect(r.checks.find((c) => c.vital === 'moaas')?.status).toBe('no-threshold');
    expect(r.level).toBe('normal');
  });
  it('refuses a present value that is not a finite number', () => {
    expect(() => classifyVitals({ systolic: Number.NaN }, 'infusing', undefined, config)).toThrow(RangeError);
  });
});

describe('change from pre-dose', () => {
  it('reports reading minus pre-dose for each vital present in both', () => {
    const r = classifyVitals({ systolic: 140, diastolic: 89, heartRate: 80 }, 'infusing', { systolic: 124, diastolic: 78 }, config);
    expect(r.changeFromPreDose).toEqual({ systolic: 16, diastolic: 11 });
    expect(r.checks.find((c) => c.vital === 'systolic')?.changeFromPreDose).toBe(16);
    expect(r.checks.find((c) => c.vital === 'heartRate')?.changeFromPreDose).toBeUndefined();
  });
  it('a pre-dose value of 0 gives a change (0 is a value)', () => {
    const r = classifyVitals({ heartRate: 60 }, 'observing', { heartRate: 0 }, config);
    expect(r.changeFromPreDose).toEqual({ heartRate: 60 });
  });
});

describe('vitalSignsRule', () => {
  it('has id, version, title, sources and evaluates like classifyVitals', () => {
    expect(vitalSignsRule.id).toBe('monitoring.vital-signs');
    expect(vitalSignsRule.sources.length).toBeGreaterThan(0);
    expect(vitalSignsRule.evaluate({ reading: calm({ systolic: 180 }), phase: 'infusing' }, config).level).toBe('pause');
  });
});
