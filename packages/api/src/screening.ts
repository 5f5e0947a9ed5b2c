/**
 * Screening of an enrollment: the form (what is not in the patient's record), the assessments core
 * computes (every check with its outcome, message and sources; the interaction flags), overrides,
 * review holds and the prescriber's decision.
 *
 * @module
 */
import { type CheckOutcome, type RequiredItemId, type ScreeningDecision } from '@kairos/core';
import { z } from 'zod';
import { IsoDate, IsoInstant, Reason, StepUpToken } from './common.js';
import { EnrollmentSchema, MedicationInteractionFlagSchema, RuleSourcesSchema } from './intake.js';

// ---- the words: check outcomes, decisions, hold kinds ----

/** The outcome of one screening check (core's `CheckOutcome`): a missing fact is never read as a pass. */
export const ScreeningCheckOutcomeSchema = z.enum({ pass: 'pass', warn: 'warn', missing: 'missing', fail: 'fail' } as const satisfies {
  [K in CheckOutcome]: K;
});
export const SCREENING_CHECK_OUTCOMES = ScreeningCheckOutcomeSchema.options;

/** The decision core computes from the facts (core's `ScreeningDecision`). */
export const ScreeningDecisionSchema = z.enum({
  eligible: 'eligible',
  ineligible: 'ineligible',
  'needs-review': 'needs-review',
} as const satisfies { [K in ScreeningDecision]: K });
export const SCREENING_DECISIONS = ScreeningDecisionSchema.options;

/** The prescriber's decision: it moves the enrollment to eligible or ineligible. */
export const ScreeningOutcomeSchema = /* @__PURE__ */ ScreeningDecisionSchema.extract(['eligible', 'ineligible']);
export type ScreeningOutcome = z.infer<typeof ScreeningOutcomeSchema>;

/** A review hold for a failed check (`absolute`: only a medical director releases it), or for a review (`needs-review`: a prescriber may). */
export const ScreeningHoldKindSchema = z.enum(['needs-review', 'absolute']);
export type ScreeningHoldKind = z.infer<typeof ScreeningHoldKindSchema>;

// ---- the form ----

export const SCREENING_PRIOR_TREATMENTS = ['ssri', 'snri', 'trauma-focused-psychotherapy'] as const;
export const ScreeningPriorTreatmentSchema = z.enum(SCREENING_PRIOR_TREATMENTS);
export type ScreeningPriorTreatment = z.infer<typeof ScreeningPriorTreatmentSchema>;

/** The work-up items the form dates (informed consent comes from the signature). */
export const SCREENING_COMPLETED_ITEMS = [
  'history',
  'physicalExam',
  'labs',
  'psychiatricEvaluation',
  'ecg',
  'pregnancyTest',
] as const satisfies readonly RequiredItemId[];
export type ScreeningCompletedItem = (typeof SCREENING_COMPLETED_ITEMS)[number];

const completedOn = z.iso.date('a date as YYYY-MM-DD').nullable().default(null);

/**
 * `PUT /api/enrollments/:id/screening/facts`: what the screening form records; the rest (diagnoses,
 * conditions, allergies, medications, vitals, consent) comes from the patient's details and consent.
 * An absent field is recorded as not known.
 */
export const ScreeningInputSchema = z.strictObject({
  priorTreatments: z.array(ScreeningPriorTreatmentSchema).max(3).default([]),
  cardiovascularRiskFactors: z.boolean().nullable().default(null),
  pregnancyPossible: z.boolean().nullable().default(null),
  /** The conditions were reviewed: no recorded condition then means none (else: not yet known). */
  conditionsReviewed: z.boolean().default(false),
  /** The medication list was reviewed: no recorded medication then means none. */
  medicationsReviewed: z.boolean().default(false),
  completed: z
    .strictObject({
      history: completedOn,
      physicalExam: completedOn,
      labs: completedOn,
      psychiatricEvaluation: completedOn,
      ecg: completedOn,
      pregnancyTest: completedOn,
    })
    .prefault({}),
});
/** The form as recorded (every field present). */
export type ScreeningInput = z.infer<typeof ScreeningInputSchema>;

/** The form as the screening answers it: every field, null where not known. */
export const ScreeningFormSchema = z.object({
  priorTreatments: z.array(ScreeningPriorTreatmentSchema),
  cardiovascularRiskFactors: z.boolean().nullable(),
  pregnancyPossible: z.boolean().nullable(),
  conditionsReviewed: z.boolean(),
  medicationsReviewed: z.boolean(),
  completed: z.object({
    history: /* @__PURE__ */ IsoDate.nullable(),
    physicalExam: /* @__PURE__ */ IsoDate.nullable(),
    labs: /* @__PURE__ */ IsoDate.nullable(),
    psychiatricEvaluation: /* @__PURE__ */ IsoDate.nullable(),
    ecg: /* @__PURE__ */ IsoDate.nullable(),
    pregnancyTest: /* @__PURE__ */ IsoDate.nullable(),
  }),
});
export type ScreeningForm = z.infer<typeof ScreeningFormSchema>;

// ---- assessments ----

/** One rule's result (core's `ScreeningCheck`), e.g. `contraindication:pregnancy`, `required:ecg`, `age`. */
export const ScreeningCheckSchema = z.object({
  id: z.string(),
  outcome: ScreeningCheckOutcomeSchema,
  /** What was found, for the prescriber. */
  message: z.string(),
  sources: RuleSourcesSchema,
});
export type ScreeningCheck = z.infer<typeof ScreeningCheckSchema>;

