/**
 * Suicide risk routing (protocol-defaults.md "Outcomes", suicide risk routing): PHQ-9 item 9 above
 * 0, or a C-SSRS screener risk of low or moderate, creates a same-day task for the patient's
 * prescriber and therapist; a C-SSRS risk of high creates an urgent task, shown on Today until a
 * clinician records what was done. The patient sees crisis resources at once in every case.
 *
 * @module
 */
import type { CssrsScreenerResult } from '../instruments/cssrs-screener.js';
import type { Phq9Result } from '../instruments/phq9.js';
import { siteDefault } from '../protocol-config/provenance.js';

/** Who a risk task goes to (the patient's care team members in these roles). */
export type RiskRecipient = 'prescriber' | 'therapist';

/** How soon: `same-day` (by the end of the site day), `urgent` (now, shown on Today until handled). */
export type RiskUrgency = 'same-day' | 'urgent';

/** A routing decision: a task to create and crisis resources to show the patient. */
export interface RiskRoute {
  readonly urgency: RiskUrgency;
  readonly recipients: readonly RiskRecipient[];
  /** Why, in words for the task (e.g. "PHQ-9 item 9 answered 2 (More than half the days)"). */
  readonly reason: string;
  /** The patient is shown crisis resources at once. */
  readonly showCrisisResources: true;
}

/** The routing rule with its provenance, for display beside tasks. */
export const riskRoutingRule = Object.freeze({
  id: 'suicide-risk-routing',
  description:
    'PHQ-9 item 9 > 0 or C-SSRS risk low or moderate: same-day task to the prescriber and therapist; C-SSRS high: urgent task, shown on Today until handled',
  provenance: /* protocol-defaults.md "Outcomes" */ siteDefault('who is told of a suicide risk answer, and how fast (a Kairos default)'),
});

const RECIPIENTS: readonly RiskRecipient[] = Object.freeze(['prescriber', 'therapist']);
const PHQ9_LABELS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];

/** A scored response that risk routing reads; other instruments never route. */
export type RoutableResult =
  | Pick<Phq9Result, 'instrument' | 'item9Positive' | 'answers'>
  | Pick<CssrsScreenerResult, 'instrument' | 'risk' | 'positiveQuestions'>
  | { readonly instrument: string };

/** The route a scored response takes, or `null` when it raises no risk task. */
export function routeRisk(result: RoutableResult): RiskRoute | null {
  if (result.instrument === 'phq9' && 'item9Positive' in result) {
    if (!result.item9Positive) return null;
    const a = result.answers[8] ?? 0;
    return Object.freeze({
      urgency: 'same-day',
      recipients: RECIPIENTS,
      reason: `PHQ-9 item 9 answered ${a} (${PHQ9_LABELS[a] ?? '?'})`,
      showCrisisResources: true,
    });
  }
  if (result.instrument === 'cssrs' && 'risk' in result) {
    if (result.risk === 'none') return null;
    const yes = result.positiveQuestions.join(', ');
    const urgency: RiskUrgency = result.risk === 'high' ? 'urgent' : 'same-day';
    return Object.freeze({
      urgency,
      recipients: RECIPIENTS,
      reason: `C-SSRS screener risk ${result.risk} (yes to question${result.positiveQuestions.length === 1 ? '' : 's'} ${yes})`,
      showCrisisResources: true,
    });
  }
  return null;
}
