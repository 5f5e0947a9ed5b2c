/**
 * Medication interactions (protocol-defaults.md "Medications"): names are matched on whole words
 * of a generic or brand name, case-insensitive, the longest match winning where matches overlap
 * ("dextroamphetamine" is dextroamphetamine, not amphetamine); an RxNorm ingredient code, when
 * given, matches too. One flag per medication and class; a second flag, `benzodiazepine-load`,
 * when the daily doses of all benzodiazepines, converted with the Ashton table to
 * diazepam-equivalents and summed, are above the threshold. Unrecognised names are listed, not
 * flagged.
 *
 * @module
 */
import type { Provenance } from '../protocol-config/provenance.js';
import {
  MATCHED_INTERACTION_CLASSES,
  medicationNameWords,
  medicationsDefaults,
  type InteractionClass,
  type InteractionSeverity,
  type KnownMedication,
  type MatchedInteractionClass,
  type MedicationsSection,
} from '../protocol-config/sections/medications.js';
import { add, compare, divideRounded, multiply, toDecimal, toNumber, type Decimal } from '../dosing/decimal.js';
import { defineRule } from '../rules/rule.js';
import { isAbsent, type MedicationRecord } from './facts.js';

/** One interaction flag. */
export interface MedicationInteraction {
  /** The interaction class. */
  readonly class: InteractionClass;
  /** How much it matters; `hold-before-session` and `contraindicated` make screening needs-review. */
  readonly severity: InteractionSeverity;
  /** The medication name as given (for the load flag: the benzodiazepines counted, comma-separated). */
  readonly medication: string;
  /** Generic names recognised in it. */
  readonly matched: readonly string[];
  /** Why, and what to do. */
  readonly message: string;
  /** Where the class and its severity come from. */
  readonly sources: readonly Provenance[];
  /** For `benzodiazepine-load`: the summed daily load, mg/day diazepam-equivalent. */
  readonly diazepamEquivalentMgPerDay?: number;
}

/** The summed benzodiazepine load. */
export interface BenzodiazepineLoad {
  /** Sum of the loads that could be computed, mg/day diazepam-equivalent (rounded to 0.01). */
  readonly diazepamEquivalentMgPerDay: number;
  /** False when some benzodiazepine had no daily dose (or no equivalent): the sum is a lower bound. */
  readonly complete: boolean;
  /** The threshold, mg/day; the flag is raised strictly above it. */
  readonly thresholdMgPerDay: number;
  /** Whether the load flag was raised. */
  readonly flagged: boolean;
  /** Each benzodiazepine counted, with its converted daily load (mg/day), or why it could not be. */
  readonly contributions: readonly {
    readonly medication: string;
    readonly generic: string;
    readonly diazepamEquivalentMgPerDay?: number;
    readonly note?: string;
  }[];
}

/** What the interaction check found. */
export interface MedicationInteractionResult {
  /** One entry per flag, in the order of the medications, then the load flag. */
  readonly interactions: readonly MedicationInteraction[];
  /** Names no entry of the table recognised, as given. */
  readonly unrecognisedMedications: readonly string[];
  /** The benzodiazepine load, when any benzodiazepine was found. */
  readonly benzodiazepineLoad?: BenzodiazepineLoad;
}

/** The configuration the interaction check reads: the `medications` section. */
export interface MedicationInteractionConfig {
  readonly medications: MedicationsSection;
}

interface Term {
  readonly words: readonly string[];
  readonly chars: number;
  readonly klass: MatchedInteractionClass;
  readonly medication: KnownMedication;
}

interface TermIndex {
  readonly terms: readonly Term[];
  readonly byRxcui: ReadonlyMap<string, { klass: MatchedInteractionClass; medication: KnownMedication }>;
  /** Position of each medication in the table (classes in order, then medications in order). */
  readonly tableOrder: ReadonlyMap<KnownMedication, number>;
}

const indexCache = new WeakMap<MedicationsSection, TermIndex>();

