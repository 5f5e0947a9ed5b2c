/**
 * What stays open in a screening assessment and how a later assessment compares with the one a
 * patient was cleared on: the non-pass checks and holding interactions no override covers, and
 * the items that got worse (which put a cleared enrollment on review hold). Pure: the server
 * loads the assessments and overrides, and stores the hold.
 *
 * @module
 */
import type { CheckOutcome } from './rules.js';
import type { InteractionSeverity } from '../protocol-config/sections/medications.js';

/** What these rules read of an assessment: core's result as computed, or as stored. */
export interface ScreeningResultItems {
  readonly checks: readonly { readonly id: string; readonly outcome: CheckOutcome; readonly message: string }[];
  readonly interactions: readonly { readonly class: string; readonly severity: InteractionSeverity; readonly medication: string }[];
}

const holds = (severity: InteractionSeverity): boolean => severity === 'hold-before-session' || severity === 'contraindicated';

/**
 * The items of an assessment that stop an eligible decision: each non-pass check (by its id) and
 * each holding interaction (`interaction:<class>`), less those in `overridden`; and, of them, the
 * failed checks (only a medical director overrides those).
 */
export function unresolvedScreeningItems(
  result: ScreeningResultItems,
  overridden: ReadonlySet<string>,
): { unresolved: string[]; failing: string[] } {
  const items = [
    ...result.checks.filter((c) => c.outcome !== 'pass').map((c) => c.id),
    ...result.interactions.filter((i) => holds(i.severity)).map((i) => `interaction:${i.class}`),
  ];
  const unresolved = [...new Set(items)].filter((id) => !overridden.has(id));
  const failing = result.checks.filter((c) => c.outcome === 'fail' && !overridden.has(c.id)).map((c) => c.id);
  return { unresolved, failing };
}

/** How bad an item is: 0 a pass, 1 to review (a warning, a missing item, a holding interaction), 2 failed. */
const RANK: Record<CheckOutcome, number> = { pass: 0, warn: 1, missing: 1, fail: 2 };

/** Every item of an assessment that is not a pass, with how bad it is (1 review, 2 failed) and its words. */
export function screeningItemRanks(result: ScreeningResultItems): Map<string, { rank: number; words: string }> {
  const items = new Map<string, { rank: number; words: string }>();
  for (const c of result.checks)
    if (c.outcome !== 'pass') items.set(c.id, { rank: RANK[c.outcome], words: `${c.id}: ${c.outcome} (${c.message})` });
  for (const i of result.interactions) {
    if (holds(i.severity))
      items.set(`interaction:${i.class}`, { rank: 1, words: `interaction ${i.class} (${i.medication}): ${i.severity}` });
  }
  return items;
}

/** A review hold's kind: `absolute` when a check failed (a medical director releases it), else `needs-review`. */
export type ReviewHoldKind = 'absolute' | 'needs-review';

/**
 * The items of `after` that are worse than in `before` (a pass now a warning, missing or failed,
 * a warning now failed, a new holding interaction), with the hold they call for; `undefined` when
 * nothing got worse.
 */
export function worsenedScreening(
  before: ScreeningResultItems,
  after: ScreeningResultItems,
): { kind: ReviewHoldKind; reasons: string[] } | undefined {
  const was = screeningItemRanks(before);
  const worse = [...screeningItemRanks(after)].filter(([id, item]) => item.rank > (was.get(id)?.rank ?? 0));
  if (worse.length === 0) return undefined;
  return { kind: worse.some(([, item]) => item.rank >= 2) ? 'absolute' : 'needs-review', reasons: worse.map(([, item]) => item.words) };
}
