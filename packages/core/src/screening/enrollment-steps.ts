/**
 * The enrollment state machine: which state may follow which, and which steps need a reason or
 * are taken only by the prescriber's screening decision. Pure: the server checks a requested
 * step against it before it stores the transition.
 *
 * @module
 */

/** Where an enrollment stands: referred, screening, eligible or ineligible, scheduled, in treatment, follow-up, completed or withdrawn. */
export const ENROLLMENT_STATES = [
  'referred',
  'screening',
  'eligible',
  'ineligible',
  'scheduled',
  'in-treatment',
  'follow-up',
  'completed',
  'withdrawn',
] as const;

/** One of {@link ENROLLMENT_STATES}. */
export type EnrollmentState = (typeof ENROLLMENT_STATES)[number];

/** Each state in plain words, as pages, letters and PDFs print it. */
export const ENROLLMENT_STATE_LABELS: Readonly<Record<EnrollmentState, string>> = {
  referred: 'Referred',
  screening: 'Screening',
  eligible: 'Eligible',
  ineligible: 'Ineligible',
  scheduled: 'Scheduled',
  'in-treatment': 'In treatment',
  'follow-up': 'Follow-up',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
};

/** One allowed step out of a state. */
export interface EnrollmentStep {
  /** The state the step leads to. */
  readonly to: EnrollmentState;
  /** Whether the step needs a stated reason (a non-blank one). */
  readonly reasonRequired: boolean;
  /** Set by another use case (the screening decision), not by a plain transition. */
  readonly viaDecision?: boolean;
}

const withdraw: EnrollmentStep = { to: 'withdrawn', reasonRequired: true };

/** Every allowed step from each state; completed and withdrawn are final. */
export const ENROLLMENT_STEPS: Readonly<Record<EnrollmentState, readonly EnrollmentStep[]>> = {
  referred: [{ to: 'screening', reasonRequired: false }, withdraw],
  screening: [
    { to: 'eligible', reasonRequired: false, viaDecision: true },
    { to: 'ineligible', reasonRequired: true, viaDecision: true },
    withdraw,
  ],
  eligible: [{ to: 'scheduled', reasonRequired: false }, { to: 'screening', reasonRequired: true }, withdraw],
  ineligible: [{ to: 'screening', reasonRequired: true }, withdraw],
  scheduled: [{ to: 'in-treatment', reasonRequired: false }, { to: 'eligible', reasonRequired: true }, withdraw],
  'in-treatment': [{ to: 'follow-up', reasonRequired: false }, withdraw],
  'follow-up': [{ to: 'completed', reasonRequired: false }, withdraw],
  completed: [],
  withdrawn: [],
};

/** The states a plain transition may lead to from `from` (the screening decision's steps excluded). */
export function allowedEnrollmentSteps(from: EnrollmentState): EnrollmentState[] {
  return ENROLLMENT_STEPS[from].filter((s) => s.viaDecision !== true).map((s) => s.to);
}

/** What {@link checkEnrollmentStep} found. */
export type EnrollmentStepCheck =
  | { readonly outcome: 'allowed'; readonly step: EnrollmentStep }
  /** No such step from this state, or (`setByDecision`) a step only the screening decision takes. */
  | { readonly outcome: 'not-allowed'; readonly setByDecision: boolean; readonly allowed: EnrollmentState[] }
  | { readonly outcome: 'reason-required'; readonly step: EnrollmentStep };

/**
 * Checks a step from `from` to `to`: it must be one of {@link ENROLLMENT_STEPS}, a decision's step
 * only when `viaDecision`, and a step that needs a reason must have a non-blank one.
 */
export function checkEnrollmentStep(
  from: EnrollmentState,
  to: EnrollmentState,
  reason: string | undefined,
  { viaDecision = false }: { viaDecision?: boolean } = {},
): EnrollmentStepCheck {
  const step = ENROLLMENT_STEPS[from].find((s) => s.to === to);
  if (step === undefined || (step.viaDecision === true && !viaDecision))
    return { outcome: 'not-allowed', setByDecision: step?.viaDecision === true, allowed: allowedEnrollmentSteps(from) };
  const trimmed = reason?.trim();
  if (step.reasonRequired && (trimmed === undefined || trimmed === '')) return { outcome: 'reason-required', step };
  return { outcome: 'allowed', step };
}
