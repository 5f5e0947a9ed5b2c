/**
 * Measures: questionnaire forms, responses entered by staff (scored by core, item level, never
 * only a total), the CADSS-6 rated at the chair, measurement tasks (the course's questionnaire
 * schedule), risk follow-up tasks raised by risk routing, a patient's outcomes over time, the
 * journal entries a patient shares, and a site's written content and portal settings.
 *
 * Scores are core's (`Pcl5Result`, `Phq9Result`...): each schema here `satisfies` the core type it
 * carries, so a change in core that the contract does not follow is a type error.
 *
 * @module
 */
import {
  QUESTIONNAIRE_IDS,
  type AssessedPcl5,
  type Cadss6Result,
  type CssrsAnswers,
  type CssrsForm,
  type CssrsQuestion,
  type CssrsRisk,
  type CssrsScreenerResult,
  type FormItem,
  type FormOption,
  type Gad7Result,
  type Gad7Severity,
  type LossOfResponseAssessment,
  type MeasurementTask,
  type MeasurementTaskState,
  type MeasurePurpose,
  type Pcl5Cluster,
  type Pcl5Form,
  type Pcl5Outcome,
  type Pcl5Result,
  type Phq9Result,
  type Phq9Severity,
  type QuestionnaireForm,
  type QuestionnaireTaskInstrument,
  type RiskRecipient,
  type RiskRoute,
  type RiskUrgency,
  type SurvivalDuration,
} from '@kairos/core';
import { z } from 'zod';
import { IsoDate, IsoInstant, itemsOf, pureSchema, Reason, RecordCorrectionSchema } from './common.js';

// ---- questionnaires and their forms ----

/** A questionnaire stored as a response: the measurement schedule's, and the CADSS-6 rated at the chair. */
export const QuestionnaireIdSchema = z.enum(QUESTIONNAIRE_IDS);

/** Questionnaires staff enter for a patient, and a patient answers in the portal (the CADSS-6 is rated at the chair). */
export const ENTERABLE_INSTRUMENTS = [
  'pcl5-month',
  'pcl5-week',
  'phq9',
  'gad7',
  'cssrs',
] as const satisfies readonly QuestionnaireTaskInstrument[];
export const EnterableInstrumentSchema = z.enum(ENTERABLE_INSTRUMENTS);
export type EnterableInstrument = z.infer<typeof EnterableInstrumentSchema>;

/** The C-SSRS screener's form: `lifetime-recent` at baseline, `since-last-contact` after. */
export const CssrsFormSchema = z.enum(['since-last-contact', 'lifetime-recent'] as const satisfies readonly CssrsForm[]);

/** `GET /api/questionnaires/forms/:id`. */
export const QuestionnaireFormParamsSchema = z.strictObject({ id: QuestionnaireIdSchema });
export type QuestionnaireFormParams = z.infer<typeof QuestionnaireFormParamsSchema>;

/** `GET /api/questionnaires/forms/:id?cssrsForm=`: which form of the C-SSRS (default since-last-contact; other questionnaires ignore it). */
export const QuestionnaireFormQuerySchema = z.strictObject({ cssrsForm: /* @__PURE__ */ CssrsFormSchema.optional() });
export type QuestionnaireFormQuery = z.infer<typeof QuestionnaireFormQuerySchema>;

export const QuestionnaireFormOptionSchema = z.object({
  value: z.union([z.number(), z.boolean()]),
  label: z.string(),
}) satisfies z.ZodType<FormOption>;

export const QuestionnaireFormItemSchema = z.object({
  /** Answer key: the 0-based index for scales, `q1`..`q6`, `q6WithinPast3Months` for the C-SSRS. */
  key: z.string(),
  /** Number shown to the person answering (1-based). */
  number: z.number().int(),
  text: z.string(),
  options: z.array(QuestionnaireFormOptionSchema).readonly(),
  /** Asked only when an earlier answer has this value (C-SSRS skip logic). */
  showIf: z.object({ key: z.string(), equals: z.boolean() }).optional(),
}) satisfies z.ZodType<FormItem>;

/** A questionnaire's form: its items and options, as core gives them. */
export const QuestionnaireFormSchema = z.object({
  id: QuestionnaireIdSchema,
  title: z.string(),
  /** The stem read before every item. */
  stem: z.string(),
  items: z.array(QuestionnaireFormItemSchema).readonly(),
  /** Who answers: the patient, or a clinician rating (CADSS-6 at the chair). */
  respondent: z.enum(['patient', 'clinician']),
}) satisfies z.ZodType<QuestionnaireForm>;

