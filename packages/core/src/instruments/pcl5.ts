/**
 * PCL-5, the PTSD Checklist for DSM-5 (US National Center for PTSD, public domain): 20 items
 * rated 0 to 4; total 0 to 80; cluster sums B, C, D, E; provisional PTSD by the site's cutoff
 * and by the DSM-5 cluster rule.
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';
import type { Param } from '../protocol-config/param.js';
import { instrumentsDefaults } from '../protocol-config/sections/instruments.js';
import { checkAnswers, sumAnswers } from './answers.js';
import type { InstrumentDefinition, LoincCode } from './instrument.js';

/** Sources of the PCL-5 encoding: items, scale, clusters, cluster rule, cutoff, LOINC. */
export const PCL5_SOURCES: readonly CitationKey[] = Object.freeze([
  'nc-ptsd-pcl5',
  'istss-pcl5',
  'comorbidity-guidelines-pcl5',
  'awell-score-pcl5',
  'pcl5-item-texts',
  'forkus-2022',
  'loinc-pcl5',
] as const);

/** The two PCL-5 forms: the standard past-month form and the past-week form (ISTSS lists both). */
export type Pcl5Form = 'past-month' | 'past-week';

/** Number of PCL-5 items. */
export const PCL5_ITEM_COUNT = 20;

/** Range of each PCL-5 answer (points): 0 Not at all to 4 Extremely. */
export const PCL5_ANSWER_RANGE = Object.freeze({ min: 0, max: 4 });

/** Labels of the PCL-5 answers 0 to 4. */
export const PCL5_ANSWER_LABELS = Object.freeze(['Not at all', 'A little bit', 'Moderately', 'Quite a bit', 'Extremely'] as const);

/** The prompt of each form ("past month" is the standard wording; the past-week form changes only the time frame). */
export const PCL5_PROMPTS: Readonly<Record<Pcl5Form, string>> = Object.freeze({
  'past-month': 'In the past month, how much were you bothered by:',
  'past-week': 'In the past week, how much were you bothered by:',
});

/** The 20 PCL-5 item texts, item 1 first (public domain, US National Center for PTSD). */
export const PCL5_ITEMS: readonly string[] = Object.freeze([
  'Repeated, disturbing, and unwanted memories of the stressful experience?',
  'Repeated, disturbing dreams of the stressful experience?',
  'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?',
  'Feeling very upset when something reminded you of the stressful experience?',
  'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?',
  'Avoiding memories, thoughts, or feelings related to the stressful experience?',
  'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?',
  'Trouble remembering important parts of the stressful experience?',
  'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
  'Blaming yourself or someone else for the stressful experience or what happened after it?',
  'Having strong negative feelings such as fear, horror, anger, guilt, or shame?',
  'Loss of interest in activities that you used to enjoy?',
  'Feeling distant or cut off from other people?',
  'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?',
  'Irritable behavior, angry outbursts, or acting aggressively?',
  'Taking too many risks or doing things that could cause you harm?',
  'Being "superalert" or watchful or on guard?',
  'Feeling jumpy or easily startled?',
  'Having difficulty concentrating?',
  'Trouble falling or staying asleep?',
]);

/** A DSM-5 symptom cluster of the PCL-5. */
export type Pcl5Cluster = 'B' | 'C' | 'D' | 'E';

/** One cluster: its items (1-based, inclusive range) and the endorsed items the cluster rule needs. */
export interface Pcl5ClusterDefinition {
  readonly name: string;
  /** First item of the cluster (1-based). */
  readonly firstItem: number;
  /** Last item of the cluster (1-based, inclusive). */
  readonly lastItem: number;
  /** Endorsed items (rated >= {@link PCL5_ENDORSED_AT}) the cluster rule needs in this cluster. */
  readonly endorsedItemsNeeded: number;
}

/** The clusters: B intrusion 1-5, C avoidance 6-7, D cognition and mood 8-14, E arousal and reactivity 15-20. */
export const PCL5_CLUSTERS: Readonly<Record<Pcl5Cluster, Pcl5ClusterDefinition>> = Object.freeze({
  B: Object.freeze({ name: 'intrusion', firstItem: 1, lastItem: 5, endorsedItemsNeeded: 1 }),
  C: Object.freeze({ name: 'avoidance', firstItem: 6, lastItem: 7, endorsedItemsNeeded: 1 }),
  D: Object.freeze({ name: 'negative alterations in cognition and mood', firstItem: 8, lastItem: 14, endorsedItemsNeeded: 2 }),
  E: Object.freeze({ name: 'alterations in arousal and reactivity', firstItem: 15, lastItem: 20, endorsedItemsNeeded: 2 }),
});

