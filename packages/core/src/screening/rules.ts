/**
 * The screening rules, one check each, always all 24 and in this order: diagnosis,
 * prior-treatment, the 13 contraindications, the 7 required items, blood-pressure, medications
 * (issue 4 item 3; cli-contract.md "screen"). Each rule is data plus a pure function.
 *
 * @module
 */
import { fromSource, type Provenance } from '../protocol-config/provenance.js';
import {
  CONDITION_CODES,
  REQUIRED_ITEM_IDS,
  screeningDefaults,
  type ConditionCode,
  type RequiredItemId,
  type ScreeningSection,
} from '../protocol-config/sections/screening.js';
import type { MedicationsSection } from '../protocol-config/sections/medications.js';
import { isAbsent, readRecordedDate, type ScreeningFacts } from './facts.js';
import { isoDateToDayNumber } from './iso-date.js';

/** Outcome of one check. `missing` is never read as normal. */
export type CheckOutcome = 'pass' | 'fail' | 'warn' | 'missing';

/** The result of one screening rule. */
export interface ScreeningCheck {
  /** Rule id, e.g. `contraindication:pregnancy` or `required:ecg`. */
  readonly id: string;
  /** pass, fail, warn or missing. */
  readonly outcome: CheckOutcome;
  /** What was found, for the prescriber. */
  readonly message: string;
  /** Where the rule and its numbers come from (from the configuration in force). */
  readonly sources: readonly Provenance[];
}

/** The configuration screening reads: the `screening` and `medications` sections. */
export interface ScreeningConfig {
  readonly screening: ScreeningSection;
  readonly medications: MedicationsSection;
}

/** A screening rule: data plus a pure function; time arrives as `asOf` (`YYYY-MM-DD`). */
export interface ScreeningRule {
  /** Stable id, also the id of its check. */
  readonly id: string;
  /** Bumped when the behaviour changes. */
  readonly version: number;
  /** What the rule checks, in words. */
  readonly title: string;
  /** Where it comes from (the provenance of the default configuration). */
  readonly sources: readonly Provenance[];
  /** The pure function. Throws ScreeningInputError on a malformed date or one after `asOf`. */
  evaluate(facts: ScreeningFacts, config: ScreeningConfig, asOf: string): ScreeningCheck;
}

const check = (id: string, outcome: CheckOutcome, message: string, sources: readonly Provenance[]): ScreeningCheck =>
  Object.freeze({ id, outcome, message, sources });

/** `diagnosis`: pass with a PTSD code (exactly F43.1, F43.10, F43.11 or F43.12), fail without, missing when none recorded. */
export const diagnosisRule: ScreeningRule = Object.freeze({
  id: 'diagnosis',
  version: 1,
  title: 'A confirmed PTSD diagnosis (ICD-10-CM F43.1, F43.10, F43.11 or F43.12)',
  sources: Object.freeze([screeningDefaults.ptsdDiagnosisCodes.provenance]),
  evaluate(facts: ScreeningFacts, config: ScreeningConfig): ScreeningCheck {
    const codes = config.screening.ptsdDiagnosisCodes;
    const sources = [codes.provenance];
    if (isAbsent(facts.diagnoses)) return check('diagnosis', 'missing', 'no diagnoses recorded', sources);
    const found = facts.diagnoses.filter((d) => codes.value.includes(d));
    if (found.length > 0) return check('diagnosis', 'pass', `PTSD diagnosis ${found.join(', ')}`, sources);
    return check('diagnosis', 'fail', `no PTSD diagnosis (${codes.value.join(', ')}) among the recorded diagnoses`, sources);
  },
});

