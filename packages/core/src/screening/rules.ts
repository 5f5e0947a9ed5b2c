/**
 * The screening rules, one check each, always all 26 and in this order: diagnosis,
 * prior-treatment, the 13 contraindications, the 7 required items, blood-pressure, medications,
 * then the two added checks age and unrecognised-medications (issue 4 item 3; cli-contract.md
 * "screen"). Each rule is data plus a pure function ({@link Rule}); its message takes every
 * site-settable number from the configuration passed at evaluation, and its title carries none.
 *
 * @module
 */
import { fromSource, siteDefault, type Provenance } from '../protocol-config/provenance.js';
import type { DosingSection } from '../protocol-config/sections/dosing.js';
import { medicationNameWords, type MedicationsSection } from '../protocol-config/sections/medications.js';
import {
  CONDITION_CODES,
  REQUIRED_ITEM_IDS,
  screeningDefaults,
  type ConditionCode,
  type RequiredItemId,
  type ScreeningSection,
} from '../protocol-config/sections/screening.js';
import type { VitalsSection } from '../protocol-config/sections/vitals.js';
import { defineRule, type Rule } from '../rules/rule.js';
import { isAbsent, readRecordedDate, type AllergyRecord, type ScreeningFacts } from './facts.js';
import { isoDateToDayNumber, wholeYearsBetweenIsoDates } from '../calendar/iso-date.js';
import { recognizeMedication } from './medication-interactions.js';

/** Outcome of one check. `missing` is never read as normal. */
export type CheckOutcome = 'pass' | 'fail' | 'warn' | 'missing';

/** The result of one screening rule. */
export interface ScreeningCheck {
  /** Rule id, e.g. `contraindication:pregnancy` or `required:ecg`. */
  readonly id: string;
  /** pass, fail, warn or missing. */
  readonly outcome: CheckOutcome;
  /** What was found, for the prescriber; its numbers come from the configuration in force. */
  readonly message: string;
  /** Where the rule and its numbers come from (from the configuration in force). */
  readonly sources: readonly Provenance[];
}

/**
 * The configuration screening reads: the `screening` and `medications` sections, and the
 * plausible ranges of `vitals` and `dosing` (a whole {@link ProtocolConfig} fits).
 */
export interface ScreeningConfig {
  readonly screening: ScreeningSection;
  readonly medications: MedicationsSection;
  readonly vitals: VitalsSection;
  readonly dosing: DosingSection;
}

/** The evaluate function of a screening rule: facts, configuration and the screening date in, one check out. */
export type ScreeningEvaluate = (facts: ScreeningFacts, config: ScreeningConfig, asOf: string) => ScreeningCheck;

const check = (id: string, outcome: CheckOutcome, message: string, sources: readonly Provenance[]): ScreeningCheck =>
  Object.freeze({ id, outcome, message, sources });

/**
 * An ICD-10-CM code normalised for comparison: upper case, spaces dropped, and the dot after the
 * category (`f43.10`, `F4310` and ` F43.10 ` are all `F43.10`).
 */
export function normalizeIcd10Code(code: string): string {
  const compact = code.toUpperCase().replace(/\s+/g, '');
  const undotted = compact.replace('.', '');
  return undotted.length > 3 ? `${undotted.slice(0, 3)}.${undotted.slice(3)}` : undotted;
}

/** `diagnosis`: pass with a PTSD code of the configuration (compared normalised), fail without, missing when none recorded. */
export const diagnosisRule: Rule<ScreeningEvaluate> = defineRule({
  id: 'diagnosis',
  // 2: codes are compared after normalising case and the dot
  version: '2',
  title: 'A confirmed PTSD diagnosis (an ICD-10-CM code of the protocol)',
  sources: [screeningDefaults.ptsdDiagnosisCodes.provenance],
  evaluate(facts: ScreeningFacts, config: ScreeningConfig): ScreeningCheck {
    const codes = config.screening.ptsdDiagnosisCodes;
    const sources = [codes.provenance];
    if (isAbsent(facts.diagnoses)) return check('diagnosis', 'missing', 'no diagnoses recorded', sources);
    const wanted = new Set(codes.value.map(normalizeIcd10Code));
    const found = [...new Set(facts.diagnoses.map(normalizeIcd10Code).filter((d) => wanted.has(d)))];
    if (found.length > 0) return check('diagnosis', 'pass', `PTSD diagnosis ${found.join(', ')}`, sources);
    return check('diagnosis', 'fail', `no PTSD diagnosis (${codes.value.join(', ')}) among the recorded diagnoses`, sources);
  },
});

