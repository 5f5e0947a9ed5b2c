/**
 * Protocol-configuration section `medications`: the medication-interaction table of
 * protocol-defaults.md "Medications" as data with provenance, the Ashton benzodiazepine
 * equivalence table (clinical-facts.md section 11) and the benzodiazepine-load threshold.
 *
 * Severity decides the screening outcome: `contraindicated` and `hold-before-session` make
 * screening `needs-review` (a medication can be stopped, a condition cannot, so never
 * `ineligible`); `caution` and `info` inform only.
 *
 * @module
 */
import type { ConfigIssue } from '../issues.js';
import { configIssue } from '../issues.js';
import { param, type Param } from '../param.js';
import { fromBrief, fromSource, type Provenance } from '../provenance.js';

/** How much an interaction matters, least to most: `info` and `caution` inform only. */
export const INTERACTION_SEVERITIES = Object.freeze(['info', 'caution', 'hold-before-session', 'contraindicated'] as const);

/** Severity of a medication interaction. */
export type InteractionSeverity = (typeof INTERACTION_SEVERITIES)[number];

/** Classes matched by medication name or RxNorm code, in the order of protocol-defaults.md. */
export const MATCHED_INTERACTION_CLASSES = Object.freeze([
  'benzodiazepine',
  'lamotrigine',
  'naltrexone',
  'maoi',
  'stimulant',
  'sympathomimetic',
  'opioid',
  'cns-depressant',
  'theophylline',
] as const);

/** A class matched by medication name or code. */
export type MatchedInteractionClass = (typeof MATCHED_INTERACTION_CLASSES)[number];

/** Every interaction class: the matched ones plus `benzodiazepine-load` (a computed flag). */
export type InteractionClass = MatchedInteractionClass | 'benzodiazepine-load';

/** A medication the interaction table knows. */
export interface KnownMedication {
  /** Generic name, lower case (e.g. `lorazepam`). */
  readonly generic: string;
  /** Brand names as usually written (e.g. `Ativan`); matched case-insensitively. */
  readonly brands: readonly string[];
  /** RxNorm ingredient RxCUI where clinical-facts.md section 11 gives one (PharmGKB). */
  readonly rxcui?: string;
  /**
   * Where this medication's row comes from, when it is not (only) the class's source: the rows
   * added after the first clinical review name theirs. A flag names the class's source and this one.
   */
  readonly source?: Provenance;
}

/** One row group of the interaction table: a class, its severity, what to do, its medications. */
export interface InteractionClassDefinition {
  /** What the flag means for the session. */
  readonly severity: InteractionSeverity;
  /** Shown with every flag of this class: why, and what to do. */
  readonly message: string;
  /** The medications of this class. */
  readonly medications: readonly KnownMedication[];
}

/** Type of the `medications` section. */
export interface MedicationsSection {
  /** The interaction table, one Param per class (its value is the class definition). */
  readonly classes: { readonly [K in MatchedInteractionClass]: Param<InteractionClassDefinition> };
  /** The second benzodiazepine flag: the summed daily load in diazepam-equivalents. */
  readonly benzodiazepineLoad: {
    /** Daily diazepam-equivalent load (mg/day) strictly above which the flag is raised. */
    readonly thresholdDiazepamEquivalentMgPerDay: Param<number>;
    /** Severity of the load flag. */
    readonly severity: Param<InteractionSeverity>;
  };
  /**
   * Ashton equivalence table: mg of each benzodiazepine (by generic name) equivalent to 10 mg of
   * diazepam. Every benzodiazepine of the table has an entry; `null` (midazolam) means Ashton's
   * table gives none: the flag is raised and the load is "not computable", as for a missing daily
   * dose.
   */
  readonly diazepam10MgEquivalentMg: { readonly [generic: string]: Param<number | null> };
}