// ---- answers ----

/** One item's score on a scale (PCL-5 0-4, PHQ-9 and GAD-7 0-3: core checks each scale's range). */
const ItemScore = z.number().int().min(0).max(4);

const cssrsAnswerFields = {
  q1: z.boolean().optional(),
  q2: z.boolean().optional(),
  q3: z.boolean().optional(),
  q4: z.boolean().optional(),
  q5: z.boolean().optional(),
  q6: z.boolean().optional(),
  q6WithinPast3Months: z.boolean().optional(),
};

/** The C-SSRS screener's yes/no answers by question, as a request sends them (only the questions asked). */
export const CssrsAnswersBodySchema = z.strictObject(cssrsAnswerFields);
export type CssrsAnswersBody = z.infer<typeof CssrsAnswersBodySchema>;

/** Item scores of a scale in order, or the C-SSRS screener's answers (its form defaults to since-last-contact). */
export const QuestionnaireAnswersBodySchema = z.union([
  z.array(ItemScore).min(1).max(20),
  z.strictObject({ form: /* @__PURE__ */ CssrsFormSchema.optional(), answers: CssrsAnswersBodySchema }),
]);
export type QuestionnaireAnswersBody = z.infer<typeof QuestionnaireAnswersBodySchema>;

/** The C-SSRS screener's answers as stored and answered back (core's `CssrsAnswers`). */
export const CssrsAnswersSchema = z.object(cssrsAnswerFields) satisfies z.ZodType<CssrsAnswers>;

/** Answers as stored: item scores of a scale, or the C-SSRS screener's form and answers. */
export const StoredAnswersSchema = z.union([z.array(z.number()), z.object({ form: CssrsFormSchema, answers: CssrsAnswersSchema })]);
export type StoredAnswers = z.infer<typeof StoredAnswersSchema>;

// ---- scores (core's results) ----

const Pcl5ClustersSchema = z.object({ B: z.number(), C: z.number(), D: z.number(), E: z.number() } satisfies Record<
  Pcl5Cluster,
  z.ZodType
>);

export const Pcl5ResultSchema = z.object({
  instrument: z.literal('pcl5'),
  form: z.enum(['past-month', 'past-week'] as const satisfies readonly Pcl5Form[]),
  /** The item-level answers as given (points 0 to 4, item 1 first). */
  answers: z.array(z.number()).readonly(),
  /** Sum of the 20 items, 0 to 80. */
  total: z.number(),
  /** Sum of each cluster's items: B 0-20, C 0-8, D 0-28, E 0-24. */
  clusters: Pcl5ClustersSchema,
  provisionalPtsd: z.object({ byCutoff: z.boolean(), byClusterRule: z.boolean(), cutoff: z.number() }),
}) satisfies z.ZodType<Pcl5Result>;

const PHQ9_SEVERITIES = ['none-minimal', 'mild', 'moderate', 'moderately-severe', 'severe'] as const satisfies readonly Phq9Severity[];
const GAD7_SEVERITIES = ['minimal', 'mild', 'moderate', 'severe'] as const satisfies readonly Gad7Severity[];

export const Phq9ResultSchema = z.object({
  instrument: z.literal('phq9'),
  answers: z.array(z.number()).readonly(),
  /** Sum of items 1 to 9, 0 to 27. */
  total: z.number(),
  severity: z.enum(PHQ9_SEVERITIES),
  /** Item 9 above 0: same-day follow-up. */
  item9Positive: z.boolean(),
  /** The difficulty item (0 to 3); absent when not answered (core's `undefined` does not travel). */
  difficulty: z.number().optional(),
}) satisfies z.ZodType<Omit<Phq9Result, 'difficulty'> & { difficulty?: number }>;

export const Gad7ResultSchema = z.object({
  instrument: z.literal('gad7'),
  answers: z.array(z.number()).readonly(),
  total: z.number(),
  severity: z.enum(GAD7_SEVERITIES),
}) satisfies z.ZodType<Gad7Result>;

export const CssrsRiskSchema = z.enum(['none', 'low', 'moderate', 'high'] as const satisfies readonly CssrsRisk[]);