/** An item rated at or above this (points, "Moderately") counts as endorsed for the cluster rule. */
export const PCL5_ENDORSED_AT = 2;

/** LOINC codes of the PCL-5: panel and total (past-month form). Item and past-week codes are unconfirmed. */
export const PCL5_LOINC: Readonly<{ panel: LoincCode; total: LoincCode; items: undefined; pastWeekPanel: undefined }> = Object.freeze({
  panel: Object.freeze({ code: '101697-1', display: 'Post traumatic stress disorder checklist - civilian version DSM-5 [PCL-5]' }),
  total: Object.freeze({ code: '101698-9', display: 'PTSD PCL-5 score [PCL-5]' }),
  items: undefined,
  pastWeekPanel: undefined,
});

/** The site settings the PCL-5 reads (protocol configuration section `instruments.pcl5`). */
export interface Pcl5Config {
  /** Total at or above which provisional PTSD is suggested (score, site range 31 to 33). */
  readonly provisionalCutoff: Param<number>;
}

/** Answers to a PCL-5. */
export interface Pcl5Input {
  /** 20 answers, item 1 first, each a whole number 0 to 4. */
  readonly answers: readonly number[];
  /** The form answered; default past-month. Scoring is the same for both. */
  readonly form?: Pcl5Form;
}

/** A scored PCL-5. */
export interface Pcl5Result {
  readonly instrument: 'pcl5';
  readonly form: Pcl5Form;
  /** The item-level answers as given (points 0 to 4, item 1 first). */
  readonly answers: readonly number[];
  /** Sum of the 20 items, 0 to 80. */
  readonly total: number;
  /** Sum of each cluster's items: B 0-20, C 0-8, D 0-28, E 0-24. */
  readonly clusters: Readonly<Record<Pcl5Cluster, number>>;
  readonly provisionalPtsd: {
    /** total >= cutoff. */
    readonly byCutoff: boolean;
    /** Items >= 2 count as endorsed: at least 1 B, 1 C, 2 D and 2 E. */
    readonly byClusterRule: boolean;
    /** The cutoff applied (score). */
    readonly cutoff: number;
  };
}

const CLUSTER_NAMES: readonly Pcl5Cluster[] = ['B', 'C', 'D', 'E'];

/**
 * Scores a PCL-5: total, cluster sums, and provisional PTSD by the cutoff (total >= cutoff) and
 * by the cluster rule.
 *
 * @param input 20 answers 0 to 4 and the form.
 * @param config the site's `instruments.pcl5` section (default: the shipped defaults, cutoff 33).
 * @throws InstrumentInputError (code INVALID_INPUT) for a wrong count, an answer out of 0 to 4 or
 *   not a whole number; the item number is in the message and in `item`.
 */
export function scorePcl5(input: Pcl5Input, config: Pcl5Config = instrumentsDefaults.pcl5): Pcl5Result {
  const answers = checkAnswers(input.answers, {
    instrument: 'pcl5',
    title: 'PCL-5',
    counts: [PCL5_ITEM_COUNT],
    rangeOf: () => PCL5_ANSWER_RANGE,
  });
  const itemsOf = (c: Pcl5Cluster): readonly number[] => {
    const def = PCL5_CLUSTERS[c];
    return answers.slice(def.firstItem - 1, def.lastItem);
  };
  const clusters = Object.fromEntries(CLUSTER_NAMES.map((c) => [c, sumAnswers(itemsOf(c))])) as Record<Pcl5Cluster, number>;
  const byClusterRule = CLUSTER_NAMES.every(
    (c) => itemsOf(c).filter((a) => a >= PCL5_ENDORSED_AT).length >= PCL5_CLUSTERS[c].endorsedItemsNeeded,
  );
  const total = sumAnswers(answers);
  const cutoff = config.provisionalCutoff.value;
  return {
    instrument: 'pcl5',
    form: input.form ?? 'past-month',
    answers: [...answers],
    total,
    clusters,
    provisionalPtsd: { byCutoff: total >= cutoff, byClusterRule, cutoff },
  };
}

/** The PCL-5 as an instrument definition. */
export const pcl5 = Object.freeze({
  id: 'pcl5',
  version: '1.0.0',
  title: 'PTSD Checklist for DSM-5 (PCL-5)',
  sources: PCL5_SOURCES,
  score: scorePcl5,
  itemCount: PCL5_ITEM_COUNT,
  answerRange: PCL5_ANSWER_RANGE,
  answerLabels: PCL5_ANSWER_LABELS,
  prompts: PCL5_PROMPTS,
  items: PCL5_ITEMS,
  clusters: PCL5_CLUSTERS,
  endorsedAt: PCL5_ENDORSED_AT,
  loinc: PCL5_LOINC,
} as const) satisfies InstrumentDefinition<typeof scorePcl5>;