const med = (generic: string, brands: readonly string[] = [], rxcui?: string, source?: Provenance): KnownMedication =>
  Object.freeze({
    generic,
    brands: Object.freeze([...brands]),
    ...(rxcui === undefined ? {} : { rxcui }),
    ...(source === undefined ? {} : { source }),
  });

/** Rows added after the first clinical review (protocol-defaults.md "Medications", "(added)"). */
const ADDED = 'added after the first clinical review';
const addedBenzodiazepine = fromSource(['ashton-manual'], `${ADDED}: brief (pause 12 to 24 h); Ashton equivalence table`);
const addedOpioid = fromSource(['ketalar-label'], `${ADDED}: opioids, as the Ketalar label`);
const addedMaoi = fromSource(['spravato-label'], `${ADDED}: MAOIs, Spravato label`);
const addedMaoiByAction = fromSource(
  ['spravato-label', 'fda-dsc-2011-mao-inhibitors'],
  `${ADDED}: acts as an MAO inhibitor (FDA drug safety communications, 2011); MAOIs, Spravato label`,
);
const addedStimulant = fromSource(
  ['spravato-label'],
  `${ADDED}: Spravato label section 7 names amphetamines, methylphenidate, modafinil, armodafinil`,
);

const cls = (severity: InteractionSeverity, message: string, medications: readonly KnownMedication[]): InteractionClassDefinition =>
  Object.freeze({ severity, message, medications: Object.freeze([...medications]) });

const ashton = (mg: number, generic: string, note = ''): Param<number | null> =>
  param<number | null>(
    mg,
    'mg',
    fromSource(['ashton-manual', 'asam-benzodiazepine-tapering-2025'], `${generic} equivalent to diazepam 10 mg (Ashton)${note}`),
  );
const LOWER_BOUND = ': Ashton gives a range; the lower bound, which flags sooner';

