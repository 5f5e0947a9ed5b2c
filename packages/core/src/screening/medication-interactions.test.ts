import { describe, expect, it } from 'vitest';
import { medicationsDefaults, validateMedicationsSection } from '../protocol-config/sections/medications.js';
import { ProvenanceSchema } from '../protocol-config/provenance.js';
import { findMedicationInteractions, medicationInteractionsRule, recognizeMedication } from './medication-interactions.js';
import type { MedicationRecord } from './facts.js';

const config = { medications: medicationsDefaults };
const find = (meds: MedicationRecord[]) => findMedicationInteractions(meds, config);
const generics = (name: string, rxcui?: string) =>
  recognizeMedication(rxcui === undefined ? { name } : { name, rxcui }, config).map((m) => m.medication.generic);

describe('recognizeMedication: whole words, case-insensitive, longest match wins', () => {
  it.each([
    ['lorazepam', ['lorazepam']],
    ['LORAZEPAM', ['lorazepam']],
    ['Ativan 1 mg tablet', ['lorazepam']],
    ['Xanax XR', ['alprazolam']],
    ['dextroamphetamine', ['dextroamphetamine']],
    ['Dextroamphetamine 10mg', ['dextroamphetamine']],
    ['amphetamine', ['amphetamine']],
    ['amphetamine/dextroamphetamine', ['amphetamine', 'dextroamphetamine']],
    ['hydromorphone', ['hydromorphone']],
    ['morphine sulfate', ['morphine']],
    ['Theo-24', ['theophylline']],
    ['theo 24', ['theophylline']],
    ['Suboxone film', ['buprenorphine']],
    ['lisdexamfetamine (Vyvanse)', ['lisdexamfetamine']],
  ])('%s is %j', (name, expected) => {
    expect(generics(name)).toEqual(expected);
  });
  it.each(['lorazepams', 'xlorazepam', 'theo', 'sertraline', 'ondansetron', 'ativanol', 'amphetamines'])(
    '%s is not recognised (only whole words match)',
    (name) => {
      expect(generics(name)).toEqual([]);
    },
  );
  it('matches an RxNorm ingredient code (clinical-facts.md section 11) even under an unknown name', () => {
    expect(generics('some local name', '6470')).toEqual(['lorazepam']);
    expect(generics('some local name', '10438')).toEqual(['theophylline']);
    expect(generics('some local name', '999999')).toEqual([]);
  });
  it('a name and a code for the same drug give it once', () => {
    expect(generics('Ativan', '6470')).toEqual(['lorazepam']);
  });
});

