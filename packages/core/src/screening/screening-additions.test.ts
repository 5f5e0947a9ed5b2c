import { describe, expect, it } from 'vitest';
import { param } from '../protocol-config/param.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { DEFAULT_PROTOCOL_CONFIG, type ProtocolConfig } from '../protocol-config/schema.js';
import { assessEligibility } from './assess-eligibility.js';
import { ScreeningInputError, type AllergyRecord, type ScreeningFacts } from './facts.js';
import { SCREENING_RULES, bloodPressureRule, normalizeIcd10Code } from './rules.js';

const AS_OF = '2026-12-01';
const config: ProtocolConfig = DEFAULT_PROTOCOL_CONFIG;

/** A patient with nothing to review (the worked example without its condition and medication). */
function clean(overrides: Partial<ScreeningFacts> = {}): ScreeningFacts {
  return {
    patient: { birthDate: '1980-05-01', pregnancyPossible: false },
    diagnoses: ['F43.12'],
    priorTreatments: ['ssri'],
    conditions: [],
    cardiovascularRiskFactors: false,
    vitals: { systolic: 128, diastolic: 82, heartRate: 72, spo2: 98, weightKg: 70, measuredOn: '2026-11-28' },
    medications: [],
    completed: {
      history: '2026-11-20',
      physicalExam: '2026-11-20',
      labs: '2026-11-20',
      psychiatricEvaluation: '2026-11-21',
      informedConsent: '2026-11-21',
    },
    ...overrides,
  };
}