/** Defaults of the `medications` section (protocol-defaults.md "Medications"). */
export const medicationsDefaults: MedicationsSection = Object.freeze({
  classes: Object.freeze({
    benzodiazepine: param(
      cls(
        'hold-before-session',
        'benzodiazepine: hold before each session (last dose long enough before, confirmed at the pre-dose check); taper only under supervision',
        [
          med('lorazepam', ['Ativan'], '6470'),
          med('clonazepam', ['Klonopin', 'Rivotril'], '2598'),
          med('alprazolam', ['Xanax'], '596'),
          med('diazepam', ['Valium'], '3322'),
          med('temazepam', ['Restoril'], '10355'),
          med('chlordiazepoxide', ['Librium'], '2356'),
          med('oxazepam', ['Serax'], '7781'),
          med('triazolam', ['Halcion'], undefined, addedBenzodiazepine),
          med('clobazam', ['Onfi'], undefined, addedBenzodiazepine),
          med('clorazepate', ['Tranxene'], undefined, addedBenzodiazepine),
          med('estazolam', ['ProSom'], undefined, addedBenzodiazepine),
          med('flurazepam', ['Dalmane'], undefined, addedBenzodiazepine),
          med(
            'midazolam',
            ['Versed'],
            '6960',
            fromBrief(`${ADDED}: pause 12 to 24 h; no Ashton equivalent (load not computable); RxCUI from PharmGKB`),
          ),
        ],
      ),
      '1',
      /* RxCUIs: clinical-facts.md section 11 */ fromBrief('pause benzodiazepines 12 to 24 h before a session; RxCUIs from PharmGKB'),
    ),
    lamotrigine: param(
      cls('caution', 'lamotrigine: may blunt the effects of ketamine', [med('lamotrigine', ['Lamictal'], '28439')]),
      '1',
      fromSource(['anand-2000', 'andrade-2017'], 'Anand 2000 via Andrade 2017'),
    ),
    naltrexone: param(
      cls('caution', 'naltrexone: blocked the antidepressant effect of ketamine in one trial', [
        // Contrave (naltrexone with bupropion, added after the first clinical review): flagged as naltrexone.
        med('naltrexone', ['Revia', 'Vivitrol', 'Contrave'], '7243'),
      ]),
      '1',
      fromSource(['williams-2018']),
    ),
    maoi: param(
      cls('caution', 'MAOI: closer blood-pressure monitoring', [
        med('phenelzine', ['Nardil']),
        med('tranylcypromine', ['Parnate']),
        med('isocarboxazid', ['Marplan']),
        med('selegiline', ['Emsam']),
        med('rasagiline', ['Azilect'], undefined, addedMaoi),
        med('safinamide', ['Xadago'], undefined, addedMaoi),
        med('linezolid', ['Zyvox'], undefined, addedMaoiByAction),
        med('methylene blue', ['ProvayBlue'], undefined, addedMaoiByAction),
      ]),
      '1',
      fromSource(['spravato-label']),
    ),
    stimulant: param(
      cls('hold-before-session', 'stimulant: skip on the session day; closer blood-pressure monitoring', [
        med('amphetamine'),
        med('dextroamphetamine', ['Adderall', 'Dexedrine']),
        med('lisdexamfetamine', ['Vyvanse']),
        med('methylphenidate', ['Ritalin', 'Concerta']),
        med('dexmethylphenidate', ['Focalin'], undefined, addedStimulant),
        med('methamphetamine', ['Desoxyn'], undefined, addedStimulant),
        med('modafinil', ['Provigil'], undefined, addedStimulant),
        med('armodafinil', ['Nuvigil'], undefined, addedStimulant),
      ]),
      '1',
      fromSource(['spravato-label', 'clinic-practice-pages'], 'skip on the session day: clinic practice'),
    ),
    sympathomimetic: param(
      cls('caution', 'sympathomimetic: closer blood-pressure monitoring', [med('pseudoephedrine', ['Sudafed']), med('phenylephrine')]),
      '1',
      fromSource(['ketalar-label']),
    ),
    opioid: param(
      cls('caution', 'opioid: sedation, respiratory depression, longer recovery', [
        med('oxycodone', ['OxyContin', 'Roxicodone', 'Percocet']),
        med('hydrocodone', ['Norco', 'Vicodin']),
        med('morphine', ['MS Contin']),
        med('hydromorphone', ['Dilaudid']),
        med('fentanyl', ['Duragesic']),
        med('tramadol', ['Ultram']),
        med('methadone'),
        med('buprenorphine', ['Suboxone']),
        med('codeine', [], undefined, addedOpioid),
        med('tapentadol', ['Nucynta'], undefined, addedOpioid),
        med('oxymorphone', ['Opana'], undefined, addedOpioid),
      ]),
      '1',
      fromSource(['ketalar-label']),
    ),
    'cns-depressant': param(
      cls('caution', 'CNS depressant: sedation', [
        med('zolpidem', ['Ambien']),
        med('eszopiclone', ['Lunesta']),
        med('zaleplon'),
        med('gabapentin', ['Neurontin']),
        med('pregabalin', ['Lyrica']),
        med('phenobarbital'),
        med('butalbital'),
      ]),
      '1',
      fromSource(['ketalar-label'], 'CNS depressants'),
    ),
    theophylline: param(
      cls('contraindicated', 'theophylline: do not combine with ketamine (lowers the seizure threshold)', [
        med('theophylline', ['Theo-24', 'Uniphyl', 'Elixophyllin'], '10438'),
        med('aminophylline'),
      ]),
      '1',
      fromSource(['ketalar-label']),
    ),
  }),
  benzodiazepineLoad: Object.freeze({
    thresholdDiazepamEquivalentMgPerDay: param(
      8,
      'mg',
      fromSource(['andrashko-2020'], 'more than 8 mg/day diazepam-equivalent separated non-responders (sensitivity 80%, specificity 85%)'),
    ),
    severity: param<InteractionSeverity>('caution', '1', fromSource(['andrashko-2020'], 'predicts a poorer response')),
  }),
  diazepam10MgEquivalentMg: Object.freeze({
    lorazepam: ashton(1, 'lorazepam'),
    clonazepam: ashton(0.5, 'clonazepam'),
    alprazolam: ashton(0.5, 'alprazolam'),
    diazepam: ashton(10, 'diazepam'),
    temazepam: ashton(20, 'temazepam'),
    chlordiazepoxide: ashton(25, 'chlordiazepoxide'),
    oxazepam: ashton(20, 'oxazepam'),
    triazolam: ashton(0.5, 'triazolam', `; ${ADDED}`),
    clobazam: ashton(20, 'clobazam', `; ${ADDED}`),
    clorazepate: ashton(15, 'clorazepate', `; ${ADDED}`),
    estazolam: ashton(1, 'estazolam', `${LOWER_BOUND} (1 to 2 mg); ${ADDED}`),
    flurazepam: ashton(15, 'flurazepam', `${LOWER_BOUND} (15 to 30 mg); ${ADDED}`),
    midazolam: param<number | null>(
      null,
      'mg',
      fromBrief(
        `${ADDED}: midazolam has no equivalent in Ashton's table: its benzodiazepine load is not computable, as for a missing daily dose`,
      ),
    ),
  }),
});