/** `prior-treatment`: pass when a qualifying treatment of the configuration is recorded, else warn. */
export const priorTreatmentRule: Rule<ScreeningEvaluate> = defineRule({
  id: 'prior-treatment',
  version: '1',
  title: 'Prior treatment tried: an SSRI, an SNRI or trauma-focused psychotherapy',
  sources: [screeningDefaults.qualifyingPriorTreatments.provenance],
  evaluate(facts: ScreeningFacts, config: ScreeningConfig): ScreeningCheck {
    const qualifying = config.screening.qualifyingPriorTreatments;
    const sources = [qualifying.provenance];
    if (isAbsent(facts.priorTreatments)) {
      return check('prior-treatment', 'warn', 'no prior treatments recorded: treatment resistance not shown, needs review', sources);
    }
    const found = [...new Set(facts.priorTreatments.filter((t) => qualifying.value.includes(t)))];
    if (found.length > 0) return check('prior-treatment', 'pass', `tried: ${found.join(', ')}`, sources);
    return check(
      'prior-treatment',
      'warn',
      `none of ${qualifying.value.join(', ')} recorded: treatment resistance not shown, needs review`,
      sources,
    );
  },
});

/**
 * Substances whose recorded allergy is a hypersensitivity to ketamine: the generic names and the
 * brand names of the ketamine and esketamine labels, matched as whole words, case-insensitive.
 */
export const KETAMINE_ALLERGY_SUBSTANCES = Object.freeze(['ketamine', 'esketamine', 'ketalar', 'spravato'] as const);

/** True when a recorded substance names ketamine or esketamine (whole words, case-insensitive). */
export function isKetamineSubstance(substance: string): boolean {
  const words = medicationNameWords(substance);
  return KETAMINE_ALLERGY_SUBSTANCES.some((name) => words.includes(name));
}

function describeAllergy(a: AllergyRecord): string {
  return isAbsent(a.reaction) || a.reaction.trim() === '' ? a.substance : `${a.substance} (${a.reaction})`;
}

function contraindicationRule(code: ConditionCode): Rule<ScreeningEvaluate> {
  const id = `contraindication:${code}`;
  const reviewable = screeningDefaults.contraindications[code].value === 'review-ineligible-when-severe';
  const readsAllergies = code === 'ketamine-hypersensitivity';
  return defineRule({
    id,
    // ketamine-hypersensitivity 2: a recorded allergy (fail) or intolerance (warn) to ketamine counts
    version: readsAllergies ? '2' : '1',
    title: readsAllergies
      ? `Contraindication ${code}: ineligible when present or with a recorded allergy to ketamine or esketamine; an intolerance needs review`
      : reviewable
        ? `Contraindication ${code}: needs review when present, ineligible when severe`
        : `Contraindication ${code}: ineligible when present`,
    sources: [screeningDefaults.contraindications[code].provenance],
    evaluate(facts: ScreeningFacts, config: ScreeningConfig): ScreeningCheck {
      const effect = config.screening.contraindications[code];
      const sources = [effect.provenance];
      const onKetamine = readsAllergies ? (facts.allergies ?? []).filter((a) => isKetamineSubstance(a.substance)) : [];
      const allergies = onKetamine.filter((a) => a.type !== 'intolerance');
      const intolerances = onKetamine.filter((a) => a.type === 'intolerance');
      const present = isAbsent(facts.conditions) ? [] : facts.conditions.filter((c) => c.code === code);
      if (present.length > 0) {
        if (effect.value === 'ineligible') return check(id, 'fail', 'present: contraindication, ineligible', sources);
        if (present.some((c) => c.severe === true)) return check(id, 'fail', 'present and severe: ineligible', sources);
      }
      if (allergies.length > 0) {
        const named = `recorded allergy to ${allergies.map(describeAllergy).join(', ')}`;
        if (effect.value === 'ineligible') return check(id, 'fail', `${named}: contraindication, ineligible`, sources);
        return check(id, 'warn', `${named}: needs review`, sources);
      }
      if (present.length > 0) return check(id, 'warn', 'present, not marked severe: needs review', sources);
      if (intolerances.length > 0) {
        return check(
          id,
          'warn',
          `recorded intolerance of ${intolerances.map(describeAllergy).join(', ')} (not an allergy): needs review`,
          sources,
        );
      }
      if (isAbsent(facts.conditions)) return check(id, 'missing', 'no conditions recorded', sources);
      return check(id, 'pass', 'not present', sources);
    },
  });
}

