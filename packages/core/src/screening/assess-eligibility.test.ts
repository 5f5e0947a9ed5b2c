import { describe, expect, it } from 'vitest';
import { dosingDefaults } from '../protocol-config/sections/dosing.js';
import { medicationsDefaults } from '../protocol-config/sections/medications.js';
import { vitalsDefaults } from '../protocol-config/sections/vitals.js';
import { CONDITION_CODES, screeningDefaults } from '../protocol-config/sections/screening.js';
import { param } from '../protocol-config/param.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { assessEligibility } from './assess-eligibility.js';
import { ScreeningInputError, type ScreeningFacts } from './facts.js';
import { SCREENING_RULES } from './rules.js';

const config = { screening: screeningDefaults, medications: medicationsDefaults, vitals: vitalsDefaults, dosing: dosingDefaults };
const AS_OF = '2026-12-01';

/** The worked example of issue 4 (asOf 2026-12-01). */
function workedExample(overrides: Partial<ScreeningFacts> = {}): ScreeningFacts {
  return {
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
    ...overrides,
  };
}

/** A patient with nothing to review: no conditions, no medications. */
function clean(overrides: Partial<ScreeningFacts> = {}): ScreeningFacts {
  return workedExample({ conditions: [], medications: [], ...overrides });
}

const assess = (facts: ScreeningFacts, asOf = AS_OF) => assessEligibility(facts, config, asOf);
const outcome = (facts: ScreeningFacts, id: string) => assess(facts).checks.find((c) => c.id === id);

