import type { CheckOutcome, ScreeningDecision } from '@kairos/core';
import type { ScreeningHoldKind } from './screening-api';

// The labels themselves are core's one table (`@kairos/core` screening/check-labels.ts).
export { checkLabel, holdReasonText, interactionClassLabel } from '@kairos/core';

/** Who may release a hold of this kind, in words. */
export function holdReleaser(kind: ScreeningHoldKind): string {
  return kind === 'absolute' ? 'a medical director' : 'a prescriber or a medical director';
}

export const OUTCOME_COLOR: Record<CheckOutcome, string> = { pass: 'green', warn: 'yellow', missing: 'gray', fail: 'red' };
export const DECISION_COLOR: Record<ScreeningDecision, string> = { eligible: 'teal', 'needs-review': 'yellow', ineligible: 'red' };
export const DECISION_LABEL: Record<ScreeningDecision, string> = {
  eligible: 'Eligible',
  'needs-review': 'Needs review',
  ineligible: 'Ineligible',
};