export const CssrsScreenerResultSchema = z.object({
  instrument: z.literal('cssrs'),
  form: CssrsFormSchema,
  answers: CssrsAnswersSchema,
  risk: CssrsRiskSchema,
  /** The questions answered yes, ascending. */
  positiveQuestions: z.array(z.literal([1, 2, 3, 4, 5, 6] as const satisfies readonly CssrsQuestion[])).readonly(),
}) satisfies z.ZodType<CssrsScreenerResult>;

export const Cadss6ResultSchema = z.object({
  instrument: z.literal('cadss6'),
  /** Each rating with its CADSS item number. */
  items: z.array(z.object({ cadssItem: z.number(), score: z.number() })).readonly(),
  /** Sum of the 6 ratings, 0 to 24. */
  total: z.number(),
}) satisfies z.ZodType<Cadss6Result>;

/** A scored questionnaire: core's result of its instrument (`instrument` tells which). */
export const QuestionnaireScoreSchema = z.discriminatedUnion('instrument', [
  Pcl5ResultSchema,
  Phq9ResultSchema,
  Gad7ResultSchema,
  CssrsScreenerResultSchema,
  Cadss6ResultSchema,
]);

// ---- responses ----

export const RiskUrgencySchema = z.enum(['same-day', 'urgent'] as const satisfies readonly RiskUrgency[]);

/** Risk routing's decision on a response: a follow-up task for these care team roles, crisis resources for the patient. */
export const RiskRouteSchema = z.object({
  urgency: RiskUrgencySchema,
  recipients: z.array(z.enum(['prescriber', 'therapist'] as const satisfies readonly RiskRecipient[])).readonly(),
  /** Why, in words for the task. */
  reason: z.string(),
  showCrisisResources: z.literal(true),
}) satisfies z.ZodType<RiskRoute>;

/** `POST /api/patients/:id/questionnaires`. */
export const QuestionnaireEntryBodySchema = z.strictObject({
  instrument: EnterableInstrumentSchema,
  answers: QuestionnaireAnswersBodySchema,
  /** The enrollment it is given for (a scheduled task), when it is. */
  enrollmentId: z.uuid().optional(),
  /** The scheduled date it is given for, when it is. */
  dueDate: /* @__PURE__ */ IsoDate.optional(),
  /** When it was answered (a paper questionnaire entered later); default now, never in the future. */
  completedAt: /* @__PURE__ */ IsoInstant.optional(),
});
export type QuestionnaireEntryBody = z.infer<typeof QuestionnaireEntryBodySchema>;

/** `POST /api/patients/:id/questionnaires` (201): the stored response, its score, and the risk task it raised. */
export const EnteredQuestionnaireSchema = z.object({
  id: z.uuid(),
  instrument: QuestionnaireIdSchema,
  score: QuestionnaireScoreSchema,
  /** Null for the C-SSRS screener (a risk level, no total). */
  total: z.number().nullable(),
  risk: /* @__PURE__ */ RiskRouteSchema.nullable(),
  /** The risk follow-up task created, when risk routing raised one. */
  taskId: z.uuid().nullable(),
});
export type EnteredQuestionnaire = z.infer<typeof EnteredQuestionnaireSchema>;

/** `GET /api/patients/:id/questionnaires`: one response, item by item, with its score. */
export const QuestionnaireResponseSchema = z.object({
  id: z.uuid(),
  instrument: QuestionnaireIdSchema,
  answers: StoredAnswersSchema,
  score: QuestionnaireScoreSchema,
  total: z.number().nullable(),
  enrollmentId: z.uuid().nullable(),
  /** The dosing session of a CADSS-6 rated at the chair. */
  sessionId: z.uuid().nullable(),
  dueDate: /* @__PURE__ */ IsoDate.nullable(),
  completedAt: IsoInstant,
  channel: z.enum(['staff', 'portal']),
  /** The staff member who entered it; null when the patient answered in the portal. */
  enteredBy: z.string().nullable(),
  /** Corrections of its dates, oldest first (the first one's `before` values are as entered). */
  corrections: z.array(RecordCorrectionSchema),
});
export type QuestionnaireResponse = z.infer<typeof QuestionnaireResponseSchema>;

/**
 * `POST /api/questionnaires/:id/corrections`: the dates of a response staff entered for the wrong
 * date, corrected with a reason (the original is kept); fields left out keep their value; outcome
 * calculations and task matching use the corrected dates. `correctionsSeen` as for adverse events.
 */
