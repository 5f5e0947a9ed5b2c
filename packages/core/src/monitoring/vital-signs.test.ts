import { describe, expect, it } from 'vitest';
import { vitalsDefaults as config } from '../protocol-config/sections/vitals.js';
import {
  checkReadingPlausibility,
  classifyVitals,
  isFullSet,
  vitalSignsRule,
  type VitalsPhase,
  type VitalsReading,
} from './vital-signs.js';

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
      {
        vital: 'systolic',
        value: 185,
        threshold: 160,
        comparator: '>=',
        level: 'warn',
        parameter: 'vitals.inSession.warn.systolicAtLeast',
      },
      {
        vital: 'systolic',
        value: 185,
        threshold: 180,
        comparator: '>=',
        level: 'pause',
        parameter: 'vitals.inSession.pause.systolicAtLeast',
      },
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

describe('hypotension (protocol-defaults.md: warning SBP < 90 or DBP < 50; hold/pause SBP < 80 or DBP < 45; strict)', () => {
  const rows: Row[] = [
    ['pre-dose SBP 90 is normal: "< 90" is strict', 'pre-dose', { systolic: 90, diastolic: 60 }, 'normal'],
    ['pre-dose SBP 89 warns', 'pre-dose', { systolic: 89, diastolic: 60 }, 'warn'],
    ['pre-dose SBP 80 warns: "< 80" is strict', 'pre-dose', { systolic: 80, diastolic: 60 }, 'warn'],
    ['pre-dose SBP 79 holds', 'pre-dose', { systolic: 79, diastolic: 60 }, 'hold'],
    ['pre-dose DBP 50 is normal', 'pre-dose', { systolic: 110, diastolic: 50 }, 'normal'],
    ['pre-dose DBP 49 warns', 'pre-dose', { systolic: 110, diastolic: 49 }, 'warn'],
    ['pre-dose DBP 45 warns: "< 45" is strict', 'pre-dose', { systolic: 110, diastolic: 45 }, 'warn'],
    ['pre-dose DBP 44 holds', 'pre-dose', { systolic: 110, diastolic: 44 }, 'hold'],
    ['infusing SBP 90 is normal', 'infusing', { systolic: 90, diastolic: 60 }, 'normal'],
    ['infusing SBP 89 warns', 'infusing', { systolic: 89, diastolic: 60 }, 'warn'],
    ['infusing SBP 80 warns, does not pause', 'infusing', { systolic: 80, diastolic: 60 }, 'warn'],
    ['infusing SBP 79 pauses', 'infusing', { systolic: 79, diastolic: 60 }, 'pause'],
    ['infusing 70/40 pauses (the reviewer\'s reading, once "normal")', 'infusing', { systolic: 70, diastolic: 40 }, 'pause'],
    ['infusing DBP 49 warns', 'infusing', { systolic: 110, diastolic: 49 }, 'warn'],
    ['infusing DBP 44 pauses', 'infusing', { systolic: 110, diastolic: 44 }, 'pause'],
    ['observing SBP 89 warns', 'observing', { systolic: 89, diastolic: 60 }, 'warn'],
    ['observing SBP 79 escalates', 'observing', { systolic: 79, diastolic: 60 }, 'escalate'],
    ['observing DBP 44 escalates', 'observing', { systolic: 110, diastolic: 44 }, 'escalate'],
  ];
  it.each(rows)('%s', (_t, phase, over, level) => {
    expect(classifyVitals(calm(over), phase, undefined, config).level).toBe(level);
  });
  it('names the hypotension parameter that fired', () => {
    const r = classifyVitals(calm({ systolic: 70, diastolic: 40 }), 'infusing', undefined, config);
    expect(r.fired.map((f) => [f.parameter, f.comparator])).toEqual([
      ['vitals.inSession.warn.systolicBelow', '<'],
      ['vitals.inSession.pause.systolicBelow', '<'],
      ['vitals.inSession.warn.diastolicBelow', '<'],
      ['vitals.inSession.pause.diastolicBelow', '<'],
    ]);
  });
});

