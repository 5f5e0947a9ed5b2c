import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { main } from '../main.js';

const dir = mkdtempSync(join(tmpdir(), 'kairos-screen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;

function writeInput(content: unknown): string {
  const file = join(dir, `input-${++fileCount}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(['screen', ...args], io);
  return { code, stdout, stderr };
}

interface ScreenOutput {
  decision: string;
  checks: { id: string; outcome: string; message: string }[];
  interactions: { class: string; severity: string; medication: string; message: string; diazepamEquivalentMgPerDay?: number }[];
  unrecognisedMedications: string[];
}

async function screen(input: unknown): Promise<ScreenOutput> {
  const r = await run(['--input', writeInput(input)]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as ScreenOutput;
}

async function invalid(input: unknown) {
  const r = await run(['--input', writeInput(input)]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  return (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;
}

/** The worked example of issue 4, verbatim. */
const WORKED_EXAMPLE = {
  asOf: '2026-12-01',
  patient: { birthDate: '1980-05-01', pregnancyPossible: false },
  diagnoses: ['F43.12'],
  priorTreatments: ['ssri'],
  conditions: [{ code: 'respiratory-condition', severe: false }],
  cardiovascularRiskFactors: false,
  vitals: { systolic: 128, diastolic: 82, heartRate: 72, spo2: 98, weightKg: 70, measuredOn: '2026-11-28' },
  medications: [{ name: 'lorazepam', dailyDoseMg: 2 }],
  completed: {
    history: '2026-11-20',
    physicalExam: '2026-11-20',
    labs: '2026-11-20',
    psychiatricEvaluation: '2026-11-21',
    informedConsent: '2026-11-21',
    ecg: null,
    pregnancyTest: null,
  },
};

const CHECK_IDS = [
  'diagnosis',
  'prior-treatment',
  'contraindication:uncontrolled-hypertension',
  'contraindication:unstable-cardiovascular-disease',
  'contraindication:psychosis-history',
  'contraindication:schizophrenia',
  'contraindication:current-substance-use-disorder',
  'contraindication:severe-liver-disease',
  'contraindication:severe-kidney-disease',
  'contraindication:pregnancy',
  'contraindication:aneurysmal-vascular-disease',
  'contraindication:arteriovenous-malformation',
  'contraindication:intracerebral-hemorrhage-history',
  'contraindication:ketamine-hypersensitivity',
  'contraindication:respiratory-condition',
  'required:history',
  'required:physicalExam',
  'required:labs',
  'required:psychiatricEvaluation',
  'required:informedConsent',
  'required:ecg',
  'required:pregnancyTest',
  'blood-pressure',
  'medications',
  'age',
  'unrecognised-medications',
];

describe('kairos screen: the worked example gives exactly the output cli-contract.md describes', () => {
  it('decision needs-review; 26 checks in order, all pass but respiratory-condition (warn); ecg and pregnancyTest "not required"; two lorazepam flags', async () => {
    const out = await screen(WORKED_EXAMPLE);
    expect(out.decision).toBe('needs-review');
    expect(out.checks.map((c) => c.id)).toEqual(CHECK_IDS);
    for (const c of out.checks) {
      expect([c.id, c.outcome]).toEqual([c.id, c.id === 'contraindication:respiratory-condition' ? 'warn' : 'pass']);
      expect(typeof c.message).toBe('string');
    }
    expect(out.checks.find((c) => c.id === 'required:ecg')?.message).toBe('not required');
    expect(out.checks.find((c) => c.id === 'required:pregnancyTest')?.message).toBe('not required');
    expect(out.interactions.map(({ class: k, severity, medication }) => ({ class: k, severity, medication }))).toEqual([
      { class: 'benzodiazepine', severity: 'hold-before-session', medication: 'lorazepam' },
      { class: 'benzodiazepine-load', severity: 'caution', medication: 'lorazepam' },
    ]);
    expect(out.interactions[1]?.diazepamEquivalentMgPerDay).toBe(20);
    expect(out.interactions[1]?.message).toContain('20 mg diazepam-equivalent');
    expect(out.unrecognisedMedications).toEqual([]);
  });
});

describe('kairos screen: absent is not normal', () => {
  it('only asOf: every check but prior-treatment missing (prior-treatment warns); needs-review', async () => {
    const out = await screen({ asOf: '2026-12-01' });
    expect(out.decision).toBe('needs-review');
    expect(out.checks).toHaveLength(26);
    const notMissing = out.checks.filter((c) => c.outcome !== 'missing').map((c) => [c.id, c.outcome]);
    expect(notMissing).toEqual([['prior-treatment', 'warn']]);
  });
  it('an empty medication list means none: medications passes', async () => {
    const out = await screen({ ...WORKED_EXAMPLE, medications: [] });
    expect(out.checks.find((c) => c.id === 'medications')?.outcome).toBe('pass');
    expect(out.interactions).toEqual([]);
  });
  it('absent pregnancyPossible counts as possible: the pregnancy test is required', async () => {
    const out = await screen({ ...WORKED_EXAMPLE, patient: { birthDate: '1980-05-01' } });
    expect(out.checks.find((c) => c.id === 'required:pregnancyTest')?.outcome).toBe('missing');
  });
  it('absent cardiovascularRiskFactors makes the ECG required', async () => {
    const { cardiovascularRiskFactors: _omit, ...rest } = WORKED_EXAMPLE;
    const out = await screen(rest);
    expect(out.checks.find((c) => c.id === 'required:ecg')?.outcome).toBe('missing');
  });
  it('a reading without diastolic makes blood-pressure missing', async () => {
    const out = await screen({ ...WORKED_EXAMPLE, vitals: { systolic: 128 } });
    expect(out.checks.find((c) => c.id === 'blood-pressure')?.outcome).toBe('missing');
  });
});

describe('kairos screen: boundaries and decisions', () => {
  const withCompleted = (labs: string) => ({ ...WORKED_EXAMPLE, completed: { ...WORKED_EXAMPLE.completed, labs } });
  it('a date exactly 90 days old counts (2026-09-02); 91 days is missing (2026-09-01)', async () => {
    expect((await screen(withCompleted('2026-09-02'))).checks.find((c) => c.id === 'required:labs')?.outcome).toBe('pass');
    expect((await screen(withCompleted('2026-09-01'))).checks.find((c) => c.id === 'required:labs')?.outcome).toBe('missing');
  });
  it('BP 139/89 passes; 140/89 and 139/90 warn', async () => {
    const bp = async (systolic: number, diastolic: number) =>
      (await screen({ ...WORKED_EXAMPLE, vitals: { systolic, diastolic } })).checks.find((c) => c.id === 'blood-pressure')?.outcome;
    expect(await bp(139, 89)).toBe('pass');
    expect(await bp(140, 89)).toBe('warn');
    expect(await bp(139, 90)).toBe('warn');
  });
  it('no respiratory condition and no holding medication: eligible', async () => {
    expect((await screen({ ...WORKED_EXAMPLE, conditions: [], medications: [{ name: 'lamotrigine' }] })).decision).toBe('eligible');
  });
  it('unrecognised medications are listed, not flagged, and their check warns naming them: needs-review', async () => {
    const out = await screen({ ...WORKED_EXAMPLE, conditions: [], medications: [{ name: 'sertraline' }, { name: 'vitamin D' }] });
    expect(out.unrecognisedMedications).toEqual(['sertraline', 'vitamin D']);
    expect(out.interactions).toEqual([]);
    const c = out.checks.find((x) => x.id === 'unrecognised-medications');
    expect(c?.outcome).toBe('warn');
    expect(c?.message).toContain('sertraline');
    expect(c?.message).toContain('vitamin D');
    expect(out.decision).toBe('needs-review');
  });
  it('a severe respiratory condition: ineligible', async () => {
    expect((await screen({ ...WORKED_EXAMPLE, conditions: [{ code: 'respiratory-condition', severe: true }] })).decision).toBe(
      'ineligible',
    );
  });
  it('diagnosis F43.2 fails: ineligible', async () => {
    expect((await screen({ ...WORKED_EXAMPLE, diagnoses: ['F43.2'] })).decision).toBe('ineligible');
  });
});

describe('kairos screen: invalid input', () => {
  it('an unknown condition code is INVALID_INPUT naming the field', async () => {
    const e = await invalid({ ...WORKED_EXAMPLE, conditions: [{ code: 'asthma' }] });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('conditions[0].code');
    expect(e.message).toContain('asthma');
  });
  it('a date after asOf is INVALID_INPUT naming the field', async () => {
    const e = await invalid({ ...WORKED_EXAMPLE, completed: { ...WORKED_EXAMPLE.completed, labs: '2026-12-02' } });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('completed.labs');
  });
  it('a malformed date is INVALID_INPUT', async () => {
    const e = await invalid({ ...WORKED_EXAMPLE, completed: { ...WORKED_EXAMPLE.completed, history: '2026-11-31' } });
    expect(e).toMatchObject({ code: 'INVALID_INPUT' });
    expect(e.message).toContain('completed.history');
  });
  it('a missing or malformed asOf is INVALID_INPUT', async () => {
    const { asOf: _omit, ...rest } = WORKED_EXAMPLE;
    expect((await invalid(rest)).message).toContain('asOf');
    expect((await invalid({ ...WORKED_EXAMPLE, asOf: '1 Dec 2026' })).message).toContain('asOf');
  });
  it('a field of the wrong type is INVALID_INPUT naming it', async () => {
    const e = await invalid({ ...WORKED_EXAMPLE, vitals: { systolic: '128', diastolic: 82 } });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('vitals.systolic');
  });
  it('a zero blood pressure is INVALID_INPUT, never read as fine', async () => {
    expect((await invalid({ ...WORKED_EXAMPLE, vitals: { systolic: 0, diastolic: 0 } })).code).toBe('INVALID_INPUT');
  });
  it('a file that is not JSON, or cannot be read, is INVALID_INPUT', async () => {
    expect((await invalid('{ not json')).code).toBe('INVALID_INPUT');
    const r = await run(['--input', join(dir, 'no-such-file.json')]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });
  it('a JSON array instead of an object is INVALID_INPUT', async () => {
    expect((await invalid([])).code).toBe('INVALID_INPUT');
  });
  it('without --input: USAGE', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'USAGE' } });
  });
});

describe('kairos screen: the added checks', () => {
  const clean = { ...WORKED_EXAMPLE, conditions: [], medications: [] };
  const check = (out: ScreenOutput, id: string) => out.checks.find((c) => c.id === id);
  it.each([
    ['2008-12-01', 'pass'], // 18 on asOf
    ['2008-12-02', 'fail'], // 18 tomorrow
  ])('age: born %s at asOf 2026-12-01 is %s', async (birthDate, outcome) => {
    const out = await screen({ ...clean, patient: { birthDate, pregnancyPossible: false } });
    expect(check(out, 'age')?.outcome).toBe(outcome);
    expect(out.decision).toBe(outcome === 'pass' ? 'eligible' : 'ineligible');
  });
  it('age: no birth date is missing', async () => {
    expect(check(await screen({ ...clean, patient: { pregnancyPossible: false } }), 'age')?.outcome).toBe('missing');
  });
  it.each([
    [{ substance: 'ketamine', reaction: 'anaphylaxis' }, 'fail', 'ketamine (anaphylaxis)'],
    [{ substance: 'Spravato', type: 'allergy' }, 'fail', 'Spravato'],
    [{ substance: 'Ketalar', type: 'intolerance', reaction: 'nausea' }, 'warn', 'Ketalar (nausea)'],
    [{ substance: 'penicillin' }, 'pass', 'not present'],
  ])('allergies read from the input: %j makes ketamine-hypersensitivity %s', async (allergy, outcome, named) => {
    const c = check(await screen({ ...clean, allergies: [allergy] }), 'contraindication:ketamine-hypersensitivity');
    expect(c?.outcome).toBe(outcome);
    expect(c?.message).toContain(named);
  });
  it('an allergy to ketamine fails even with no conditions recorded', async () => {
    const { conditions: _omit, ...rest } = clean;
    const out = await screen({ ...rest, allergies: [{ substance: 'esketamine' }] });
    expect(check(out, 'contraindication:ketamine-hypersensitivity')?.outcome).toBe('fail');
    expect(out.decision).toBe('ineligible');
  });
  it.each(['F43.10', 'f43.10', 'F4310', 'f4312'])('diagnosis %s passes after normalising case and the dot', async (code) => {
    expect(check(await screen({ ...clean, diagnoses: [code] }), 'diagnosis')?.outcome).toBe('pass');
  });
  it.each(['Halcion', 'Versed', 'Nuvigil', 'Zyvox', 'MS Contin', 'Contrave'])(
    'the added medication %s is recognised, not listed as unrecognised',
    async (name) => {
      const out = await screen({ ...clean, medications: [{ name }] });
      expect(out.unrecognisedMedications).toEqual([]);
      expect(out.interactions.length).toBeGreaterThan(0);
      expect(check(out, 'unrecognised-medications')?.outcome).toBe('pass');
    },
  );
});

describe('kairos screen: implausible input is INVALID_INPUT naming the field', () => {
  const vitals = (v: Record<string, number>) => ({
    ...WORKED_EXAMPLE,
    vitals: { systolic: 128, diastolic: 82, heartRate: 72, spo2: 98, weightKg: 70, ...v },
  });
  it.each([
    [{ systolic: 40, diastolic: 20 }],
    [{ systolic: 300, diastolic: 200 }],
    [{ heartRate: 20 }],
    [{ heartRate: 250 }],
    [{ spo2: 50 }],
    [{ spo2: 100 }],
    [{ weightKg: 30 }],
    [{ weightKg: 250 }],
  ])('%j is accepted (bounds inclusive)', async (v) => {
    await screen(vitals(v));
  });
  it.each([
    [{ systolic: 39 }, 'vitals.systolic'],
    [{ systolic: 301 }, 'vitals.systolic'],
    [{ diastolic: 19 }, 'vitals.diastolic'],
    [{ systolic: 300, diastolic: 201 }, 'vitals.diastolic'],
    [{ systolic: 120, diastolic: 120 }, 'vitals.diastolic'],
    [{ heartRate: 19 }, 'vitals.heartRate'],
    [{ heartRate: 251 }, 'vitals.heartRate'],
    [{ spo2: 49 }, 'vitals.spo2'],
    [{ spo2: 101 }, 'vitals.spo2'],
    [{ weightKg: 29.9 }, 'vitals.weightKg'],
    [{ weightKg: 250.1 }, 'vitals.weightKg'],
    [{ weightKg: -70 }, 'vitals.weightKg'],
  ])('%j is refused naming %s', async (v, field) => {
    const e = await invalid(vitals(v));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message.startsWith(`${field}:`)).toBe(true);
  });
  it('an allergy without a substance, or of an unknown type, is INVALID_INPUT naming the field', async () => {
    expect((await invalid({ ...WORKED_EXAMPLE, allergies: [{ substance: '' }] })).message).toContain('allergies[0].substance');
    expect((await invalid({ ...WORKED_EXAMPLE, allergies: [{ substance: 'ketamine', type: 'dislike' }] })).message).toContain(
      'allergies[0].type',
    );
  });
  it('--input given twice is INVALID_INPUT naming it', async () => {
    const file = writeInput(WORKED_EXAMPLE);
    const r = await run(['--input', file, '--input', file]);
    expect(r.code).toBe(2);
    const e = (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('--input');
  });
});