export const QuestionnaireCorrectionBodySchema = z.strictObject({
  /** When it was answered; never in the future. */
  completedAt: /* @__PURE__ */ IsoInstant.optional(),
  /** The scheduled date it was given for; null: none. */
  dueDate: /* @__PURE__ */ IsoDate.nullable().optional(),
  reason: Reason,
  correctionsSeen: z.number().int().min(0).max(10_000),
});
export type QuestionnaireCorrectionBody = z.infer<typeof QuestionnaireCorrectionBodySchema>;
export const QuestionnaireResponseListSchema = itemsOf(QuestionnaireResponseSchema);
export type QuestionnaireResponseList = z.infer<typeof QuestionnaireResponseListSchema>;

/** `POST /api/sessions/:id/cadss6`: the ratings of CADSS items 1, 2, 6, 7, 15, 22 in order, each 0-4 (core checks the count). */
export const Cadss6RatingBodySchema = z.strictObject({
  answers: z.array(ItemScore).min(1).max(20),
  measuredAt: /* @__PURE__ */ IsoInstant.optional(),
});
export type Cadss6RatingBody = z.infer<typeof Cadss6RatingBodySchema>;

/** `POST /api/sessions/:id/cadss6` (201). */
export const Cadss6RatingResultSchema = z.object({ id: z.uuid(), total: z.number(), score: Cadss6ResultSchema });
export type Cadss6RatingResult = z.infer<typeof Cadss6RatingResultSchema>;

// ---- measurement tasks ----

export const MeasurementTaskStateSchema = z.enum(['upcoming', 'due', 'overdue', 'done'] as const satisfies readonly MeasurementTaskState[]);
const MeasurePurposeSchema = z.enum([
  'baseline',
  'dosing-day',
  'mid-course',
  'end-of-course',
  'follow-up',
] as const satisfies readonly MeasurePurpose[]);

/** A questionnaire task of one of the patient's booked courses (core's task, with its enrollment). */
export const PatientMeasurementTaskSchema = z.object({
  /** `<date>:<instrument>`, unique within the enrollment. */
  key: z.string(),
  date: IsoDate,
  instrument: EnterableInstrumentSchema,
  purposes: z.array(MeasurePurposeSchema).readonly(),
  labels: z.array(z.string()).readonly(),
  /** The follow-up offsets (week, month, quarter) it stands for. */
  offsets: z.array(z.enum(['week', 'month', 'quarter'])).readonly(),
  opensOn: IsoDate,
  /** The last day before it is overdue. */
  dueBy: IsoDate,
  state: MeasurementTaskStateSchema,
  /** The response that fulfilled it. */
  responseId: z.uuid().nullable(),
  enrollmentId: z.uuid(),
  programTemplate: z.string(),
}) satisfies z.ZodType<MeasurementTask>;
export type PatientMeasurementTask = z.infer<typeof PatientMeasurementTaskSchema>;

/** `GET /api/patients/:id/measurement-tasks`: every task of the patient's booked courses, on the site's today. */
export const PatientMeasurementTasksSchema = z.object({ today: IsoDate, tasks: z.array(PatientMeasurementTaskSchema) });
export type PatientMeasurementTasks = z.infer<typeof PatientMeasurementTasksSchema>;

const TaskPatientSchema = z.object({ id: z.uuid(), name: z.string(), mrn: z.string() });

/** `GET /api/sites/:id/measurement-tasks`: by patient, the questionnaires due or overdue today (and those done today). */
export const SiteMeasurementTasksSchema = z.object({
  /** The site's today; empty when no patient of the site is in a course. */
  today: z.union([IsoDate, z.literal('')]),
  items: z.array(
    z.object({
      patient: TaskPatientSchema,
      tasks: z.array(
        z.object({
          key: z.string(),
          enrollmentId: z.uuid(),
          instrument: EnterableInstrumentSchema,
          date: IsoDate,
          dueBy: IsoDate,
          state: MeasurementTaskStateSchema,
        }),
      ),
    }),
  ),
});
export type SiteMeasurementTasks = z.infer<typeof SiteMeasurementTasksSchema>;

// ---- risk follow-up tasks ----

