import { describe, expect, it } from 'vitest';
import { isCitationKey } from '../citations.js';
import { param, type Param } from '../param.js';
import { siteDefault } from '../provenance.js';
import { validateVitalsSection, vitalsDefaults, type VitalsSection } from './vitals.js';

function leaves(node: unknown, path: string, out: [string, Param<unknown>][] = []): [string, Param<unknown>][] {
  if (node !== null && typeof node === 'object' && 'provenance' in node && 'value' in node) {
    out.push([path, node as Param<unknown>]);
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) leaves(v, `${path}.${k}`, out);
  }
  return out;
}

/** A copy of the defaults with one number replaced. */
function withValue(path: string, value: number): VitalsSection {
  const copy = JSON.parse(JSON.stringify(vitalsDefaults)) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = copy;
  for (const k of keys) node = node[k] as Record<string, unknown>;
  node[last] = param(value, 'min', siteDefault());
  return copy as unknown as VitalsSection;
}

describe('vitals section defaults', () => {
  const all = leaves(vitalsDefaults, 'vitals');

  it('every leaf is a Param with a provenance; source citations are in the registry', () => {
    expect(all.length).toBeGreaterThan(30);
    for (const [, p] of all) {
      expect(['brief', 'source', 'site-default']).toContain(p.provenance.kind);
      if (p.provenance.kind === 'source') for (const c of p.provenance.citations) expect(isCitationKey(c)).toBe(true);
    }
  });
  it('every numeric default lies within its own min..max', () => {
    for (const [path, p] of all) {
      if (typeof p.value !== 'number') continue;
      if (p.min !== undefined) expect(p.value, path).toBeGreaterThanOrEqual(p.min);
      if (p.max !== undefined) expect(p.value, path).toBeLessThanOrEqual(p.max);
    }
  });
  it('the pre-dose BP warning cites the Spravato label; the other thresholds are site defaults', () => {
    expect(vitalsDefaults.preDose.warn.systolicAtLeast.provenance).toMatchObject({ kind: 'source', citations: ['spravato-label'] });
    expect(vitalsDefaults.preDose.hold.systolicAtLeast.provenance.kind).toBe('site-default');
    expect(vitalsDefaults.inSession.pause.moaasAtMost.provenance.kind).toBe('site-default');
  });
  it('holds the numbers of protocol-defaults.md', () => {
    const v = (p: Param<unknown>) => p.value;
    const d = vitalsDefaults;
    expect(
      [d.preDose.warn, d.preDose.hold, d.inSession.warn, d.inSession.pause].map((s) => [
        v(s.systolicAtLeast),
        v(s.diastolicAtLeast),
        v(s.heartRateAtLeast),
        v(s.heartRateAtMost),
        v(s.spo2Below),
        v(s.respiratoryRateBelow),
      ]),
    ).toEqual([
      [140, 90, 110, 50, 94, 12],
      [160, 100, 130, 45, 92, 10],
      [160, 100, 110, 50, 94, 12],
      [180, 110, 130, 45, 92, 10],
    ]);
    expect(d.inSession.pause.moaasAtMost.value).toBe(2);
    expect(d.discharge.minimumMinutesAfterEnd.value).toBe(60);
    expect(d.discharge.minimumMinutesAfterStart.value).toBe(120);
    expect(d.discharge.bloodPressureWithinMmHg.value).toBe(20);
    expect(d.discharge.aldreteMinimumTotal.value).toBe(9);
    expect(d.schedule.overdueAfterMinutes.value).toBe(5);
  });
  it('holds the hypotension bounds, the plausible values and the windows added after the first clinical review', () => {
    const d = vitalsDefaults;
    expect(
      [d.preDose.warn, d.preDose.hold, d.inSession.warn, d.inSession.pause].map((s) => [s.systolicBelow.value, s.diastolicBelow.value]),
    ).toEqual([
      [90, 50],
      [80, 45],
      [90, 50],
      [80, 45],
    ]);
    expect(Object.fromEntries(Object.entries(d.plausible).map(([k, p]) => [k, p.value]))).toEqual({
      systolicMin: 40,
      systolicMax: 300,
      diastolicMin: 20,
      diastolicMax: 200,
      heartRateMin: 20,
      heartRateMax: 250,
      spo2Min: 50,
      spo2Max: 100,
      respiratoryRateMin: 4,
      respiratoryRateMax: 60,
      temperatureMin: 30,
      temperatureMax: 43,
    });
    expect(d.plausible.temperatureMin.unit).toBe('Cel');
    expect(d.preDose.fullSetWithinMinutes.value).toBe(30);
    expect(d.discharge.fullSetWithinMinutes.value).toBe(15);
    expect(d.discharge.systolicAtLeast.value).toBe(90);
    for (const p of [d.preDose.hold.systolicBelow, d.plausible.heartRateMin, d.discharge.systolicAtLeast, d.discharge.fullSetWithinMinutes])
      expect(p.provenance.kind).toBe('site-default');
  });
  it('is frozen', () => {
    expect(Object.isFrozen(vitalsDefaults)).toBe(true);
    expect(Object.isFrozen(vitalsDefaults.inSession.pause)).toBe(true);
  });
});