/** Words of a medication name: lower case, split on anything but letters and digits. */
export function medicationNameWords(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * Cross-field checks of the `medications` section: known severities; every name (generic or
 * brand) non-empty and in one class only; RxCUIs unique; every benzodiazepine has a positive Ashton
 * equivalent or an explicit null (none in the table); a positive load threshold.
 */
export function validateMedicationsSection(section: MedicationsSection): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seenNames = new Map<string, string>();
  const seenCodes = new Map<string, string>();
  for (const klass of MATCHED_INTERACTION_CLASSES) {
    const def = section.classes[klass].value;
    const path = `classes.${klass}`;
    if (!INTERACTION_SEVERITIES.includes(def.severity)) {
      issues.push(configIssue(path, `unknown severity "${String(def.severity)}"`));
    }
    for (const m of def.medications) {
      for (const name of [m.generic, ...m.brands]) {
        const key = medicationNameWords(name).join(' ');
        if (key === '') {
          issues.push(configIssue(path, `name "${name}" has no letters or digits`));
          continue;
        }
        const other = seenNames.get(key);
        if (other !== undefined) {
          issues.push(configIssue(path, `name "${name}" is also listed under ${other}`));
        }
        seenNames.set(key, `${klass} ${m.generic}`);
      }
      if (m.rxcui !== undefined) {
        const other = seenCodes.get(m.rxcui);
        if (other !== undefined) {
          issues.push(configIssue(path, `RxCUI ${m.rxcui} is also given to ${other}`));
        }
        seenCodes.set(m.rxcui, m.generic);
      }
      if (klass === 'benzodiazepine') {
        const eq = section.diazepam10MgEquivalentMg[m.generic];
        // null is an explicit "none in Ashton's table" (load not computable); absent is a gap.
        if (eq === undefined || (eq.value !== null && !(eq.value > 0))) {
          issues.push(
            configIssue(
              `diazepam10MgEquivalentMg.${m.generic}`,
              `benzodiazepine ${m.generic} needs a positive diazepam equivalent (or null: none in the table)`,
            ),
          );
        }
      }
    }
  }
  if (!(section.benzodiazepineLoad.thresholdDiazepamEquivalentMgPerDay.value > 0)) {
    issues.push(configIssue('benzodiazepineLoad.thresholdDiazepamEquivalentMgPerDay', 'the threshold must be positive'));
  }
  if (!INTERACTION_SEVERITIES.includes(section.benzodiazepineLoad.severity.value)) {
    issues.push(configIssue('benzodiazepineLoad.severity', 'unknown severity'));
  }
  return issues;
}