/** An interaction flag of the assessment (core's `MedicationInteraction`): which medication, the generic names recognised in it. */
export const ScreeningInteractionSchema = /* @__PURE__ */ MedicationInteractionFlagSchema.extend({
  /** The medication as given (for the benzodiazepine load: those counted, comma-separated). */
  medication: z.string(),
  matched: z.array(z.string()),
  /** For `benzodiazepine-load`: the summed daily load, mg/day diazepam-equivalent. */
  diazepamEquivalentMgPerDay: z.number().optional(),
});
export type ScreeningInteraction = z.infer<typeof ScreeningInteractionSchema>;

/** One computed assessment, kept when the facts change. */
export const ScreeningAssessmentSchema = z.object({
  id: z.uuid(),
  computedAt: IsoInstant,
  /** The site-local date the assessment was computed for. */
  asOf: IsoDate,
  /** The site's protocol version it was computed under. */
  protocolVersion: z.number().int(),
  decision: ScreeningDecisionSchema,
  /** Every check, in core's order. */
  checks: z.array(ScreeningCheckSchema),
  interactions: z.array(ScreeningInteractionSchema),
  /** Medication names the interaction table does not know (check by hand). */
  unrecognisedMedications: z.array(z.string()),
});
export type ScreeningAssessment = z.infer<typeof ScreeningAssessmentSchema>;

/** An override of an unresolved item of the current assessment (a check id, or `interaction:<class>`). */
export const ScreeningOverrideSchema = z.object({ checkId: z.string(), reason: z.string(), by: z.string(), at: IsoInstant });
export type ScreeningOverride = z.infer<typeof ScreeningOverrideSchema>;

/** A review hold: the screening got worse after the decision; no dosing session starts until it is released. */
export const ScreeningHoldSchema = z.object({
  id: z.uuid(),
  kind: ScreeningHoldKindSchema,
  /** One line per item that got worse, e.g. `contraindication:pregnancy: fail (…)` or `interaction maoi (phenelzine): hold-before-session`. */
  reasons: z.array(z.string()),
  since: IsoInstant,
});
export type ScreeningHold = z.infer<typeof ScreeningHoldSchema>;

/** The prescriber's decision, the latest one. */
export const ScreeningDecisionMadeSchema = z.object({
  outcome: ScreeningOutcomeSchema,
  reason: z.string().nullable(),
  by: z.string(),
  at: IsoInstant,
});
export type ScreeningDecisionMade = z.infer<typeof ScreeningDecisionMadeSchema>;

/** The screening of an enrollment: `GET`, and the answer of every change (facts, override, hold release). */
export const ScreeningViewSchema = z.object({
  facts: ScreeningFormSchema,
  hold: /* @__PURE__ */ ScreeningHoldSchema.nullable(),
  /** The latest assessment; null before the first. */
  assessment: /* @__PURE__ */ ScreeningAssessmentSchema.nullable(),
  /** The earlier assessments, newest first. */
  history: z.array(ScreeningAssessmentSchema),
  /** The overrides of the latest assessment. */
  overrides: z.array(ScreeningOverrideSchema),
  decision: /* @__PURE__ */ ScreeningDecisionMadeSchema.nullable(),
  /** Whether each decision is possible now, and why not. */
  canDecide: z.object({ eligible: z.boolean(), ineligible: z.boolean(), why: z.array(z.string()) }),
});
export type ScreeningView = z.infer<typeof ScreeningViewSchema>;

/** `POST /api/enrollments/:id/screening/decision`: the screening, and the enrollment it moved. */
export const ScreeningDecisionResultSchema = /* @__PURE__ */ ScreeningViewSchema.extend({ enrollment: EnrollmentSchema });
export type ScreeningDecisionResult = z.infer<typeof ScreeningDecisionResultSchema>;

// ---- overrides, hold release, decision ----

/** `POST /api/enrollments/:id/screening/overrides` (step-up purpose `screening.override`; a failed check: medical director only). */
export const ScreeningOverrideBodySchema = z.strictObject({
  checkId: z.string().min(1).max(100),
  reason: Reason,
  stepUpToken: StepUpToken,
});
export type ScreeningOverrideBody = z.infer<typeof ScreeningOverrideBodySchema>;

/** `POST /api/enrollments/:id/screening/hold/release` (step-up purpose `screening.release-hold`, the user's own password). */
export const ScreeningHoldReleaseBodySchema = z.strictObject({ reason: Reason, stepUpToken: StepUpToken });
export type ScreeningHoldReleaseBody = z.infer<typeof ScreeningHoldReleaseBodySchema>;

/** `POST /api/enrollments/:id/screening/decision` (step-up purpose `screening.decide`): ineligible needs a reason. */
export const ScreeningDecisionBodySchema = z
  .strictObject({ outcome: ScreeningOutcomeSchema, reason: /* @__PURE__ */ Reason.optional(), stepUpToken: StepUpToken })
  .refine((b) => b.outcome === 'eligible' || b.reason !== undefined, { message: 'a reason is required for ineligible', path: ['reason'] });
export type ScreeningDecisionBody = z.infer<typeof ScreeningDecisionBodySchema>;