describe('validateVitalsSection', () => {
  it('accepts the defaults', () => {
    expect(validateVitalsSection(vitalsDefaults)).toEqual([]);
  });
  it.each([
    ['a pre-dose SBP warning equal to the hold bound', 'preDose.warn.systolicAtLeast', 160, 'vitals.preDose.warn.systolicAtLeast'],
    ['an in-session SBP warning above the pause bound', 'inSession.warn.systolicAtLeast', 190, 'vitals.inSession.warn.systolicAtLeast'],
    ['a low HR warning at or below the pause bound', 'inSession.warn.heartRateAtMost', 45, 'vitals.inSession.warn.heartRateAtMost'],
    ['an SpO2 warning at or below the hold bound', 'preDose.warn.spo2Below', 92, 'vitals.preDose.warn.spo2Below'],
    ['an RR warning below the pause bound', 'inSession.warn.respiratoryRateBelow', 9, 'vitals.inSession.warn.respiratoryRateBelow'],
    ['a MOAA/S pause bound of 5 (fully awake would pause)', 'inSession.pause.moaasAtMost', 5, 'vitals.inSession.pause.moaasAtMost'],
    ['an overdue window of 0 min', 'schedule.overdueAfterMinutes', 0, 'vitals.schedule.overdueAfterMinutes'],
    ['an Aldrete minimum total of 11', 'discharge.aldreteMinimumTotal', 11, 'vitals.discharge.aldreteMinimumTotal'],
    ['an Aldrete respiration minimum of 3', 'discharge.aldreteMinimumRespiration', 3, 'vitals.discharge.aldreteMinimumRespiration'],
    ['a hypotension warning at or below the pause bound', 'inSession.warn.systolicBelow', 80, 'vitals.inSession.warn.systolicBelow'],
    ['a diastolic hypotension warning below the hold bound', 'preDose.warn.diastolicBelow', 44, 'vitals.preDose.warn.diastolicBelow'],
    ['a low systolic bound at the high one', 'preDose.hold.systolicBelow', 160, 'vitals.preDose.hold.systolicBelow'],
    ['a plausible minimum at its maximum', 'plausible.heartRateMin', 250, 'vitals.plausible.heartRateMin'],
    ['a pre-dose window of 0 min', 'preDose.fullSetWithinMinutes', 0, 'vitals.preDose.fullSetWithinMinutes'],
  ])('rejects %s', (_t, path, value, issuePath) => {
    const issues = validateVitalsSection(withValue(path, value));
    expect(issues.map((i) => i.path)).toContain(issuePath);
  });
  it('rejects a low heart-rate bound above the high one in the same level', () => {
    const issues = validateVitalsSection(withValue('preDose.warn.heartRateAtMost', 115));
    expect(issues.map((i) => i.path)).toContain('vitals.preDose.warn.heartRateAtMost');
  });
});