/** The 13 contraindication rules, in check order (`respiratory-condition` last). */
export const contraindicationRules: readonly Rule<ScreeningEvaluate>[] = Object.freeze(CONDITION_CODES.map(contraindicationRule));

function isRequired(item: RequiredItemId, facts: ScreeningFacts, config: ScreeningConfig): boolean {
  const when = config.screening.requiredItems[item].value;
  switch (when) {
    case 'always':
      return true;
    case 'cardiovascular-risk':
      // not recorded counts as present: the ECG is required
      return facts.cardiovascularRiskFactors !== false;
    case 'pregnancy-possible':
      // not recorded counts as possible (site default, the cautious reading)
      return facts.patient?.pregnancyPossible !== false;
  }
}

function requiredItemRule(item: RequiredItemId): Rule<ScreeningEvaluate> {
  const id = `required:${item}`;
  return defineRule({
    id,
    version: '1',
    title: `${item} on record, at most the item age limit old at the screening date (exactly the limit counts)`,
    sources: [screeningDefaults.requiredItems[item].provenance, screeningDefaults.itemMaxAgeDays.provenance],
    evaluate(facts: ScreeningFacts, config: ScreeningConfig, asOf: string): ScreeningCheck {
      const limit = config.screening.itemMaxAgeDays;
      const sources = [config.screening.requiredItems[item].provenance, limit.provenance];
      const date = isAbsent(facts.completed) ? undefined : facts.completed[item];
      // validate a given date even when the item is not required
      const day = isAbsent(date) ? undefined : readRecordedDate(`completed.${item}`, date, asOf);
      if (!isRequired(item, facts, config)) return check(id, 'pass', 'not required', sources);
      if (day === undefined || isAbsent(date)) return check(id, 'missing', 'required, not on record', sources);
      const asOfDay = isoDateToDayNumber(asOf);
      if (asOfDay === undefined) throw new RangeError(`asOf "${asOf}" is not a YYYY-MM-DD date`);
      const age = asOfDay - day;
      if (age > limit.value) {
        return check(id, 'missing', `${date} is ${age} days old at ${asOf}: older than the ${limit.value}-day limit`, sources);
      }
      return check(id, 'pass', `${date} (${age} days old; limit ${limit.value} days)`, sources);
    },
  });
}

/** The 7 required-item rules, in check order. */
export const requiredItemRules: readonly Rule<ScreeningEvaluate>[] = Object.freeze(REQUIRED_ITEM_IDS.map(requiredItemRule));

/** `blood-pressure`: warn at or above the configured warning limits (either), missing without both readings, else pass. */
export const bloodPressureRule: Rule<ScreeningEvaluate> = defineRule({
  id: 'blood-pressure',
  version: '1',
  title: 'Screening blood pressure below the warning limit of the protocol (systolic or diastolic at or above it warns)',
  sources: [screeningDefaults.bloodPressureWarning.systolicMmHg.provenance],
  evaluate(facts: ScreeningFacts, config: ScreeningConfig): ScreeningCheck {
    const warning = config.screening.bloodPressureWarning;
    const sources = [warning.systolicMmHg.provenance];
    const sys = facts.vitals?.systolic;
    const dia = facts.vitals?.diastolic;
    if (isAbsent(sys) || isAbsent(dia))
      return check('blood-pressure', 'missing', 'no blood-pressure reading with systolic and diastolic', sources);
    const limit = `${warning.systolicMmHg.value}/${warning.diastolicMmHg.value} mmHg`;
    if (sys >= warning.systolicMmHg.value || dia >= warning.diastolicMmHg.value) {
      return check('blood-pressure', 'warn', `${sys}/${dia} mmHg is at or above ${limit}: the prescriber weighs benefit and risk`, sources);
    }
    return check('blood-pressure', 'pass', `${sys}/${dia} mmHg, below ${limit}`, sources);
  },
});