/** `prior-treatment`: pass when an SSRI, SNRI or trauma-focused psychotherapy is recorded, else warn. */
export const priorTreatmentRule: ScreeningRule = Object.freeze({
  id: 'prior-treatment',
  version: 1,
  title: 'Prior treatment tried: an SSRI, an SNRI or trauma-focused psychotherapy',
  sources: Object.freeze([screeningDefaults.qualifyingPriorTreatments.provenance]),
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

function contraindicationRule(code: ConditionCode): ScreeningRule {
  const id = `contraindication:${code}`;
  const reviewable = screeningDefaults.contraindications[code].value === 'review-ineligible-when-severe';
  return Object.freeze({
    id,
    version: 1,
    title: reviewable
      ? `Contraindication ${code}: needs review when present, ineligible when severe`
      : `Contraindication ${code}: ineligible when present`,
    sources: Object.freeze([screeningDefaults.contraindications[code].provenance]),
    evaluate(facts: ScreeningFacts, config: ScreeningConfig): ScreeningCheck {
      const effect = config.screening.contraindications[code];
      const sources = [effect.provenance];
      if (isAbsent(facts.conditions)) return check(id, 'missing', 'no conditions recorded', sources);
      const present = facts.conditions.filter((c) => c.code === code);
      if (present.length === 0) return check(id, 'pass', 'not present', sources);
      if (effect.value === 'ineligible') return check(id, 'fail', 'present: contraindication, ineligible', sources);
      if (present.some((c) => c.severe === true)) return check(id, 'fail', 'present and severe: ineligible', sources);
      return check(id, 'warn', 'present, not marked severe: needs review', sources);
    },
  });
}

/** The 13 contraindication rules, in check order (`respiratory-condition` last). */
export const contraindicationRules: readonly ScreeningRule[] = Object.freeze(CONDITION_CODES.map(contraindicationRule));

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

function requiredItemRule(item: RequiredItemId): ScreeningRule {
  const id = `required:${item}`;
  return Object.freeze({
    id,
    version: 1,
    title: `${item} on record, at most the item age limit old at the screening date (exactly the limit counts)`,
    sources: Object.freeze([screeningDefaults.requiredItems[item].provenance, screeningDefaults.itemMaxAgeDays.provenance]),
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
export const requiredItemRules: readonly ScreeningRule[] = Object.freeze(REQUIRED_ITEM_IDS.map(requiredItemRule));

/** `blood-pressure`: warn at or above the warning limits (either), missing without both readings, else pass. */
export const bloodPressureRule: ScreeningRule = Object.freeze({
  id: 'blood-pressure',
  version: 1,
  title: 'Screening blood pressure below the warning limit (systolic >= 140 or diastolic >= 90 warns)',
  sources: Object.freeze([screeningDefaults.bloodPressureWarning.systolicMmHg.provenance]),
  evaluate(facts: ScreeningFacts, config: ScreeningConfig): ScreeningCheck {
    const warning = config.screening.bloodPressureWarning;
    const sources = [warning.systolicMmHg.provenance];
    const sys = facts.vitals?.systolic;
    const dia = facts.vitals?.diastolic;
    if (isAbsent(sys) || isAbsent(dia)) return check('blood-pressure', 'missing', 'no blood-pressure reading with systolic and diastolic', sources);
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
export const medicationsRule: ScreeningRule = Object.freeze({
  id: 'medications',
  version: 1,
  title: 'A medication list on record (an empty list means none)',
  sources: MEDICATION_LIST_SOURCES,
  evaluate(facts: ScreeningFacts): ScreeningCheck {
    const sources = MEDICATION_LIST_SOURCES;
    if (isAbsent(facts.medications)) return check('medications', 'missing', 'no medication list recorded', sources);
    const n = facts.medications.length;
    return check('medications', 'pass', n === 0 ? 'none recorded (empty list)' : `${n} recorded; see interactions`, sources);
  },
});

/** All 24 screening rules, in check order. */
export const SCREENING_RULES: readonly ScreeningRule[] = Object.freeze([
  diagnosisRule,
  priorTreatmentRule,
  ...contraindicationRules,
  ...requiredItemRules,
  bloodPressureRule,
  medicationsRule,
]);