const assess = (facts: ScreeningFacts, cfg: ProtocolConfig = config) => assessEligibility(facts, cfg, AS_OF);
const checkOf = (facts: ScreeningFacts, id: string, cfg: ProtocolConfig = config) => {
  const c = assess(facts, cfg).checks.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no check ${id}`);
  return c;
};

function withScreening(changes: Partial<ProtocolConfig['screening']>): ProtocolConfig {
  return { ...config, screening: { ...config.screening, ...changes } };
}

describe('the whole ProtocolConfig is accepted, and the clean patient is eligible with 26 checks', () => {
  it('26 checks, age and unrecognised-medications last, all pass', () => {
    const r = assess(clean());
    expect(r.checks).toHaveLength(26);
    expect(r.checks.slice(-2).map((c) => [c.id, c.outcome])).toEqual([
      ['age', 'pass'],
      ['unrecognised-medications', 'pass'],
    ]);
    expect(r.decision).toBe('eligible');
  });
});

describe('age: whole years on asOf, below the minimum (18) fails, no birth date is missing', () => {
  it.each([
    ['2008-12-01', 18, 'pass'], // 18th birthday on asOf: passes
    ['2008-12-02', 17, 'fail'], // 18 tomorrow
    ['2008-11-30', 18, 'pass'],
    ['2009-01-01', 17, 'fail'],
    ['1980-05-01', 46, 'pass'],
    ['2026-12-01', 0, 'fail'],
  ])('born %s: %i years at 2026-12-01, %s', (birthDate, years, expected) => {
    const c = checkOf(clean({ patient: { birthDate, pregnancyPossible: false } }), 'age');
    expect(c.outcome).toBe(expected);
    expect(c.message).toContain(`${years} years old`);
  });
  it('a fail makes the decision ineligible', () => {
    expect(assess(clean({ patient: { birthDate: '2008-12-02', pregnancyPossible: false } })).decision).toBe('ineligible');
  });
  it('absent or null birth date is missing (and the patient itself absent)', () => {
    expect(checkOf(clean({ patient: { pregnancyPossible: false } }), 'age').outcome).toBe('missing');
    expect(checkOf(clean({ patient: { birthDate: null, pregnancyPossible: false } }), 'age').outcome).toBe('missing');
    expect(checkOf(clean({ patient: undefined }), 'age').outcome).toBe('missing');
  });
  it('the minimum comes from the configuration: at 21, a 20-year-old fails and the message says 21', () => {
    const cfg = withScreening({ minimumAgeYears: param(21, 'year', siteDefault(), { min: 18, max: 99 }) });
    const c = checkOf(clean({ patient: { birthDate: '2006-06-01', pregnancyPossible: false } }), 'age', cfg);
    expect(c.outcome).toBe('fail');
    expect(c.message).toContain('minimum age of 21 years');
    expect(checkOf(clean({ patient: { birthDate: '2005-12-01', pregnancyPossible: false } }), 'age', cfg).outcome).toBe('pass');
  });
  it('the default minimum is 18 years, a site default with its reason', () => {
    expect(config.screening.minimumAgeYears).toMatchObject({
      value: 18,
      unit: 'year',
      provenance: { kind: 'site-default', note: 'psychiatric ketamine evidence is in adults' },
    });
  });
});

describe('unrecognised-medications: warn naming each, pass when none', () => {
  it('names every unrecognised medication', () => {
    const c = checkOf(
      clean({ medications: [{ name: 'sertraline' }, { name: 'lorazepam', dailyDoseMg: 1 }, { name: 'ondansetron' }] }),
      'unrecognised-medications',
    );
    expect(c.outcome).toBe('warn');
    expect(c.message).toContain('sertraline');
    expect(c.message).toContain('ondansetron');
    expect(c.message).not.toContain('lorazepam');
  });
  it('passes when every medication is recognised, or the list is empty', () => {
    expect(checkOf(clean({ medications: [{ name: 'Xanax XR' }] }), 'unrecognised-medications').outcome).toBe('pass');
    expect(checkOf(clean({ medications: [] }), 'unrecognised-medications').outcome).toBe('pass');
  });
  it('is missing when no list was recorded (absent is not normal)', () => {
    expect(checkOf(clean({ medications: undefined }), 'unrecognised-medications').outcome).toBe('missing');
  });
});

describe('contraindication:ketamine-hypersensitivity reads the allergies', () => {
  const ID = 'contraindication:ketamine-hypersensitivity';
  const allergic = (allergies: AllergyRecord[], more: Partial<ScreeningFacts> = {}) => checkOf(clean({ allergies, ...more }), ID);
  it.each([
    ['ketamine', undefined],
    ['Ketamine', 'allergy'],
    ['KETAMINE HCl', null],
    ['esketamine', 'allergy'],
    ['Ketalar', 'allergy'],
    ['spravato nasal spray', undefined],
    ['S-ketamine', 'allergy'],
  ] as const)('an allergy to "%s" (type %s) fails, naming it', (substance, type) => {
    const c = allergic([{ substance, reaction: 'hives', ...(type === undefined ? {} : { type }) }]);
    expect(c.outcome).toBe('fail');
    expect(c.message).toContain(`${substance} (hives)`);
  });
  it('fails even with no conditions recorded', () => {
    const c = allergic([{ substance: 'ketamine' }], { conditions: undefined });
    expect(c.outcome).toBe('fail');
    expect(assess(clean({ conditions: undefined, allergies: [{ substance: 'ketamine' }] })).decision).toBe('ineligible');
  });
  it.each(['ketamine', 'Spravato', 'esketamine'])('an intolerance of %s warns, naming it', (substance) => {
    const c = allergic([{ substance, type: 'intolerance', reaction: 'nausea' }]);
    expect(c.outcome).toBe('warn');
    expect(c.message).toContain(`${substance} (nausea)`);
    expect(c.message).toContain('intolerance');
  });
  it('an allergy wins over an intolerance', () => {
    expect(
      allergic([
        { substance: 'ketamine', type: 'intolerance' },
        { substance: 'Ketalar', type: 'allergy' },
      ]).outcome,
    ).toBe('fail');
  });
  it.each(['penicillin', 'ketamines', 'ketoprofen', 'xketamine', 'ketorolac'])('an allergy to %s does not affect it', (substance) => {
    expect(allergic([{ substance }]).outcome).toBe('pass');
    expect(allergic([{ substance }], { conditions: undefined }).outcome).toBe('missing');
  });
  it('the recorded condition alone still fails; no allergies and no condition passes', () => {
    expect(allergic([], { conditions: [{ code: 'ketamine-hypersensitivity' }] }).outcome).toBe('fail');
    expect(checkOf(clean(), ID).outcome).toBe('pass');
  });
  it('an intolerance with no conditions recorded warns (something is known: review)', () => {
    expect(allergic([{ substance: 'ketamine', type: 'intolerance' }], { conditions: undefined }).outcome).toBe('warn');
  });
  it('an empty substance or an unknown type is invalid input naming the field', () => {
    expect(() => assess(clean({ allergies: [{ substance: ' ' }] }))).toThrow(/allergies\[0\]\.substance/);
    expect(() => assess(clean({ allergies: [{ substance: 'x', type: 'sensitivity' as 'allergy' }] }))).toThrow(/allergies\[0\]\.type/);
  });
  it('other contraindications ignore allergies', () => {
    expect(checkOf(clean({ allergies: [{ substance: 'ketamine' }] }), 'contraindication:pregnancy').outcome).toBe('pass');
  });
});

describe('plausible facts: implausible input is refused naming the field, bounds accepted', () => {
  const vitals = (v: Record<string, number>) =>
    clean({ vitals: { systolic: 128, diastolic: 82, heartRate: 72, spo2: 98, weightKg: 70, ...v } });
  it.each([
    ['systolic', 40],
    ['systolic', 300],
    ['diastolic', 20],
    ['heartRate', 20],
    ['heartRate', 250],
    ['spo2', 50],
    ['spo2', 100],
    ['weightKg', 30],
    ['weightKg', 250],
  ])('%s %d is accepted (bound inclusive)', (field, value) => {
    const v = field === 'systolic' && value === 40 ? { systolic: 40, diastolic: 20 } : { [field]: value };
    expect(() => assess(vitals(v))).not.toThrow();
  });
  it('diastolic 200 under systolic 300 is accepted', () => {
    expect(() => assess(vitals({ systolic: 300, diastolic: 200 }))).not.toThrow();
  });
  it.each([
    ['systolic', 39.9, 'vitals.plausible.systolicMin'],
    ['systolic', 301, 'vitals.plausible.systolicMax'],
    ['diastolic', 19, 'vitals.plausible.diastolicMin'],
    ['diastolic', 201, 'vitals.plausible.diastolicMax'],
    ['heartRate', 19, 'vitals.plausible.heartRateMin'],
    ['heartRate', 251, 'vitals.plausible.heartRateMax'],
    ['spo2', 49, 'vitals.plausible.spo2Min'],
    ['spo2', 100.1, 'vitals.plausible.spo2Max'],
    ['weightKg', 29.99, 'dosing.plausibleWeightKg.min'],
    ['weightKg', 250.01, 'dosing.plausibleWeightKg.max'],
  ])('%s %d is refused, naming vitals.%s and %s', (field, value, parameter) => {
    const v = field === 'diastolic' && value === 201 ? { systolic: 300, diastolic: 201 } : { [field]: value };
    let error: unknown;
    try {
      assess(vitals(v));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScreeningInputError);
    expect((error as ScreeningInputError).field).toBe(`vitals.${field}`);
    expect((error as ScreeningInputError).code).toBe('INVALID_INPUT');
    expect((error as Error).message).toContain(parameter);
  });
  it.each([
    [120, 120],
    [120, 121],
  ])('diastolic not below the systolic (%d/%d) is refused naming vitals.diastolic', (systolic, diastolic) => {
    expect(() => assess(vitals({ systolic, diastolic }))).toThrow(/^vitals\.diastolic: .*not below the systolic/);
  });
  it('119/118 (diastolic just below) is accepted', () => {
    expect(() => assess(vitals({ systolic: 119, diastolic: 118 }))).not.toThrow();
  });
  it('the ranges come from the configuration passed', () => {
    const cfg: ProtocolConfig = {
      ...config,
      vitals: { ...config.vitals, plausible: { ...config.vitals.plausible, heartRateMax: param(200, '/min', siteDefault()) } },
    };
    expect(() => assess(vitals({ heartRate: 210 }), cfg)).toThrow(/vitals\.heartRate: 210 \/min is above the plausible maximum 200/);
  });
});

describe('ICD-10-CM codes are normalised before matching', () => {
  it.each([
    ['F43.10', 'F43.10'],
    ['f43.10', 'F43.10'],
    ['F4310', 'F43.10'],
    ['f4310', 'F43.10'],
    [' F43.1 ', 'F43.1'],
    ['F431', 'F43.1'],
    ['f43.12', 'F43.12'],
    ['F43', 'F43'],
    ['f43.2', 'F43.2'],
  ])('%j is %s', (code, normalised) => {
    expect(normalizeIcd10Code(code)).toBe(normalised);
  });
  it.each(['f43.10', 'F4310', 'f4311', 'F431', 'f43.12'])('diagnosis %s passes', (code) => {
    const c = checkOf(clean({ diagnoses: [code] }), 'diagnosis');
    expect(c.outcome).toBe('pass');
  });
  it.each(['f43.2', 'F432', 'F4313', 'F43'])('diagnosis %s fails', (code) => {
    expect(checkOf(clean({ diagnoses: [code] }), 'diagnosis').outcome).toBe('fail');
  });
});

describe('messages take site-settable numbers from the configuration passed; titles carry none', () => {
  it('blood-pressure: a warning of 150/95 says 150/95, never 140/90', () => {
    const bp = { systolicMmHg: param(150, 'mm[Hg]', siteDefault()), diastolicMmHg: param(95, 'mm[Hg]', siteDefault()) };
    const cfg = withScreening({ bloodPressureWarning: bp });
    const pass = checkOf(clean({ vitals: { systolic: 145, diastolic: 92 } }), 'blood-pressure', cfg);
    expect(pass.outcome).toBe('pass');
    expect(pass.message).toContain('150/95');
    expect(pass.message).not.toContain('140/90');
    expect(checkOf(clean({ vitals: { systolic: 150, diastolic: 80 } }), 'blood-pressure', cfg).message).toContain('150/95');
    expect(checkOf(clean({ vitals: { systolic: 145, diastolic: 92 } }), 'blood-pressure').message).toContain('140/90');
  });
  it('required items: a site limit of 30 days says 30-day', () => {
    const cfg = withScreening({ itemMaxAgeDays: param(30, 'day', siteDefault(), { min: 1 }) });
    const c = checkOf(clean({ completed: { ...clean().completed, labs: '2026-10-01' } }), 'required:labs', cfg);
    expect(c.message).toContain('30-day limit');
  });
  it('diagnosis: a site list of codes is the list named when none matches', () => {
    const cfg = withScreening({ ptsdDiagnosisCodes: param(['F43.10'], '1', siteDefault()) });
    expect(checkOf(clean({ diagnoses: ['F43.12'] }), 'diagnosis', cfg).message).toContain('(F43.10)');
  });
  it('no screening rule title carries a number of the configuration', () => {
    const numbers = ['140', '90', '18', 'F43'];
    for (const rule of SCREENING_RULES) for (const n of numbers) expect([rule.id, rule.title.includes(n)]).toEqual([rule.id, false]);
    expect(bloodPressureRule.title).not.toMatch(/\d/);
  });
  it('rule versions are strings; the changed rules are bumped', () => {
    const versions = Object.fromEntries(SCREENING_RULES.map((r) => [r.id, r.version]));
    expect(versions).toMatchObject({
      diagnosis: '2',
      'contraindication:ketamine-hypersensitivity': '2',
      age: '1',
      'unrecognised-medications': '1',
    });
  });
});