describe('findMedicationInteractions', () => {
  it('worked example: lorazepam 2 mg/day gives the hold flag and a load of 20 mg diazepam-equivalent (caution)', () => {
    const r = find([{ name: 'lorazepam', dailyDoseMg: 2 }]);
    expect(r.interactions.map((i) => [i.class, i.severity, i.medication])).toEqual([
      ['benzodiazepine', 'hold-before-session', 'lorazepam'],
      ['benzodiazepine-load', 'caution', 'lorazepam'],
    ]);
    expect(r.interactions[1]?.diazepamEquivalentMgPerDay).toBe(20);
    expect(r.interactions[1]?.message).toContain('20 mg diazepam-equivalent');
    expect(r.benzodiazepineLoad).toMatchObject({ diazepamEquivalentMgPerDay: 20, complete: true, flagged: true });
  });
  it.each([
    ['diazepam 8 mg/day is exactly the threshold: not flagged', [{ name: 'diazepam', dailyDoseMg: 8 }], 8, false],
    ['diazepam 8.01 mg/day is above: flagged', [{ name: 'diazepam', dailyDoseMg: 8.01 }], 8.01, true],
    ['lorazepam 0.8 mg/day = 8 mg: not flagged', [{ name: 'Ativan', dailyDoseMg: 0.8 }], 8, false],
    ['clonazepam 0.5 mg/day = 10 mg: flagged', [{ name: 'Klonopin', dailyDoseMg: 0.5 }], 10, true],
    [
      'alprazolam 0.25 + temazepam 10 = 5 + 5 = 10 mg summed: flagged',
      [
        { name: 'alprazolam', dailyDoseMg: 0.25 },
        { name: 'temazepam', dailyDoseMg: 10 },
      ],
      10,
      true,
    ],
    ['chlordiazepoxide 25 mg = 10 mg: flagged', [{ name: 'Librium', dailyDoseMg: 25 }], 10, true],
    ['oxazepam 15 mg = 7.5 mg: not flagged', [{ name: 'oxazepam', dailyDoseMg: 15 }], 7.5, false],
    ['clonazepam 0.7 mg = 14 mg (no binary-float residue)', [{ name: 'clonazepam', dailyDoseMg: 0.7 }], 14, true],
    ['a daily dose of 0 counts as 0 mg, not as missing', [{ name: 'diazepam', dailyDoseMg: 0 }], 0, false],
  ])('Ashton load: %s', (_title, meds, load, flagged) => {
    const r = find(meds);
    expect(r.benzodiazepineLoad?.diazepamEquivalentMgPerDay).toBe(load);
    expect(r.benzodiazepineLoad?.flagged).toBe(flagged);
    expect(r.interactions.some((i) => i.class === 'benzodiazepine-load')).toBe(flagged);
  });
  it('a benzodiazepine without a daily dose gets its hold flag and a note that the load could not be computed', () => {
    const r = find([{ name: 'Xanax' }]);
    expect(r.interactions).toHaveLength(1);
    expect(r.interactions[0]).toMatchObject({ class: 'benzodiazepine', severity: 'hold-before-session', medication: 'Xanax' });
    expect(r.interactions[0]?.message).toContain('load could not be computed');
    expect(r.benzodiazepineLoad).toMatchObject({ complete: false, flagged: false, diazepamEquivalentMgPerDay: 0 });
  });
  it('an incomplete load already above the threshold is still flagged, and says it is a lower bound', () => {
    const r = find([
      { name: 'lorazepam', dailyDoseMg: 2 },
      { name: 'clonazepam', dailyDoseMg: null },
    ]);
    const load = r.interactions.find((i) => i.class === 'benzodiazepine-load');
    expect(load?.medication).toBe('lorazepam');
    expect(load?.message).toContain('at least');
  });
  it('gives one flag per medication and class, with the name as given', () => {
    const r = find([{ name: 'Adderall XR' }, { name: 'amphetamine/dextroamphetamine' }]);
    expect(r.interactions.map((i) => [i.class, i.medication, i.matched])).toEqual([
      ['stimulant', 'Adderall XR', ['dextroamphetamine']],
      ['stimulant', 'amphetamine/dextroamphetamine', ['amphetamine', 'dextroamphetamine']],
    ]);
  });
  it.each([
    ['lamotrigine', 'lamotrigine', 'caution'],
    ['Vivitrol', 'naltrexone', 'caution'],
    ['Nardil', 'maoi', 'caution'],
    ['selegiline', 'maoi', 'caution'],
    ['Concerta', 'stimulant', 'hold-before-session'],
    ['Sudafed', 'sympathomimetic', 'caution'],
    ['phenylephrine', 'sympathomimetic', 'caution'],
    ['oxycodone', 'opioid', 'caution'],
    ['Ambien', 'cns-depressant', 'caution'],
    ['gabapentin', 'cns-depressant', 'caution'],
    ['Uniphyl', 'theophylline', 'contraindicated'],
    ['aminophylline', 'theophylline', 'contraindicated'],
  ])('%s is %s (%s)', (name, klass, severity) => {
    const r = find([{ name }]);
    expect(r.interactions.map((i) => [i.class, i.severity])).toEqual([[klass, severity]]);
    expect(r.interactions[0]?.sources.length).toBeGreaterThan(0);
  });
  it('lists unrecognised names as given, without a flag', () => {
    const r = find([{ name: 'Sertraline 100 mg' }, { name: 'lorazepam', dailyDoseMg: 0.5 }, { name: 'vitamin D' }]);
    expect(r.unrecognisedMedications).toEqual(['Sertraline 100 mg', 'vitamin D']);
    expect(r.interactions.map((i) => i.medication)).toEqual(['lorazepam']);
  });
  it('an empty list gives nothing', () => {
    expect(find([])).toEqual({ interactions: [], unrecognisedMedications: [] });
  });
});