describe('plausible values (protocol-defaults.md: refused outside, per value, field named; bounds inclusive)', () => {
  type P = [title: string, reading: VitalsReading, field: string | undefined, parameter?: string];
  const rows: P[] = [
    ['systolic 40 is plausible', { systolic: 40, diastolic: 20 }, undefined],
    ['systolic 39 is not', { systolic: 39, diastolic: 20 }, 'systolic', 'vitals.plausible.systolicMin'],
    ['systolic 300 is plausible', { systolic: 300, diastolic: 100 }, undefined],
    ['systolic 301 is not', { systolic: 301, diastolic: 100 }, 'systolic', 'vitals.plausible.systolicMax'],
    ['diastolic 20 is plausible', { systolic: 90, diastolic: 20 }, undefined],
    ['diastolic 19 is not', { systolic: 90, diastolic: 19 }, 'diastolic', 'vitals.plausible.diastolicMin'],
    ['diastolic 200 is plausible (below systolic 250)', { systolic: 250, diastolic: 200 }, undefined],
    ['diastolic 201 is not', { systolic: 250, diastolic: 201 }, 'diastolic', 'vitals.plausible.diastolicMax'],
    ['diastolic equal to systolic is not (80/80)', { systolic: 80, diastolic: 80 }, 'diastolic'],
    ['diastolic above systolic is not (80/120)', { systolic: 80, diastolic: 120 }, 'diastolic'],
    ['heart rate 20 is plausible', { heartRate: 20 }, undefined],
    ['heart rate 19 is not', { heartRate: 19 }, 'heartRate', 'vitals.plausible.heartRateMin'],
    ['heart rate 0 is not (the device artefact)', { heartRate: 0 }, 'heartRate', 'vitals.plausible.heartRateMin'],
    ['heart rate 250 is plausible', { heartRate: 250 }, undefined],
    ['heart rate 251 is not', { heartRate: 251 }, 'heartRate', 'vitals.plausible.heartRateMax'],
    ['SpO2 50 is plausible', { spo2: 50 }, undefined],
    ['SpO2 49 is not', { spo2: 49 }, 'spo2', 'vitals.plausible.spo2Min'],
    ['SpO2 100 is plausible', { spo2: 100 }, undefined],
    ['SpO2 100.1 is not', { spo2: 100.1 }, 'spo2', 'vitals.plausible.spo2Max'],
    ['SpO2 150 is not', { spo2: 150 }, 'spo2', 'vitals.plausible.spo2Max'],
    ['respiratory rate 4 is plausible', { respiratoryRate: 4 }, undefined],
    ['respiratory rate 3 is not', { respiratoryRate: 3 }, 'respiratoryRate', 'vitals.plausible.respiratoryRateMin'],
    ['respiratory rate 60 is plausible', { respiratoryRate: 60 }, undefined],
    ['respiratory rate 61 is not', { respiratoryRate: 61 }, 'respiratoryRate', 'vitals.plausible.respiratoryRateMax'],
    ['temperature 30 is plausible', { temperature: 30 }, undefined],
    ['temperature 29.9 is not', { temperature: 29.9 }, 'temperature', 'vitals.plausible.temperatureMin'],
    ['temperature 43 is plausible', { temperature: 43 }, undefined],
    ['temperature 43.1 is not', { temperature: 43.1 }, 'temperature', 'vitals.plausible.temperatureMax'],
    ['a systolic without its diastolic is not a blood pressure', { systolic: 120 }, 'diastolic'],
    ['a diastolic without its systolic is not a blood pressure', { diastolic: 80 }, 'systolic'],
    ['MOAA/S 5 alone is a reading', { moaas: 5 }, undefined],
    ['MOAA/S 6 is not', { moaas: 6 }, 'moaas'],
    ['MOAA/S 2.5 is not', { moaas: 2.5 }, 'moaas'],
    ['an empty reading is not a reading', {}, 'reading'],
  ];
  it.each(rows)('%s', (_t, reading, field, parameter) => {
    const issues = checkReadingPlausibility(reading, config);
    if (field === undefined) {
      expect(issues).toEqual([]);
      return;
    }
    expect(issues.map((i) => i.field)).toContain(field);
    const issue = issues.find((i) => i.field === field);
    expect(issue?.rule).toBe('monitoring.plausible-reading');
    if (parameter !== undefined) expect(issue?.parameter).toBe(parameter);
  });
  it('reports every bad value of a reading, each with its field', () => {
    const issues = checkReadingPlausibility({ systolic: 220, diastolic: 120, heartRate: 0, spo2: 150 }, config);
    expect(issues.map((i) => i.field)).toEqual(['heartRate', 'spo2']);
  });
  it('a site that widens a plausible bound is followed', () => {
    const wider = { ...config, plausible: { ...config.plausible, heartRateMin: { ...config.plausible.heartRateMin, value: 15 } } };
    expect(checkReadingPlausibility({ heartRate: 18 }, wider)).toEqual([]);
  });
});

describe('missing is not normal, 0 is a value', () => {
  it('an empty reading is incomplete: every full-set vital is missing, none normal', () => {
    const r = classifyVitals({}, 'infusing', undefined, config);
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual(['systolic', 'diastolic', 'heartRate', 'spo2']);
    expect(r.checks.every((c) => c.status === 'missing')).toBe(true);
    expect(r.fired).toEqual([]);
  });
  it('a reading of SpO2 only is classified and reports the other vitals missing', () => {
    const r = classifyVitals({ spo2: 97 }, 'observing', undefined, config);
    expect(r.checks.find((c) => c.vital === 'spo2')?.status).toBe('normal');
    expect(r.missing).toEqual(['systolic', 'diastolic', 'heartRate']);
    expect(r.complete).toBe(false);
  });
  it('a full set is systolic, diastolic, heart rate and SpO2: respiratory rate only when the monitor gives it', () => {
    expect(isFullSet({ systolic: 120, diastolic: 75, heartRate: 72, spo2: 98 })).toBe(true);
    expect(classifyVitals({ systolic: 120, diastolic: 75, heartRate: 72, spo2: 98 }, 'pre-dose', undefined, config).complete).toBe(true);
    expect(isFullSet({ systolic: 120, diastolic: 75, heartRate: 72, respiratoryRate: 14 })).toBe(false);
    expect(isFullSet({ systolic: 120 })).toBe(false);
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