const MEDICATION_LIST_SOURCES: readonly Provenance[] = Object.freeze([
  fromSource(['askp3-2020'], 'medications and allergies documented before treatment'),
]);

/** `medications`: missing when no list was recorded (an empty list means none), else pass. */
export const medicationsRule: Rule<ScreeningEvaluate> = defineRule({
  id: 'medications',
  version: '1',
  title: 'A medication list on record (an empty list means none)',
  sources: MEDICATION_LIST_SOURCES,
  evaluate(facts: ScreeningFacts): ScreeningCheck {
    const sources = MEDICATION_LIST_SOURCES;
    if (isAbsent(facts.medications)) return check('medications', 'missing', 'no medication list recorded', sources);
    const n = facts.medications.length;
    return check('medications', 'pass', n === 0 ? 'none recorded (empty list)' : `${n} recorded; see interactions`, sources);
  },
});

/** `age`: whole years on the screening date; below the configured minimum fails, no birth date is missing. */
export const ageRule: Rule<ScreeningEvaluate> = defineRule({
  id: 'age',
  version: '1',
  title: 'The patient has reached the minimum age of the protocol on the screening date',
  sources: [screeningDefaults.minimumAgeYears.provenance],
  evaluate(facts: ScreeningFacts, config: ScreeningConfig, asOf: string): ScreeningCheck {
    const minimum = config.screening.minimumAgeYears;
    const sources = [minimum.provenance];
    const birthDate = facts.patient?.birthDate;
    if (isAbsent(birthDate)) return check('age', 'missing', 'no birth date recorded', sources);
    readRecordedDate('patient.birthDate', birthDate, asOf);
    const years = wholeYearsBetweenIsoDates(birthDate, asOf);
    if (years < minimum.value) {
      return check(
        'age',
        'fail',
        `${years} years old at ${asOf} (born ${birthDate}): below the minimum age of ${minimum.value} years`,
        sources,
      );
    }
    return check('age', 'pass', `${years} years old at ${asOf} (minimum ${minimum.value} years)`, sources);
  },
});

const UNRECOGNISED_SOURCES: readonly Provenance[] = Object.freeze([
  siteDefault('an unrecognised medication is a screening item of its own: a prescriber reviews it for interactions and acknowledges it'),
]);

/**
 * `unrecognised-medications`: warn naming each medication the interaction table does not
 * recognise (it never passes silently); pass when every one is recognised or the list is empty;
 * missing when no list was recorded.
 */
export const unrecognisedMedicationsRule: Rule<ScreeningEvaluate> = defineRule({
  id: 'unrecognised-medications',
  version: '1',
  title: 'Every recorded medication is recognised by the interaction table, or reviewed by a prescriber',
  sources: UNRECOGNISED_SOURCES,
  evaluate(facts: ScreeningFacts, config: ScreeningConfig): ScreeningCheck {
    const id = 'unrecognised-medications';
    if (isAbsent(facts.medications)) return check(id, 'missing', 'no medication list recorded', UNRECOGNISED_SOURCES);
    const unknown = facts.medications.filter((m) => recognizeMedication(m, config).length === 0).map((m) => m.name);
    if (unknown.length === 0) return check(id, 'pass', 'every recorded medication is recognised', UNRECOGNISED_SOURCES);
    return check(
      id,
      'warn',
      `not recognised by the interaction table: ${unknown.join(', ')}; a prescriber reviews ${unknown.length === 1 ? 'it' : 'them'} for interactions`,
      UNRECOGNISED_SOURCES,
    );
  },
});

/** All 26 screening rules, in check order. */
export const SCREENING_RULES: readonly Rule<ScreeningEvaluate>[] = Object.freeze([
  diagnosisRule,
  priorTreatmentRule,
  ...contraindicationRules,
  ...requiredItemRules,
  bloodPressureRule,
  medicationsRule,
  ageRule,
  unrecognisedMedicationsRule,
]);