describe('medication section and rule', () => {
  it('the default table passes its cross-field checks', () => {
    expect(validateMedicationsSection(medicationsDefaults)).toEqual([]);
  });
  it('every class, equivalent and threshold has a provenance with known citations', () => {
    for (const c of Object.values(medicationsDefaults.classes)) expect(ProvenanceSchema.safeParse(c.provenance).success).toBe(true);
    for (const e of Object.values(medicationsDefaults.diazepam10MgEquivalentMg))
      expect(ProvenanceSchema.safeParse(e.provenance).success).toBe(true);
    expect(ProvenanceSchema.safeParse(medicationsDefaults.benzodiazepineLoad.thresholdDiazepamEquivalentMgPerDay.provenance).success).toBe(
      true,
    );
  });
  it('flags a benzodiazepine without an Ashton equivalent, and a name listed in two classes', () => {
    const broken = {
      ...medicationsDefaults,
      diazepam10MgEquivalentMg: { ...medicationsDefaults.diazepam10MgEquivalentMg, lorazepam: undefined as never },
      classes: {
        ...medicationsDefaults.classes,
        opioid: {
          ...medicationsDefaults.classes.opioid,
          value: { ...medicationsDefaults.classes.opioid.value, medications: [{ generic: 'gabapentin', brands: [] }] },
        },
      },
    };
    const paths = validateMedicationsSection(broken).map((i) => i.path);
    expect(paths).toContain('diazepam10MgEquivalentMg.lorazepam');
    expect(paths.some((p) => p === 'classes.cns-depressant')).toBe(true);
  });
  it('the rule has an id, a version, a title, sources and evaluates like findMedicationInteractions', () => {
    expect(medicationInteractionsRule.id).toBe('medication-interactions');
    expect(medicationInteractionsRule.sources.length).toBeGreaterThan(0);
    const meds = [{ name: 'lorazepam', dailyDoseMg: 2 }];
    expect(medicationInteractionsRule.evaluate(meds, config, '2026-12-01')).toEqual(find(meds));
  });
});