const CHECK_ORDER = [
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

describe('assessEligibility: the worked example of issue 4', () => {
  const r = assess(workedExample());
  it('decides needs-review', () => {
    expect(r.decision).toBe('needs-review');
  });
  it('gives all 26 checks in the contract order (age and unrecognised-medications last)', () => {
    expect(r.checks.map((c) => c.id)).toEqual(CHECK_ORDER);
    expect(SCREENING_RULES.map((rule) => rule.id)).toEqual(CHECK_ORDER);
  });
  it('passes every check except contraindication:respiratory-condition (warn)', () => {
    for (const c of r.checks) {
      expect([c.id, c.outcome]).toEqual([c.id, c.id === 'contraindication:respiratory-condition' ? 'warn' : 'pass']);
    }
  });
  it('passes required:ecg and required:pregnancyTest with the message "not required"', () => {
    expect(r.checks.find((c) => c.id === 'required:ecg')?.message).toBe('not required');
    expect(r.checks.find((c) => c.id === 'required:pregnancyTest')?.message).toBe('not required');
  });
  it('flags lorazepam: benzodiazepine (hold-before-session) and benzodiazepine-load (caution, 20 mg)', () => {
    expect(r.interactions.map((i) => ({ class: i.class, severity: i.severity, medication: i.medication }))).toEqual([
      { class: 'benzodiazepine', severity: 'hold-before-session', medication: 'lorazepam' },
      { class: 'benzodiazepine-load', severity: 'caution', medication: 'lorazepam' },
    ]);
    expect(r.interactions[1]?.diazepamEquivalentMgPerDay).toBe(20);
    expect(r.unrecognisedMedications).toEqual([]);
  });
  it('every check carries its sources', () => {
    for (const c of r.checks) expect(c.sources.length).toBeGreaterThan(0);
  });
});

describe('assessEligibility: decision precedence', () => {
  it('nothing to review is eligible', () => {
    expect(assess(clean()).decision).toBe('eligible');
  });
  it('a fail wins over warns, missings and holding interactions: ineligible', () => {
    const r = assess(workedExample({ conditions: [{ code: 'schizophrenia' }, { code: 'respiratory-condition' }], completed: {} }));
    expect(r.decision).toBe('ineligible');
  });
  it('a warn alone gives needs-review', () => {
    expect(assess(clean({ priorTreatments: ['bupropion'] })).decision).toBe('needs-review');
  });
  it('a missing alone gives needs-review', () => {
    expect(assess(clean({ completed: { ...clean().completed, labs: null } })).decision).toBe('needs-review');
  });
  it('a hold-before-session interaction alone gives needs-review, never ineligible', () => {
    const r = assess(clean({ medications: [{ name: 'Ritalin' }] }));
    expect(r.checks.every((c) => c.outcome === 'pass')).toBe(true);
    expect(r.decision).toBe('needs-review');
  });
  it('a contraindicated interaction alone gives needs-review, never ineligible', () => {
    expect(assess(clean({ medications: [{ name: 'theophylline' }] })).decision).toBe('needs-review');
  });
  it('caution interactions alone stay eligible', () => {
    const r = assess(clean({ medications: [{ name: 'lamotrigine' }, { name: 'oxycodone' }] }));
    expect(r.decision).toBe('eligible');
  });
  it('an unrecognised name never passes silently: unrecognised-medications warns, needs-review', () => {
    const r = assess(clean({ medications: [{ name: 'lamotrigine' }, { name: 'sertraline' }, { name: 'oxycodone' }] }));
    expect(r.decision).toBe('needs-review');
    expect(r.unrecognisedMedications).toEqual(['sertraline']);
    expect(r.reasons).toEqual(['unrecognised-medications: warn']);
  });
  it('a benzodiazepine load flag alone (caution) would not hold, but its benzodiazepine flag does', () => {
    expect(assess(clean({ medications: [{ name: 'diazepam', dailyDoseMg: 5 }] })).decision).toBe('needs-review');
  });
  it('lists what drove the decision', () => {
    expect(assess(workedExample()).reasons).toEqual([
      'contraindication:respiratory-condition: warn',
      'interaction benzodiazepine (lorazepam): hold-before-session',
    ]);
  });
});

describe('diagnosis and prior treatment', () => {
  it.each(['F43.1', 'F43.10', 'F43.11', 'F43.12'])('%s passes', (code) => {
    expect(outcome(clean({ diagnoses: ['F32.1', code] }), 'diagnosis')?.outcome).toBe('pass');
  });
  it.each([['F43.2'], ['F43.13'], ['F43.100'], ['F43'], ['F4'], ['F43.1.0']])(
    '%s fails (exact codes only after normalising; others ignored)',
    (code) => {
      expect(outcome(clean({ diagnoses: [code] }), 'diagnosis')?.outcome).toBe('fail');
    },
  );
  it('an empty diagnosis list fails; absent diagnoses are missing', () => {
    expect(outcome(clean({ diagnoses: [] }), 'diagnosis')?.outcome).toBe('fail');
    expect(outcome(clean({ diagnoses: undefined }), 'diagnosis')?.outcome).toBe('missing');
  });
  it.each([['ssri'], ['snri'], ['trauma-focused-psychotherapy']])('prior treatment %s passes', (t) => {
    expect(outcome(clean({ priorTreatments: [t] }), 'prior-treatment')?.outcome).toBe('pass');
  });
  it('other prior treatments are ignored: warn; none recorded: warn', () => {
    expect(outcome(clean({ priorTreatments: ['emdr', 'bupropion'] }), 'prior-treatment')?.outcome).toBe('warn');
    expect(outcome(clean({ priorTreatments: [] }), 'prior-treatment')?.outcome).toBe('warn');
    expect(outcome(clean({ priorTreatments: undefined }), 'prior-treatment')?.outcome).toBe('warn');
  });
});

describe('contraindications', () => {
  it.each(CONDITION_CODES.filter((c) => c !== 'respiratory-condition'))('%s present fails: ineligible', (code) => {
    const r = assess(clean({ conditions: [{ code }] }));
    expect(r.checks.find((c) => c.id === `contraindication:${code}`)?.outcome).toBe('fail');
    expect(r.decision).toBe('ineligible');
  });
  it('respiratory-condition: warn when present, fail when marked severe, pass when absent', () => {
    expect(outcome(clean({ conditions: [{ code: 'respiratory-condition' }] }), 'contraindication:respiratory-condition')?.outcome).toBe(
      'warn',
    );
    expect(
      outcome(clean({ conditions: [{ code: 'respiratory-condition', severe: true }] }), 'contraindication:respiratory-condition')?.outcome,
    ).toBe('fail');
    expect(outcome(clean({ conditions: [] }), 'contraindication:respiratory-condition')?.outcome).toBe('pass');
  });
  it('absent conditions make every contraindication check missing', () => {
    const r = assess(clean({ conditions: undefined }));
    const contra = r.checks.filter((c) => c.id.startsWith('contraindication:'));
    expect(contra).toHaveLength(13);
    expect(contra.every((c) => c.outcome === 'missing')).toBe(true);
    expect(r.decision).toBe('needs-review');
  });
  it('an unknown condition code is invalid input naming the field', () => {
    expect(() => assess(clean({ conditions: [{ code: 'pregnancy' }, { code: 'asthma' }] }))).toThrow(ScreeningInputError);
    try {
      assess(clean({ conditions: [{ code: 'asthma' }] }));
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_INPUT', field: 'conditions[0].code' });
    }
  });
});

describe('required items: age at the screening date', () => {
  const withLabs = (labs: string | null) => clean({ completed: { ...clean().completed, labs } });
  it('a date exactly 90 days old counts (2026-09-02 at 2026-12-01)', () => {
    expect(outcome(withLabs('2026-09-02'), 'required:labs')?.outcome).toBe('pass');
  });
  it('a date 91 days old is missing (2026-09-01 at 2026-12-01)', () => {
    const c = outcome(withLabs('2026-09-01'), 'required:labs');
    expect(c?.outcome).toBe('missing');
    expect(c?.message).toContain('91 days');
  });
  it('a date on asOf counts', () => {
    expect(outcome(withLabs(AS_OF), 'required:labs')?.outcome).toBe('pass');
  });
  it('null or absent is missing', () => {
    expect(outcome(withLabs(null), 'required:labs')?.outcome).toBe('missing');
    expect(outcome(clean({ completed: undefined }), 'required:history')?.outcome).toBe('missing');
  });
  it('a date after asOf is invalid input', () => {
    expect(() => assess(withLabs('2026-12-02'))).toThrow(/completed\.labs/);
  });
  it('a malformed date is invalid input', () => {
    expect(() => assess(withLabs('2026-11-31'))).toThrow(ScreeningInputError);
    expect(() => assess(withLabs('20/11/2026'))).toThrow(ScreeningInputError);
  });
  it('a malformed asOf is invalid input', () => {
    expect(() => assess(clean(), '2026-12-32')).toThrow(/asOf/);
  });
  it('a site limit of 30 days counts 30 and misses 31', () => {
    const site = { ...config, screening: { ...screeningDefaults, itemMaxAgeDays: param(30, 'day', siteDefault(), { min: 1 }) } };
    const facts = (d: string) => clean({ completed: { ...clean().completed, history: d } });
    expect(assessEligibility(facts('2026-11-01'), site, AS_OF).checks.find((c) => c.id === 'required:history')?.outcome).toBe('pass');
    expect(assessEligibility(facts('2026-10-31'), site, AS_OF).checks.find((c) => c.id === 'required:history')?.outcome).toBe('missing');
  });
});

describe('required:ecg and required:pregnancyTest apply only when needed', () => {
  it('ECG required with cardiovascular risk factors: missing without a date, pass with one', () => {
    expect(outcome(clean({ cardiovascularRiskFactors: true }), 'required:ecg')?.outcome).toBe('missing');
    const dated = clean({ cardiovascularRiskFactors: true, completed: { ...clean().completed, ecg: '2026-11-25' } });
    expect(outcome(dated, 'required:ecg')?.outcome).toBe('pass');
  });
  it('absent cardiovascularRiskFactors makes the ECG required', () => {
    expect(outcome(clean({ cardiovascularRiskFactors: undefined }), 'required:ecg')?.outcome).toBe('missing');
    expect(outcome(clean({ cardiovascularRiskFactors: null }), 'required:ecg')?.outcome).toBe('missing');
  });
  it('pregnancy test required where pregnancy is possible or unknown', () => {
    expect(outcome(clean({ patient: { pregnancyPossible: true } }), 'required:pregnancyTest')?.outcome).toBe('missing');
    expect(outcome(clean({ patient: {} }), 'required:pregnancyTest')?.outcome).toBe('missing');
    expect(outcome(clean({ patient: undefined }), 'required:pregnancyTest')?.outcome).toBe('missing');
    const tested = clean({ patient: { pregnancyPossible: true }, completed: { ...clean().completed, pregnancyTest: '2026-11-30' } });
    expect(outcome(tested, 'required:pregnancyTest')?.outcome).toBe('pass');
  });
  it('a date given for an item not required is still checked: after asOf is invalid input', () => {
    expect(() => assess(clean({ completed: { ...clean().completed, ecg: '2026-12-05' } }))).toThrow(/completed\.ecg/);
  });
});

describe('blood-pressure: the Spravato 140/90 warning, bound inclusive', () => {
  const bp = (systolic: number | undefined, diastolic: number | undefined) =>
    outcome(clean({ vitals: { systolic, diastolic } }), 'blood-pressure')?.outcome;
  it.each([
    [139, 89, 'pass'],
    [140, 89, 'warn'],
    [139, 90, 'warn'],
    [140, 90, 'warn'],
    [180, 110, 'warn'],
  ])('%d/%d mmHg: %s', (s, d, expected) => {
    expect(bp(s, d)).toBe(expected);
  });
  it('no reading, or only one of systolic and diastolic, is missing', () => {
    expect(outcome(clean({ vitals: undefined }), 'blood-pressure')?.outcome).toBe('missing');
    expect(bp(128, undefined)).toBe('missing');
    expect(bp(undefined, 82)).toBe('missing');
  });
  it('a zero or negative reading is invalid input, never read as fine', () => {
    expect(() => assess(clean({ vitals: { systolic: 0, diastolic: 80 } }))).toThrow(/vitals\.systolic/);
    expect(() => assess(clean({ vitals: { systolic: 120, diastolic: -1 } }))).toThrow(/vitals\.diastolic/);
  });
  it('a reading measured after asOf is invalid input', () => {
    expect(() => assess(clean({ vitals: { systolic: 120, diastolic: 80, measuredOn: '2026-12-02' } }))).toThrow(/vitals\.measuredOn/);
  });
});

describe('medications check', () => {
  it('absent list is missing; an empty list means none and passes', () => {
    expect(outcome(clean({ medications: undefined }), 'medications')?.outcome).toBe('missing');
    expect(outcome(clean({ medications: [] }), 'medications')?.outcome).toBe('pass');
    expect(assess(clean({ medications: undefined })).interactions).toEqual([]);
  });
  it('a negative daily dose is invalid input', () => {
    expect(() => assess(clean({ medications: [{ name: 'lorazepam', dailyDoseMg: -1 }] }))).toThrow(/medications\[0\]\.dailyDoseMg/);
  });
});

describe('patient birth date', () => {
  it('a birth date after asOf is invalid input', () => {
    expect(() => assess(clean({ patient: { birthDate: '2027-01-01', pregnancyPossible: false } }))).toThrow(/patient\.birthDate/);
  });
});

describe('screening rules', () => {
  it('each rule exports id, version, title, sources and a pure evaluate', () => {
    for (const rule of SCREENING_RULES) {
      expect(rule.id).not.toBe('');
      expect(rule.version).toMatch(/^[1-9]\d*$/);
      expect(rule.title).not.toBe('');
      expect(rule.sources.length).toBeGreaterThan(0);
      const facts = workedExample();
      expect(rule.evaluate(facts, config, AS_OF)).toEqual(rule.evaluate(facts, config, AS_OF));
    }
  });
});