function buildIndex(section: MedicationsSection): TermIndex {
  const cached = indexCache.get(section);
  if (cached !== undefined) return cached;
  const terms: Term[] = [];
  const byRxcui = new Map<string, { klass: MatchedInteractionClass; medication: KnownMedication }>();
  const tableOrder = new Map<KnownMedication, number>();
  for (const klass of MATCHED_INTERACTION_CLASSES) {
    for (const medication of section.classes[klass].value.medications) {
      tableOrder.set(medication, tableOrder.size);
      for (const name of [medication.generic, ...medication.brands]) {
        const words = medicationNameWords(name);
        if (words.length > 0) terms.push({ words, chars: words.join(' ').length, klass, medication });
      }
      if (medication.rxcui !== undefined) byRxcui.set(medication.rxcui, { klass, medication });
    }
  }
  // Longest first: where matches overlap, the longest wins.
  terms.sort((a, b) => b.chars - a.chars);
  const index = { terms, byRxcui, tableOrder };
  indexCache.set(section, index);
  return index;
}

/**
 * Recognises the medications of the interaction table in one recorded name (and RxCUI): whole
 * words, case-insensitive, the longest match winning where two overlap.
 * @returns the matched medications with their class, in the order of the table, without repeats.
 */
export function recognizeMedication(
  record: Pick<MedicationRecord, 'name' | 'rxcui'>,
  config: MedicationInteractionConfig,
): { klass: MatchedInteractionClass; medication: KnownMedication }[] {
  const index = buildIndex(config.medications);
  const words = medicationNameWords(record.name);
  const taken: boolean[] = words.map(() => false);
  const found: { klass: MatchedInteractionClass; medication: KnownMedication }[] = [];
  if (!isAbsent(record.rxcui)) {
    const byCode = index.byRxcui.get(record.rxcui.trim());
    if (byCode !== undefined) found.push(byCode);
  }
  for (const term of index.terms) {
    const n = term.words.length;
    for (let start = 0; start + n <= words.length; start++) {
      let ok = true;
      for (let k = 0; k < n; k++) {
        if (taken[start + k] === true || words[start + k] !== term.words[k]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      for (let k = 0; k < n; k++) taken[start + k] = true;
      found.push({ klass: term.klass, medication: term.medication });
    }
  }
  const unique = found.filter((f, i) => found.findIndex((g) => g.medication === f.medication) === i);
  return unique.sort((a, b) => (index.tableOrder.get(a.medication) ?? 0) - (index.tableOrder.get(b.medication) ?? 0));
}

function formatMg(d: Decimal): string {
  return String(toNumber(d));
}

/**
 * Finds the interactions of a medication list with ketamine.
 *
 * @param medications the recorded medications (an empty list means none)
 * @param config the protocol configuration (its `medications` section)
 */
export function findMedicationInteractions(
  medications: readonly MedicationRecord[],
  config: MedicationInteractionConfig,
): MedicationInteractionResult {
  const section = config.medications;
  const interactions: MedicationInteraction[] = [];
  const unrecognisedMedications: string[] = [];
  const contributions: BenzodiazepineLoad['contributions'][number][] = [];
  const counted: string[] = [];
  let load: Decimal = { units: 0n, scale: 0 };
  let complete = true;
  const diazepamRef = section.diazepam10MgEquivalentMg['diazepam']?.value ?? undefined;

  for (const record of medications) {
    const matches = recognizeMedication(record, config);
    if (matches.length === 0) {
      unrecognisedMedications.push(record.name);
      continue;
    }
    for (const klass of MATCHED_INTERACTION_CLASSES) {
      const inClass = matches.filter((m) => m.klass === klass);
      if (inClass.length === 0) continue;
      const def = section.classes[klass];
      let note = '';
      if (klass === 'benzodiazepine') {
        const generics = inClass.map((m) => m.medication.generic);
        const generic = generics[0];
        const eqParam = generic === undefined ? undefined : section.diazepam10MgEquivalentMg[generic];
        // null: none in Ashton's table (midazolam): not computable, as for a missing daily dose
        const eq = eqParam?.value ?? undefined;
        let why: string | undefined;
        if (generics.length > 1 || generic === undefined) why = `more than one benzodiazepine in "${record.name}"`;
        else if (eqParam !== undefined && eqParam.value === null) why = `${generic} has no diazepam equivalent in the Ashton table`;
        else if (isAbsent(record.dailyDoseMg)) why = 'daily dose not recorded';
        else if (eq === undefined || diazepamRef === undefined) why = `no diazepam equivalent for ${generic}`;
        if (why === undefined && generic !== undefined && eq !== undefined && diazepamRef !== undefined && !isAbsent(record.dailyDoseMg)) {
          // daily mg x (diazepam mg / this drug's mg, for the same effect)
          const mg = divideRounded(multiply(toDecimal(record.dailyDoseMg), toDecimal(diazepamRef)), toDecimal(eq), 2);
          load = add(load, mg);
          counted.push(record.name);
          contributions.push({ medication: record.name, generic, diazepamEquivalentMgPerDay: toNumber(mg) });
        } else {
          complete = false;
          const text = `${why ?? 'unknown'}: the benzodiazepine load could not be computed`;
          contributions.push({ medication: record.name, generic: generics.join(', '), note: text });
          note = `; ${text}`;
        }
      }
      interactions.push({
        class: klass,
        severity: def.value.severity,
        medication: record.name,
        matched: inClass.map((m) => m.medication.generic),
        message: `${def.value.message}${note}`,
        // The class's source, and each matched row's own (the rows added after the first review name theirs).
        sources: [
          ...new Set([def.provenance, ...inClass.flatMap((m) => (m.medication.source === undefined ? [] : [m.medication.source]))]),
        ],
      });
    }
  }

  let benzodiazepineLoad: BenzodiazepineLoad | undefined;
  if (contributions.length > 0) {
    const threshold = section.benzodiazepineLoad.thresholdDiazepamEquivalentMgPerDay;
    const flagged = counted.length > 0 && compare(load, toDecimal(threshold.value)) > 0;
    if (flagged) {
      const severity = section.benzodiazepineLoad.severity;
      interactions.push({
        class: 'benzodiazepine-load',
        severity: severity.value,
        medication: counted.join(', '),
        matched: contributions.filter((c) => c.diazepamEquivalentMgPerDay !== undefined).map((c) => c.generic),
        message:
          `benzodiazepine load ${formatMg(load)} mg diazepam-equivalent per day (Ashton table) is above ${threshold.value} mg: ` +
          `predicts a poorer response to ketamine${complete ? '' : ' (some doses not recorded: the load is at least this)'}`,
        sources: [threshold.provenance, severity.provenance, section.diazepam10MgEquivalentMg['diazepam']?.provenance].filter(
          (p): p is Provenance => p !== undefined,
        ),
        diazepamEquivalentMgPerDay: toNumber(load),
      });
    }
    benzodiazepineLoad = {
      diazepamEquivalentMgPerDay: toNumber(load),
      complete,
      thresholdMgPerDay: threshold.value,
      flagged,
      contributions,
    };
  }
  return benzodiazepineLoad === undefined
    ? { interactions, unrecognisedMedications }
    : { interactions, unrecognisedMedications, benzodiazepineLoad };
}

/** The medication-interaction rule: {@link findMedicationInteractions} with its sources. */
export const medicationInteractionsRule = defineRule({
  id: 'medication-interactions',
  // 2: the rows added after the first clinical review; midazolam's load is not computable
  version: '2',
  title: 'Medication interactions with ketamine, and the benzodiazepine load',
  sources: [
    ...MATCHED_INTERACTION_CLASSES.map((k) => medicationsDefaults.classes[k].provenance),
    medicationsDefaults.benzodiazepineLoad.thresholdDiazepamEquivalentMgPerDay.provenance,
  ],
  /** Pure; `asOf` is accepted for the common rule shape and not used. */
  evaluate: (medications: readonly MedicationRecord[], config: MedicationInteractionConfig, _asOf?: string): MedicationInteractionResult =>
    findMedicationInteractions(medications, config),
});