/** `GET /api/tasks`: a site's (`siteId`) or a patient's (`patientId`) tasks, open ones unless `includeDone=true`. */
export const RiskTaskListQuerySchema = z.strictObject({
  siteId: z.uuid().optional(),
  patientId: z.uuid().optional(),
  includeDone: z.enum(['true', 'false']).optional(),
});
export type RiskTaskListQuery = z.infer<typeof RiskTaskListQuerySchema>;

/** `POST /api/tasks/:id/complete`: what was done (the task page checks the same rule before sending). */
export const RiskTaskCompleteBodySchema = z.strictObject({
  note: z.string().trim().min(3, 'Write what was done (at least 3 characters).').max(4000),
});
export type RiskTaskCompleteBody = z.infer<typeof RiskTaskCompleteBodySchema>;

/** How soon a clinical task asks for action: risk routing's urgencies, and `routine` (a decision to take, e.g. considering maintenance). */
export const TaskUrgencySchema = z.enum(['same-day', 'urgent', 'routine']);

/**
 * A clinical task: a risk follow-up (risk routing), an unacknowledged escalation, a screening
 * review, or a maintenance session to consider after a loss of response.
 */
export const RiskTaskSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['risk-follow-up', 'unacknowledged-escalation', 'screening-review', 'consider-maintenance']),
  urgency: TaskUrgencySchema,
  reason: z.string(),
  dueDate: IsoDate,
  createdAt: IsoInstant,
  patient: TaskPatientSchema,
  /** An assignee no longer known reads `unknown`. */
  assignees: z.array(z.object({ userId: z.uuid(), displayName: z.string() })),
  completedAt: /* @__PURE__ */ IsoInstant.nullable(),
  completedBy: z.string().nullable(),
  outcomeNote: z.string().nullable(),
});
export type RiskTask = z.infer<typeof RiskTaskSchema>;
export const RiskTaskListSchema = itemsOf(RiskTaskSchema);
export type RiskTaskList = z.infer<typeof RiskTaskListSchema>;

// ---- outcomes ----

export const Pcl5OutcomeSchema = z.object({
  /** Current minus baseline, points. */
  changePoints: z.number(),
  /** Baseline minus current, points (positive = fewer symptoms). */
  reductionPoints: z.number(),
  /** Null when the baseline is 0. */
  reductionPercent: z.number().nullable(),
  response: z.boolean().nullable(),
  reliableImprovement: z.boolean(),
  remission: z.boolean().nullable(),
}) satisfies z.ZodType<Pcl5Outcome>;

/** One scored response in an outcome series (PCL-5, PHQ-9 or GAD-7). */
export const OutcomePointSchema = pureSchema(() =>
  z.object({
    responseId: z.uuid(),
    /** Site-local date it was completed. */
    date: IsoDate,
    completedAt: IsoInstant,
    instrument: QuestionnaireIdSchema,
    total: z.number(),
    /** Item scores in order. */
    answers: z.array(z.number()),
    /** PCL-5 only. */
    clusters: /* @__PURE__ */ Pcl5ClustersSchema.optional(),
    /** PHQ-9 and GAD-7 only. */
    severity: z.enum([...PHQ9_SEVERITIES, ...GAD7_SEVERITIES]).optional(),
    /** PCL-5 only, against the baseline (the first PCL-5). */
    outcome: /* @__PURE__ */ Pcl5OutcomeSchema.optional(),
  }),
);
export type OutcomePoint = z.infer<typeof OutcomePointSchema>;

const AssessedPcl5Schema = z.object({
  date: IsoDate,
  total: z.number(),
  reductionPercent: z.number(),
  days: z.number(),
}) satisfies z.ZodType<AssessedPcl5>;

/** Responder status and loss of response of the course (core's assessment). */
export const LossOfResponseAssessmentSchema = z.object({
  responder: z.boolean().nullable(),
  missingReason: z.enum(['no-pcl5-after-last-dosing', 'baseline-zero']).optional(),
  responseAssessment: /* @__PURE__ */ AssessedPcl5Schema.nullable(),
  loss: /* @__PURE__ */ AssessedPcl5Schema.nullable(),
  survival: (z.object({ days: z.number(), event: z.boolean() }) satisfies z.ZodType<SurvivalDuration>).nullable(),
}) satisfies z.ZodType<LossOfResponseAssessment>;

