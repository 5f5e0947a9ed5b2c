/**
 * The modified Aldrete recovery score: five items, each scored 0 to 2, total 0 to 10.
 *
 * Item descriptions follow clinical-facts.md section 5 (Kim et al. 2015, table 2); section 11 adds
 * the discharge cutoff but no item wording. Where the fact sheet gives only a short phrase
 * ("4/2/0 limbs"), the text is written out in the standard Aldrete wording, marked `wording:
 * 'standard-aldrete'`.
 *
 * @module monitoring/aldrete
 */
import type { CitationKey } from '../protocol-config/citations.js';

/** The five items. */
export type AldreteItem = 'activity' | 'respiration' | 'circulation' | 'consciousness' | 'spo2';

/** Every item, in the order the score is usually printed. */
export const ALDRETE_ITEMS: readonly AldreteItem[] = Object.freeze(['activity', 'respiration', 'circulation', 'consciousness', 'spo2']);

/** One scoring option of an item. */
export interface AldreteOption {
  /** Item score, 0 to 2. */
  readonly score: 0 | 1 | 2;
  readonly description: string;
}

/** Definition of one item. */
export interface AldreteItemDefinition {
  readonly item: AldreteItem;
  readonly title: string;
  /** Options from 2 (best) to 0. */
  readonly options: readonly [AldreteOption, AldreteOption, AldreteOption];
  /**
   * `fact-sheet`: the wording of clinical-facts.md section 5; `standard-aldrete`: the fact sheet's
   * short phrase written out in the usual Aldrete wording.
   */
  readonly wording: 'fact-sheet' | 'standard-aldrete';
}

const def = (d: AldreteItemDefinition): AldreteItemDefinition =>
  Object.freeze({ ...d, options: Object.freeze<AldreteItemDefinition['options']>(d.options) });

/** The item definitions of the modified Aldrete score. */
export const MODIFIED_ALDRETE: Readonly<Record<AldreteItem, AldreteItemDefinition>> = Object.freeze({
  activity: def({
    item: 'activity',
    title: 'Activity',
    options: [
      { score: 2, description: 'Moves 4 limbs voluntarily or on command' },
      { score: 1, description: 'Moves 2 limbs voluntarily or on command' },
      { score: 0, description: 'Moves no limbs' },
    ],
    wording: 'standard-aldrete',
  }),
  respiration: def({
    item: 'respiration',
    title: 'Respiration',
    options: [
      { score: 2, description: 'Breathes deeply and coughs freely' },
      { score: 1, description: 'Dyspnoea or limited breathing' },
      { score: 0, description: 'Apnoea' },
    ],
    wording: 'standard-aldrete',
  }),
  circulation: def({
    item: 'circulation',
    title: 'Circulation',
    options: [
      { score: 2, description: 'Blood pressure within ±20 mmHg of the baseline (pre-dose) value' },
      { score: 1, description: 'Blood pressure ±20 to 50 mmHg of the baseline value' },
      { score: 0, description: 'Blood pressure more than ±50 mmHg from the baseline value' },
    ],
    wording: 'fact-sheet',
  }),
  consciousness: def({
    item: 'consciousness',
    title: 'Consciousness',
    options: [
      { score: 2, description: 'Fully awake' },
      { score: 1, description: 'Rousable on calling' },
      { score: 0, description: 'Not responding' },
    ],
    wording: 'standard-aldrete',
  }),
  spo2: def({
    item: 'spo2',
    title: 'Oxygen saturation (SpO2)',
    options: [
      { score: 2, description: 'SpO2 above 92% on room air' },
      { score: 1, description: 'Needs supplemental oxygen to keep SpO2 above 90%' },
      { score: 0, description: 'SpO2 below 90% even with supplemental oxygen' },
    ],
    wording: 'fact-sheet',
  }),
});

/** Sources of the item definitions and of the score. */
export const MODIFIED_ALDRETE_SOURCES: readonly CitationKey[] = Object.freeze(['kim-2015', 'aldrete-1995']);

/** Item scores as recorded: any subset; absent is missing (never 0). */
export type AldreteScores = Partial<Readonly<Record<AldreteItem, number>>>;

/** A scored modified Aldrete. */
export interface ModifiedAldreteResult {
  /** Total 0 to 10 when every item is scored; absent otherwise (a partial sum is not a score). */
  readonly total?: number;
  /** Items not scored. */
  readonly missing: readonly AldreteItem[];
  /** The scored items with the description of the chosen option. */
  readonly items: readonly { readonly item: AldreteItem; readonly score: number; readonly description: string }[];
}

/**
 * Scores the modified Aldrete: five items 0 to 2, total 0 to 10. A missing item leaves the total
 * absent.
 *
 * @throws RangeError when an item score is not 0, 1 or 2
 */
export function scoreModifiedAldrete(scores: AldreteScores): ModifiedAldreteResult {
  const missing: AldreteItem[] = [];
  const items: { item: AldreteItem; score: number; description: string }[] = [];
  for (const item of ALDRETE_ITEMS) {
    const score = scores[item];
    if (score === undefined) {
      missing.push(item);
      continue;
    }
    if (score !== 0 && score !== 1 && score !== 2) throw new RangeError(`Aldrete ${item} must be 0, 1 or 2, got ${score}`);
    const option = MODIFIED_ALDRETE[item].options.find((o) => o.score === score);
    items.push({ item, score, description: option?.description ?? '' });
  }
  const total = missing.length === 0 ? items.reduce((sum, i) => sum + i.score, 0) : undefined;
  return total === undefined ? { missing, items } : { total, missing, items };
}
