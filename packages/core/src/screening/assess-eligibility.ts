/**
 * The screening decision: all 26 checks, the medication interactions, and the decision
 * (issue 4 item 3): any fail gives `ineligible`; otherwise any warn or missing, or any
 * interaction of severity `hold-before-session` or `contraindicated`, gives `needs-review`;
 * otherwise `eligible`.
 *
 * @module
 */
import { validateScreeningFacts, isAbsent, type ScreeningFacts } from './facts.js';
import { findMedicationInteractions, type BenzodiazepineLoad, type MedicationInteraction } from './medication-interactions.js';
import { SCREENING_RULES, type ScreeningCheck, type ScreeningConfig } from './rules.js';

/** The screening decision. */
export type ScreeningDecision = 'eligible' | 'ineligible' | 'needs-review';

/** Facts in, decision out, with every check and every interaction flag. */
export interface EligibilityAssessment {
  /** The screening date the assessment was computed for, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** eligible, ineligible or needs-review. */
  readonly decision: ScreeningDecision;
  /** All 26 checks, in order. */
  readonly checks: readonly ScreeningCheck[];
  /** One entry per interaction flag. */
  readonly interactions: readonly MedicationInteraction[];
  /** Medication names the interaction table did not recognise, as given (not flagged). */
  readonly unrecognisedMedications: readonly string[];
  /** The benzodiazepine load, when any benzodiazepine was found. */
  readonly benzodiazepineLoad?: BenzodiazepineLoad;
  /** What drove the decision: the non-pass checks and the holding interactions, in order. */
  readonly reasons: readonly string[];
}

const HOLDING_SEVERITIES: ReadonlySet<string> = new Set(['hold-before-session', 'contraindicated']);

/**
 * Computes the screening decision.
 *
 * @param facts what was gathered (every field may be absent; absent is never normal)
 * @param config the protocol configuration (its `screening`, `medications`, `vitals` and `dosing`
 *   sections; a whole `ProtocolConfig` fits)
 * @param asOf the screening date, `YYYY-MM-DD`: item ages and the patient's age are counted to it;
 *   no date may be after it
 * @throws ScreeningInputError (code `INVALID_INPUT`, naming the field) for a malformed date, a date
 *   after `asOf`, an unknown condition code, an implausible vital sign (`vitals.plausible.*`, a
 *   diastolic not below the systolic) or weight (`dosing.plausibleWeightKg`), a negative daily dose,
 *   or an empty medication name or allergy substance.
 */
export function assessEligibility(facts: ScreeningFacts, config: ScreeningConfig, asOf: string): EligibilityAssessment {
  validateScreeningFacts(facts, asOf, config);
  const checks = SCREENING_RULES.map((rule) => rule.evaluate(facts, config, asOf));
  const meds = isAbsent(facts.medications)
    ? { interactions: [], unrecognisedMedications: [] }
    : findMedicationInteractions(facts.medications, config);

  const reasons: string[] = [];
  for (const c of checks) if (c.outcome !== 'pass') reasons.push(`${c.id}: ${c.outcome}`);
  for (const i of meds.interactions) {
    if (HOLDING_SEVERITIES.has(i.severity)) reasons.push(`interaction ${i.class} (${i.medication}): ${i.severity}`);
  }
  let decision: ScreeningDecision;
  if (checks.some((c) => c.outcome === 'fail')) decision = 'ineligible';
  else if (checks.some((c) => c.outcome !== 'pass') || meds.interactions.some((i) => HOLDING_SEVERITIES.has(i.severity))) {
    decision = 'needs-review';
  } else decision = 'eligible';

  const base = { asOf, decision, checks, interactions: meds.interactions, unrecognisedMedications: meds.unrecognisedMedications, reasons };
  return 'benzodiazepineLoad' in meds && meds.benzodiazepineLoad !== undefined
    ? { ...base, benzodiazepineLoad: meds.benzodiazepineLoad }
    : base;
}