/** `GET /api/patients/:id/outcomes`. */
export const PatientOutcomesSchema = z.object({
  pcl5: z.array(OutcomePointSchema),
  phq9: z.array(OutcomePointSchema),
  gad7: z.array(OutcomePointSchema),
  /** The first PCL-5. */
  baseline: z.object({ total: z.number(), date: IsoDate }).nullable(),
  /** PCL-5 totals at or below which a point meets response / remission (from the site's protocol). */
  lines: z.object({
    responseAtOrBelow: z.number().nullable(),
    remissionAtOrBelow: z.number(),
    reductionPercent: z.number(),
    remissionMaxTotal: z.number(),
  }),
  lastDosingDate: /* @__PURE__ */ IsoDate.nullable(),
  /** Once the course's dosing is over and a baseline exists. */
  course: /* @__PURE__ */ LossOfResponseAssessmentSchema.nullable(),
  /** The latest PCL-5 against baseline in words (with the site's numbers); null before a second PCL-5. */
  latest: z.object({ response: z.string(), remission: z.string() }).nullable(),
});
export type PatientOutcomes = z.infer<typeof PatientOutcomesSchema>;

// ---- journal ----

/** A journal entry: private to the patient unless shared (staff only ever see shared ones). */
export const JournalEntrySchema = z.object({
  id: z.uuid(),
  body: z.string(),
  shared: z.boolean(),
  sharedAt: /* @__PURE__ */ IsoInstant.nullable(),
  createdAt: IsoInstant,
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
export const JournalEntryListSchema = itemsOf(JournalEntrySchema);
export type JournalEntryList = z.infer<typeof JournalEntryListSchema>;

/** `GET /api/patients/:id/journal`: an entry the patient shared with the care team. */
export const SharedJournalEntrySchema = /* @__PURE__ */ JournalEntrySchema.extend({ shared: z.literal(true), sharedAt: IsoInstant });
export type SharedJournalEntry = z.infer<typeof SharedJournalEntrySchema>;
export const SharedJournalEntryListSchema = itemsOf(SharedJournalEntrySchema);
export type SharedJournalEntryList = z.infer<typeof SharedJournalEntryListSchema>;

// ---- site content ----

/** `PUT /api/sites/:id/content/:key`: the key is checked by the server (crisis-resources, discharge-instructions, preparation:<template>:day-<n>). */
export const SiteContentParamsSchema = z.strictObject({ id: z.uuid(), key: z.string().min(1).max(80) });
export type SiteContentParams = z.infer<typeof SiteContentParamsSchema>;

export const SiteContentBodySchema = z.strictObject({ body: z.string().trim().min(1).max(20000) });
export type SiteContentBody = z.infer<typeof SiteContentBodySchema>;

export const SiteContentItemSchema = z.object({
  key: z.string(),
  body: z.string(),
  updatedAt: IsoInstant,
  updatedBy: z.string().nullable(),
});
export type SiteContentItem = z.infer<typeof SiteContentItemSchema>;

/** `PUT /api/sites/:id/portal-settings`, and its answer. */
export const PortalSettingsBodySchema = z.strictObject({ showResults: z.boolean() });
export type PortalSettingsBody = z.infer<typeof PortalSettingsBodySchema>;
export const PortalSettingsSchema = z.object({ showResults: z.boolean() });
export type PortalSettings = z.infer<typeof PortalSettingsSchema>;

/** `GET /api/sites/:id/content`. */
export const SiteContentSchema = z.object({ items: z.array(SiteContentItemSchema), portal: PortalSettingsSchema });
export type SiteContent = z.infer<typeof SiteContentSchema>;

/**
 * `POST /api/sites/:id/questionnaire-links`: a portal link emailed to each of these patients for
 * the questionnaires due now (a cohort's wave in one action, from Today). At most 100.
 */
export const QuestionnaireLinksBodySchema = z.strictObject({
  patientIds: z.array(z.uuid()).min(1).max(100),
});
export type QuestionnaireLinksBody = z.infer<typeof QuestionnaireLinksBodySchema>;

/** What happened for each patient: emailed, no email address, nothing due now, or not a patient of the site you may reach. */
export const QUESTIONNAIRE_LINK_OUTCOMES = ['sent', 'no-email', 'nothing-due', 'refused'] as const;
export const QuestionnaireLinksResultSchema = z.object({
  items: z.array(z.object({ patientId: z.uuid(), outcome: z.enum(QUESTIONNAIRE_LINK_OUTCOMES) })),
  sent: z.number().int(),
});
export type QuestionnaireLinksResult = z.infer<typeof QuestionnaireLinksResultSchema>;