describe('rows added after the first clinical review: generic and brand names, severities, sources', () => {
  it.each([
    // [name as recorded, generic recognised, class, severity, a citation its flag names]
    ['triazolam', 'triazolam', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['Halcion', 'triazolam', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['clobazam', 'clobazam', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['ONFI', 'clobazam', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['clorazepate', 'clorazepate', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['Tranxene', 'clorazepate', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['estazolam', 'estazolam', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['ProSom', 'estazolam', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['flurazepam', 'flurazepam', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['Dalmane', 'flurazepam', 'benzodiazepine', 'hold-before-session', 'ashton-manual'],
    ['midazolam', 'midazolam', 'benzodiazepine', 'hold-before-session', undefined],
    ['Versed', 'midazolam', 'benzodiazepine', 'hold-before-session', undefined],
    ['codeine', 'codeine', 'opioid', 'caution', 'ketalar-label'],
    ['tapentadol', 'tapentadol', 'opioid', 'caution', 'ketalar-label'],
    ['Nucynta', 'tapentadol', 'opioid', 'caution', 'ketalar-label'],
    ['oxymorphone', 'oxymorphone', 'opioid', 'caution', 'ketalar-label'],
    ['Opana', 'oxymorphone', 'opioid', 'caution', 'ketalar-label'],
    ['OxyContin', 'oxycodone', 'opioid', 'caution', 'ketalar-label'],
    ['Roxicodone', 'oxycodone', 'opioid', 'caution', 'ketalar-label'],
    ['Percocet', 'oxycodone', 'opioid', 'caution', 'ketalar-label'],
    ['Norco', 'hydrocodone', 'opioid', 'caution', 'ketalar-label'],
    ['Vicodin', 'hydrocodone', 'opioid', 'caution', 'ketalar-label'],
    ['Dilaudid', 'hydromorphone', 'opioid', 'caution', 'ketalar-label'],
    ['Duragesic', 'fentanyl', 'opioid', 'caution', 'ketalar-label'],
    ['Ultram', 'tramadol', 'opioid', 'caution', 'ketalar-label'],
    ['MS Contin', 'morphine', 'opioid', 'caution', 'ketalar-label'],
    ['ms contin 30 mg', 'morphine', 'opioid', 'caution', 'ketalar-label'],
    ['rasagiline', 'rasagiline', 'maoi', 'caution', 'spravato-label'],
    ['Azilect', 'rasagiline', 'maoi', 'caution', 'spravato-label'],
    ['safinamide', 'safinamide', 'maoi', 'caution', 'spravato-label'],
    ['Xadago', 'safinamide', 'maoi', 'caution', 'spravato-label'],
    ['linezolid', 'linezolid', 'maoi', 'caution', 'fda-dsc-2011-mao-inhibitors'],
    ['Zyvox', 'linezolid', 'maoi', 'caution', 'fda-dsc-2011-mao-inhibitors'],
    ['methylene blue', 'methylene blue', 'maoi', 'caution', 'fda-dsc-2011-mao-inhibitors'],
    ['Methylene Blue 1% injection', 'methylene blue', 'maoi', 'caution', 'fda-dsc-2011-mao-inhibitors'],
    ['ProvayBlue', 'methylene blue', 'maoi', 'caution', 'fda-dsc-2011-mao-inhibitors'],
    ['dexmethylphenidate', 'dexmethylphenidate', 'stimulant', 'hold-before-session', 'spravato-label'],
    ['Focalin XR', 'dexmethylphenidate', 'stimulant', 'hold-before-session', 'spravato-label'],
    ['methamphetamine', 'methamphetamine', 'stimulant', 'hold-before-session', 'spravato-label'],
    ['Desoxyn', 'methamphetamine', 'stimulant', 'hold-before-session', 'spravato-label'],
    ['modafinil', 'modafinil', 'stimulant', 'hold-before-session', 'spravato-label'],
    ['Provigil', 'modafinil', 'stimulant', 'hold-before-session', 'spravato-label'],
    ['armodafinil', 'armodafinil', 'stimulant', 'hold-before-session', 'spravato-label'],
    ['Nuvigil', 'armodafinil', 'stimulant', 'hold-before-session', 'spravato-label'],
    ['Contrave', 'naltrexone', 'naltrexone', 'caution', 'williams-2018'],
    ['Elixophyllin', 'theophylline', 'theophylline', 'contraindicated', 'ketalar-label'],
  ] as const)('%s is %s: %s (%s), naming %s', (name, generic, klass, severity, citation) => {
    expect(generics(name)).toEqual([generic]);
    const r = find([{ name }]);
    expect(r.interactions[0]).toMatchObject({ class: klass, severity, medication: name, matched: [generic] });
    expect(r.unrecognisedMedications).toEqual([]);
    const sources = r.interactions[0]?.sources ?? [];
    for (const s of sources) expect(ProvenanceSchema.safeParse(s).success).toBe(true);
    if (citation !== undefined) expect(sources.flatMap((s) => (s.kind === 'source' ? s.citations : []))).toContain(citation);
    else expect(sources.map((s) => s.kind)).toContain('brief');
  });
  it.each([
    ['methamphetamine', ['methamphetamine']],
    ['armodafinil', ['armodafinil']],
    ['dexmethylphenidate', ['dexmethylphenidate']],
    ['oxymorphone', ['oxymorphone']],
    ['blue', []],
    ['methylene', []],
  ])('whole words only, the longest match winning: %s is %j', (name, expected) => {
    expect(generics(name)).toEqual(expected);
  });
  it.each([
    ['triazolam 0.25 mg/day = 5 mg (Ashton 0.5 mg)', 'Halcion', 0.25, 5],
    ['clobazam 20 mg/day = 10 mg (Ashton 20 mg)', 'clobazam', 20, 10],
    ['clorazepate 15 mg/day = 10 mg (Ashton 15 mg)', 'Tranxene', 15, 10],
    ['estazolam 1 mg/day = 10 mg (Ashton 1-2 mg: the lower bound)', 'estazolam', 1, 10],
    ['flurazepam 30 mg/day = 20 mg (Ashton 15-30 mg: the lower bound)', 'Dalmane', 30, 20],
  ])('Ashton load of an added benzodiazepine: %s', (_title, name, dailyDoseMg, load) => {
    expect(find([{ name, dailyDoseMg }]).benzodiazepineLoad).toMatchObject({ diazepamEquivalentMgPerDay: load, complete: true });
  });
  it('midazolam has no Ashton equivalent: its hold flag, and a load "not computable", as for a missing daily dose', () => {
    const r = find([{ name: 'midazolam', dailyDoseMg: 5 }]);
    expect(r.interactions).toHaveLength(1);
    expect(r.interactions[0]).toMatchObject({ class: 'benzodiazepine', severity: 'hold-before-session' });
    expect(r.interactions[0]?.message).toContain('no diazepam equivalent in the Ashton table');
    expect(r.interactions[0]?.message).toContain('load could not be computed');
    expect(r.benzodiazepineLoad).toMatchObject({ complete: false, flagged: false, diazepamEquivalentMgPerDay: 0 });
    expect(r.benzodiazepineLoad?.contributions[0]?.diazepamEquivalentMgPerDay).toBeUndefined();
  });
  it('midazolam beside lorazepam 2 mg: the load (20 mg) is flagged and said to be a lower bound', () => {
    const r = find([
      { name: 'Versed', dailyDoseMg: 5 },
      { name: 'lorazepam', dailyDoseMg: 2 },
    ]);
    const load = r.interactions.find((i) => i.class === 'benzodiazepine-load');
    expect(load?.diazepamEquivalentMgPerDay).toBe(20);
    expect(load?.message).toContain('at least');
  });
  it('the equivalence table: the added values, and midazolam null with its provenance', () => {
    const eq = medicationsDefaults.diazepam10MgEquivalentMg;
    expect([eq['triazolam'], eq['clobazam'], eq['clorazepate'], eq['estazolam'], eq['flurazepam']].map((p) => p?.value)).toEqual([
      0.5, 20, 15, 1, 15,
    ]);
    expect(eq['midazolam']).toMatchObject({ value: null, provenance: { kind: 'brief' } });
    expect(eq['estazolam']?.provenance.note).toContain('lower bound');
  });
  it('a benzodiazepine with a missing equivalent (not an explicit null) is still a configuration issue', () => {
    const { midazolam: _drop, ...rest } = medicationsDefaults.diazepam10MgEquivalentMg;
    expect(validateMedicationsSection({ ...medicationsDefaults, diazepam10MgEquivalentMg: rest }).map((i) => i.path)).toEqual([
      'diazepam10MgEquivalentMg.midazolam',
    ]);
  });
  it('midazolam matches its RxNorm code 6960 (clinical-facts.md section 11)', () => {
    expect(generics('local name', '6960')).toEqual(['midazolam']);
  });
  it('the rule version is 2 (the added rows)', () => {
    expect(medicationInteractionsRule.version).toBe('2');
  });
});
