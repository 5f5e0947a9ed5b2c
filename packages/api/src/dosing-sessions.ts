/**
 * Dosing sessions: the Today board (`GET /api/sessions`), the session console
 * (`GET /api/sessions/:id`) and every act at the chair (steps, checklist, dose order and double
 * check, pump rate, stop time, escort, medications, vital signs from staff and monitors, alerts,
 * declined pauses, Aldrete), adverse events and the medical director's review queue, and the
 * device tokens monitors post readings with.
 *
 * Every act at the console answers the whole console view (`DosingSessionViewSchema`), as
 * `GET /api/sessions/:id` does: the nurse's screen never merges a partial answer.
 *
 * Core's values are used where core exports them (`ALDRETE_ITEMS`, `DISCHARGE_CONDITIONS`,
 * `VITAL_NAMES`, `ProvenanceSchema`); where core exports only the type
 * (`AlertLevel`, `ChecklistItemId`, `MonitoringReason`...) the list here `satisfies` it, and the
 * server's handlers, which return core's values, are type-checked against these schemas. A schema
 * of a shape core types (`ChecklistItem`, `OverdueItem`, `DischargeReadiness`...) `satisfies` that
 * type and exports no type of its own: clients use core's.
 *
 * @module
 */
import {
  DOSING_ROUTES,
  DOSING_SESSION_STATES,
  DOSING_SESSION_STEPS,
  SUBLINGUAL_FORMS,
  ALDRETE_ITEMS,
  DISCHARGE_CONDITIONS,
  ProvenanceSchema,
  VITAL_NAMES,
  type AlertLevel,
  type AldreteItem,
  type ChecklistItem,
  type ChecklistItemId,
  type ChecklistItemStatus,
  type DischargeCondition,
  type DischargeConditionId,
  type DischargeConditionStatus,
  type DischargeReadiness,
  type DoseCalculation,
  type FixedDoseCalculation,
  type FiredThreshold,
  type MonitoringItem,
  type MonitoringKind,
  type MonitoringReason,
  type OverdueItem,
  type ThresholdComparator,
  type VitalName,
  type VitalsPhase,
  type VitalsReading,
} from '@kairos/core';
import { z } from 'zod';
import { CredentialOverrideViewSchema } from './credentials.js';
import { IsoInstant, itemsOf, pureSchema, Reason, RecordCorrectionSchema, StepUpToken } from './common.js';
import { ProgramRoleSchema } from './schedule.js';
import { ProtocolParamValueSchema } from './sites.js';

// ---- the words of a dosing session ----

/** The states of a dosing session (in the order a session moves through them) and its steps: core's lists, the one spelling of each. */
export { DOSING_SESSION_STATES, DOSING_SESSION_STEPS };

/** The state of a dosing session. */
export const DosingSessionStateSchema = z.enum(DOSING_SESSION_STATES);
export type DosingSessionState = z.infer<typeof DosingSessionStateSchema>;

/** The steps that move a session (core's `SESSION_STEPS` says from which states, to which). */
export const DosingSessionStepSchema = z.enum(DOSING_SESSION_STEPS);
export type DosingSessionStep = z.infer<typeof DosingSessionStepSchema>;

/** How a session gives ketamine: IV infusion, intramuscular injection (IM), oral/sublingual (SL); core's list. */
export { DOSING_ROUTES, SUBLINGUAL_FORMS };
export const DosingRouteSchema = z.enum(DOSING_ROUTES);
export type DosingRoute = z.infer<typeof DosingRouteSchema>;
export const SublingualFormSchema = z.enum(SUBLINGUAL_FORMS);

/** Units of a medication given at the chair. */
export const MEDICATION_UNITS = ['mg', 'mcg', 'mL', 'units'] as const;
export const MedicationUnitSchema = z.enum(MEDICATION_UNITS);
export type MedicationUnit = z.infer<typeof MedicationUnitSchema>;

/** Routes of a medication given at the chair. */
export const MEDICATION_ROUTES = ['IV', 'IM', 'PO', 'SL', 'IN', 'SC'] as const;
export const MedicationRouteSchema = z.enum(MEDICATION_ROUTES);
export type MedicationRoute = z.infer<typeof MedicationRouteSchema>;

/** Why a medication was given at the chair: before the infusion, or to treat an adverse event. */
export const SessionMedicationPurposeSchema = z.enum(['premedication', 'treatment']);
export type SessionMedicationPurpose = z.infer<typeof SessionMedicationPurposeSchema>;

export const ADVERSE_EVENT_KINDS = [
  'nausea',
  'vomiting',
  'hypertension',
  'hypotension',
  'tachycardia',
  'bradycardia',
  'desaturation',
  'oversedation',
  'respiratory-depression',
  'emergence-reaction',
  'anxiety',
  'other',
] as const;
export const AdverseEventKindSchema = z.enum(ADVERSE_EVENT_KINDS);
export type AdverseEventKind = z.infer<typeof AdverseEventKindSchema>;

export const ADVERSE_EVENT_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export const AdverseEventSeveritySchema = z.enum(ADVERSE_EVENT_SEVERITIES);
export type AdverseEventSeverity = z.infer<typeof AdverseEventSeveritySchema>;

/** Core's `AlertLevel`: a level above normal (pre-dose `hold`, infusing `pause`, observing `escalate`). */
const AlertLevelSchema = z.enum(['warn', 'hold', 'pause', 'escalate'] as const satisfies readonly AlertLevel[]);
const VitalsPhaseSchema = z.enum(['pre-dose', 'infusing', 'observing'] as const satisfies readonly VitalsPhase[]);
const VitalNameSchema = z.enum(VITAL_NAMES as [VitalName, ...VitalName[]]);
const MonitoringKindSchema = z.enum(['vitals', 'moaas', 'cadss6'] as const satisfies readonly MonitoringKind[]);

// ---- requests ----

/** `GET /api/sessions`: the Today board of a site, the sessions starting between two instants. */
export const DosingBoardQuerySchema = z.strictObject({ siteId: z.uuid(), from: IsoInstant, to: IsoInstant });
export type DosingBoardQuery = z.infer<typeof DosingBoardQuerySchema>;

/** A proof a prescriber typed on this screen (a prescriber's decision on the nurse's tablet). */
const PrescriberProof = /* @__PURE__ */ StepUpToken.optional();

/**
 * `POST /api/sessions/:id/steps`: one step. `pause` and `abort` need a reason; resuming after a
 * pause for vital signs needs a prescriber (their screen, or `stepUpToken`) with a reason; a
 * discharge not ready needs `override` (a prescriber's step-up proof and the reason).
 */
export const DosingSessionStepBodySchema = z.strictObject({
  step: DosingSessionStepSchema,
  reason: z.string().trim().max(2000).optional(),
  stepUpToken: PrescriberProof,
  override: z.strictObject({ reason: Reason, stepUpToken: z.string().min(1) }).optional(),
});
export type DosingSessionStepBody = z.infer<typeof DosingSessionStepBodySchema>;

/**
 * `PUT /api/sessions/:id/checklist`: the pre-dose checklist's facts as staff enter them (instants
 * with their offset, never in the future); merged into what is recorded. The intention is the
 * therapist's (or a medical director's).
 */
export const SessionChecklistBodySchema = z.strictObject({
  fasting: z.strictObject({ lastSolidsAt: IsoInstant, lastClearLiquidsAt: IsoInstant }).optional(),
  benzodiazepineLastDoseAt: /* @__PURE__ */ IsoInstant.optional(),
  stimulantHeldToday: z.boolean().optional(),
  pregnancyTest: z.strictObject({ at: IsoInstant, result: z.enum(['negative', 'positive']) }).optional(),
  escort: z.strictObject({ name: z.string().trim().min(1).max(200), phone: z.string().trim().min(3).max(50) }).optional(),
  intention: z.string().trim().max(2000).optional(),
  /** Why no premedication was given. */
  premedicationNone: z.string().trim().min(3).max(500).optional(),
  /** Before a maintenance session: the four bladder and urinary symptom answers (true = yes), all four at once. */
  bladderSymptoms: z
    .strictObject({ frequency: z.boolean(), urgency: z.boolean(), painOnUrination: z.boolean(), bloodInUrine: z.boolean() })
    .optional(),
});
export type SessionChecklistBody = z.infer<typeof SessionChecklistBodySchema>;

/**
 * The checklist items a prescriber may override: the day's high-risk C-SSRS; before a maintenance
 * session, a bladder symptom (reviewed) and an infusion count above the site's limit (acknowledged).
 */
export const CHECKLIST_OVERRIDE_ITEMS = [
  'cssrs-today',
  'bladder-symptoms',
  'cumulative-infusions',
] as const satisfies readonly ChecklistItemId[];

/**
 * `POST /api/sessions/:id/checklist/override`: a prescriber overrides a checklist hold with a
 * reason. `heldFor` is the hold's words as the prescriber read them (the item's `detail`): when the
 * facts changed since (new bladder answers, another C-SSRS), the override is refused (409
 * HOLD_CHANGED) rather than applied to what they did not see.
 */
export const SessionChecklistOverrideBodySchema = z.strictObject({
  item: z.enum(CHECKLIST_OVERRIDE_ITEMS),
  heldFor: z.string().trim().min(1).max(1000),
  reason: Reason,
  stepUpToken: PrescriberProof,
});
export type SessionChecklistOverrideBody = z.infer<typeof SessionChecklistOverrideBodySchema>;

/** The fields of a dose order each route takes (any other is refused naming it). */
const DOSE_ORDER_FIELDS: Record<DosingRoute, readonly string[]> = {
  IV: ['route', 'mgPerKg', 'minutes', 'vialMgPerMl', 'diluentMl'],
  IM: ['route', 'doseMg', 'vialMgPerMl'],
  SL: ['route', 'doseMg', 'form', 'strengthMg'],
};
const ROUTE_WORDS: Record<DosingRoute, string> = { IV: 'an IV', IM: 'an intramuscular', SL: 'an oral/sublingual' };

/**
 * `POST /api/sessions/:id/dose-order`. `route` is IV when absent. IV: mg/kg and minutes default to
 * the site protocol's, the vial and the diluent are required. IM: the dose in mg and the vial drawn
 * from. Oral/sublingual: the dose in mg, the compounded form and its strength (mg per troche,
 * tablet or film; mg/mL of a solution). Core checks the product and the site maximum mg/kg.
 */
export const DoseOrderBodySchema = /* @__PURE__ */ z
  .strictObject({
    route: /* @__PURE__ */ DosingRouteSchema.optional(),
    mgPerKg: z.number().positive().max(5).optional(),
    minutes: z.number().int().positive().max(600).optional(),
    vialMgPerMl: z.number().positive().optional(),
    diluentMl: z.number().min(0).max(2000).optional(),
    doseMg: z.number().positive().max(10_000).optional(),
    form: /* @__PURE__ */ SublingualFormSchema.optional(),
    strengthMg: z.number().positive().max(10_000).optional(),
  })
  .superRefine((body, ctx) => {
    const route = body.route ?? 'IV';
    for (const [field, value] of Object.entries(body))
      if (value !== undefined && !DOSE_ORDER_FIELDS[route].includes(field))
        ctx.addIssue({ code: 'custom', path: [field], message: `not part of ${ROUTE_WORDS[route]} dose order` });
    const required = route === 'IV' ? ['vialMgPerMl', 'diluentMl'] : ['doseMg'];
    for (const field of required)
      if (body[field as keyof typeof body] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `required for ${ROUTE_WORDS[route]} dose order` });
  });
export type DoseOrderBody = z.infer<typeof DoseOrderBodySchema>;

/** `POST /api/sessions/:id/dose-order/double-check`: the second licensed user's step-up proof. */
export const DoseDoubleCheckBodySchema = z.strictObject({ stepUpToken: z.string().min(1) });
export type DoseDoubleCheckBody = z.infer<typeof DoseDoubleCheckBodySchema>;

/** `POST /api/sessions/:id/rate`: beyond the tolerance of the ordered rate, a prescriber's step-up proof. */
export const SessionRateBodySchema = z.strictObject({
  rateMlPerHour: z.number().positive().max(2000),
  reason: Reason,
  stepUpToken: PrescriberProof,
});
export type SessionRateBody = z.infer<typeof SessionRateBodySchema>;

/** `POST /api/sessions/:id/stop-time`: when the pump really stopped (between the last start or resume and the recorded stop). */
export const SessionStopTimeBodySchema = z.strictObject({ at: IsoInstant, reason: Reason });
export type SessionStopTimeBody = z.infer<typeof SessionStopTimeBodySchema>;

/** `PUT /api/sessions/:id/discharge-escort`: the adult taking the patient home. */
export const DischargeEscortBodySchema = z.strictObject({ name: z.string().trim().min(2).max(200) });
export type DischargeEscortBody = z.infer<typeof DischargeEscortBodySchema>;

/** One administration as staff enter it (drug, dose, unit, route, when; by whom: the person recording it by default). */
export const AdministrationBodySchema = z.strictObject({
  drug: z.string().trim().min(2).max(200),
  dose: z.number().positive().max(100_000),
  unit: MedicationUnitSchema,
  route: MedicationRouteSchema,
  givenAt: IsoInstant,
  /** Who gave it (a user id); the person recording it by default. */
  givenBy: z.uuid().optional(),
});
export type AdministrationBody = z.infer<typeof AdministrationBodySchema>;

/** `POST /api/sessions/:id/medications`: a premedication, or the treatment of one of the session's adverse events (`adverseEventId`). */
export const SessionMedicationBodySchema = /* @__PURE__ */ AdministrationBodySchema.extend({
  purpose: SessionMedicationPurposeSchema,
  adverseEventId: z.uuid().optional(),
});
export type SessionMedicationBody = z.infer<typeof SessionMedicationBodySchema>;

/**
 * One reading as staff or a monitor send it. Only the shape is checked here (types, whole numbers
 * where the value is one); whether a value is plausible is core's rule with the site's protocol.
 */
export const SessionReadingBodySchema = z.strictObject({
  clientId: z.string().trim().min(1).max(100),
  measuredAt: IsoInstant,
  systolic: z.number().int().optional(),
  diastolic: z.number().int().optional(),
  heartRate: z.number().int().optional(),
  spo2: z.number().int().optional(),
  respiratoryRate: z.number().int().optional(),
  moaas: z.number().int().optional(),
  temperature: z.number().optional(),
});
export type SessionReadingBody = z.infer<typeof SessionReadingBodySchema>;

/**
 * `POST /api/sessions/:id/vitals` and `POST /api/device/sessions/:id/vitals`: up to 500 readings.
 * Each is judged on its own by the server (`SessionReadingBodySchema`, then the protocol's
 * plausible values), so one bad reading in a device batch never drops the valid ones beside it.
 */
export const SessionReadingsBodySchema = z.strictObject({
  readings: z
    .array(
      z
        .unknown()
        .describe(
          'a reading: { clientId, measuredAt, systolic?, diastolic?, heartRate?, spo2?, respiratoryRate?, moaas?, temperature? } (see SessionReadingBody)',
        ),
    )
    .min(1)
    .max(500),
});
export type SessionReadingsBody = z.infer<typeof SessionReadingsBodySchema>;

/** `POST /api/alerts/:id/acknowledge`: a hold needs the note (the reason for overriding it). */
export const AlertAcknowledgeBodySchema = z.strictObject({ note: z.string().trim().max(2000).optional(), stepUpToken: PrescriberProof });
export type AlertAcknowledgeBody = z.infer<typeof AlertAcknowledgeBodySchema>;

/** `POST /api/sessions/:id/decline-pause`: a prescriber's reason. */
export const DeclinePauseBodySchema = z.strictObject({ reason: Reason, stepUpToken: PrescriberProof });
export type DeclinePauseBody = z.infer<typeof DeclinePauseBodySchema>;

const AldreteScore = z.number().int().min(0).max(2);
/** `PUT /api/sessions/:id/aldrete`: the five modified Aldrete item scores, 0 to 2 each. */
export const AldreteBodySchema = z.strictObject({
  activity: AldreteScore,
  respiration: AldreteScore,
  circulation: AldreteScore,
  consciousness: AldreteScore,
  spo2: AldreteScore,
} satisfies Record<AldreteItem, z.ZodType>);
export type AldreteBody = z.infer<typeof AldreteBodySchema>;

/** `POST /api/sessions/:id/adverse-events`: `other` needs a description; treatments are recorded as administrations. */
export const AdverseEventBodySchema = z.strictObject({
  kind: AdverseEventKindSchema,
  description: z.string().trim().max(2000).optional(),
  severity: AdverseEventSeveritySchema,
  serious: z.boolean(),
  occurredAt: IsoInstant,
  actionTaken: z.string().trim().min(2).max(2000),
  /** Medications given to treat it; no dose is defaulted. */
  treatments: z.array(AdministrationBodySchema).max(20).optional(),
});
export type AdverseEventBody = z.infer<typeof AdverseEventBodySchema>;

/** `POST /api/adverse-events/:id/review`: the medical director's note. */
export const AdverseEventReviewBodySchema = z.strictObject({ note: Reason });
export type AdverseEventReviewBody = z.infer<typeof AdverseEventReviewBodySchema>;

/** `POST /api/device-tokens`. */
export const DeviceTokenCreateBodySchema = z.strictObject({ siteId: z.uuid(), name: z.string().trim().min(1).max(100) });
export type DeviceTokenCreateBody = z.infer<typeof DeviceTokenCreateBodySchema>;

/** `DELETE /api/device-tokens/:id`: a token's id (16 hex digits of its hash, never the token). */
export const DeviceTokenParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'a device token id') });
export type DeviceTokenParams = z.infer<typeof DeviceTokenParamsSchema>;

// ---- the console view: its parts ----

/** The protocol this session runs under. */
export const SessionProtocolSchema = z.object({
  version: z.number().int(),
  signed: z.boolean(),
  /**
   * Its values that differ from core's defaults (`vitals.*`, `dosing.*`, `preDose.*`), by path,
   * for the console's bands and schedule. A client that cannot apply them must say so, never
   * fall back to the defaults.
   */
  overrides: z.record(z.string(), ProtocolParamValueSchema),
});
export type SessionProtocol = z.infer<typeof SessionProtocolSchema>;

/** A prescriber's override of a checklist hold. */
export const ChecklistOverrideSchema = z.object({ reason: z.string(), by: z.uuid(), at: IsoInstant });
export type ChecklistOverride = z.infer<typeof ChecklistOverrideSchema>;

/** What is recorded of the checklist: the facts as entered (`SessionChecklistBody`), and prescribers' overrides of holds. */
export const SessionChecklistValuesSchema = z.object({
  fasting: z.object({ lastSolidsAt: IsoInstant, lastClearLiquidsAt: IsoInstant }).optional(),
  benzodiazepineLastDoseAt: /* @__PURE__ */ IsoInstant.optional(),
  stimulantHeldToday: z.boolean().optional(),
  pregnancyTest: z.object({ at: IsoInstant, result: z.enum(['negative', 'positive']) }).optional(),
  escort: z.object({ name: z.string(), phone: z.string() }).optional(),
  intention: z.string().optional(),
  premedicationNone: z.string().optional(),
  bladderSymptoms: z
    .object({ frequency: z.boolean(), urgency: z.boolean(), painOnUrination: z.boolean(), bloodInUrine: z.boolean() })
    .optional(),
  overrides: z
    .object({
      'cssrs-today': /* @__PURE__ */ ChecklistOverrideSchema.optional(),
      'bladder-symptoms': /* @__PURE__ */ ChecklistOverrideSchema.optional(),
      'cumulative-infusions': /* @__PURE__ */ ChecklistOverrideSchema.optional(),
    } satisfies Record<(typeof CHECKLIST_OVERRIDE_ITEMS)[number], z.ZodType>)
    .optional(),
});
export type SessionChecklistValues = z.infer<typeof SessionChecklistValuesSchema>;

const CHECKLIST_ITEM_IDS = [
  'screening',
  'screening-items',
  'pre-dose-vitals',
  'cssrs-today',
  'fasting',
  'benzodiazepine-hold',
  'stimulant-hold',
  'pregnancy-test',
  'escort',
  'intention',
  'premedication',
  'bladder-symptoms',
  'cumulative-infusions',
] as const satisfies readonly ChecklistItemId[];

/** One item of the pre-dose checklist, judged by core on the recorded facts (core's `ChecklistItem`). */
export const SessionChecklistItemSchema = z.object({
  id: z.enum(CHECKLIST_ITEM_IDS),
  label: z.string(),
  required: z.boolean(),
  /** `to-do`: a fact missing or not yet far enough back; `hold`: stops the infusion until a prescriber acts. */
  status: z.enum(['done', 'to-do', 'hold', 'not-required'] as const satisfies readonly ChecklistItemStatus[]),
  /** Done or not required. */
  done: z.boolean(),
  /** Plain words: what meets it, or what is missing. */
  detail: z.string(),
  /** The protocol parameters behind it (paths). */
  parameters: z.array(z.string()).readonly(),
}) satisfies z.ZodType<ChecklistItem>;

/** The checklist: the recorded facts, each item's status (judged at the start once the infusion started, else now), complete. */
export const SessionChecklistSchema = z.object({
  values: SessionChecklistValuesSchema,
  items: z.array(SessionChecklistItemSchema).readonly(),
  /** True when every required item is done. */
  complete: z.boolean(),
});
export type SessionChecklist = z.infer<typeof SessionChecklistSchema>;

/** Core's `DoseCalculation` (IV) as the order recorded it, with the protocol version and rules behind it. */
export const IvDoseCalculationSchema = z.object({
  /** Absent on orders recorded before routes. */
  route: z.literal('IV').optional(),
  inputs: z.object({
    weightKg: z.number(),
    mgPerKg: z.number(),
    minutes: z.number(),
    vialMgPerMl: z.number(),
    diluentMl: z.number(),
    /** `YYYY-MM-DD`. */
    weightMeasuredOn: z.string().optional(),
    /** The dose date, `YYYY-MM-DD`. */
    asOf: z.string().optional(),
  }),
  doseMg: z.number(),
  drawnVolumeMl: z.number(),
  bagTotalMl: z.number(),
  rateMlPerHour: z.number(),
  pump: z.enum(['syringe', 'bag']),
  weightAgeDays: z.number().optional(),
  doubleCheckRequired: z.boolean(),
  limits: z.object({
    minimumMgPerKg: z.number(),
    maximumMgPerKg: z.number(),
    weightKg: z.object({ min: z.number(), max: z.number() }),
    weightMaxAgeDays: z.number(),
    minutes: z.object({ min: z.number(), max: z.number() }),
  }),
  /** The protocol version the dose was computed under (absent on orders recorded before it was kept). */
  protocolVersion: z.number().int().optional(),
  /** The rules behind it, `id@version` (absent on orders recorded before it was kept). */
  ruleIds: z.array(z.string()).optional(),
}) satisfies z.ZodType<DoseCalculation>;
export type IvDoseCalculation = z.infer<typeof IvDoseCalculationSchema>;

/** Core's `FixedDoseCalculation` (IM, oral/sublingual) as the order recorded it, with the protocol version and rules behind it. */
export const FixedDoseCalculationSchema = z.object({
  route: z.enum(['IM', 'SL']),
  inputs: z.object({
    route: z.enum(['IM', 'SL']),
    doseMg: z.number(),
    weightKg: z.number(),
    weightMeasuredOn: z.string().optional(),
    vialMgPerMl: z.number().optional(),
    form: /* @__PURE__ */ SublingualFormSchema.optional(),
    strengthMg: z.number().optional(),
    asOf: z.string().optional(),
  }),
  doseMg: z.number(),
  mgPerKg: z.number(),
  /** IM: mL drawn from the vial. */
  drawnVolumeMl: z.number().optional(),
  /** Oral/sublingual: how many troches, tablets or films, or mL of solution. */
  amount: z.object({ value: z.number(), per: z.string() }).optional(),
  weightAgeDays: z.number().optional(),
  doubleCheckRequired: z.boolean(),
  limits: z.object({
    maximumMgPerKg: z.number(),
    weightKg: z.object({ min: z.number(), max: z.number() }),
    weightMaxAgeDays: z.number(),
  }),
  protocolVersion: z.number().int(),
  ruleIds: z.array(z.string()),
}) satisfies z.ZodType<FixedDoseCalculation>;
export type FixedDoseOrderCalculation = z.infer<typeof FixedDoseCalculationSchema>;

/** A dose order's calculation: an IV dose (core's calculator) or a dose entered in mg (IM, oral/sublingual). */
export const SessionDoseCalculationSchema = z.union([IvDoseCalculationSchema, FixedDoseCalculationSchema]);
export type SessionDoseCalculation = z.infer<typeof SessionDoseCalculationSchema>;

/** The route of a recorded calculation (orders recorded before routes were IV). */
export const routeOfCalculation = (c: SessionDoseCalculation): DosingRoute => c.route ?? 'IV';

/** The IV calculation, or undefined when the dose is given by another route. */
export const ivCalculation = (c: SessionDoseCalculation | undefined | null): IvDoseCalculation | undefined =>
  c !== undefined && c !== null && (c.route === undefined || c.route === 'IV') ? c : undefined;

/** The latest dose order and its independent double check. */
export const SessionDoseOrderSchema = z.object({
  id: z.uuid(),
  /** A user id. */
  orderedBy: z.uuid(),
  orderedAt: IsoInstant,
  calculation: SessionDoseCalculationSchema,
  doubleCheckedBy: z.uuid().nullable(),
  doubleCheckedAt: /* @__PURE__ */ IsoInstant.nullable(),
});
export type SessionDoseOrder = z.infer<typeof SessionDoseOrderSchema>;

const pumpEvent = { at: IsoInstant, rateMlPerHour: z.number().nullable(), reason: z.string().nullable() };
/**
 * A pump event, with what each kind records (`approvedBy`: the prescriber who allowed it, a user
 * id). Events recorded before migration 0010 carry no details: hence the optional fields.
 */
export const SessionInfusionEventSchema = pureSchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('start'), ...pumpEvent, details: z.object({}) }),
    /** `vitalSign`: a pause for vital signs (recommended, or after a pause-level reading), resumed by a nurse only once the vitals are back. */
    z.object({ kind: z.literal('pause'), ...pumpEvent, details: z.object({ vitalSign: z.boolean().optional() }) }),
    z.object({ kind: z.literal('resume'), ...pumpEvent, details: z.object({ approvedBy: z.uuid().optional() }) }),
    z.object({
      kind: z.literal('rate'),
      ...pumpEvent,
      details: z.object({
        orderedRateMlPerHour: z.number().optional(),
        deviationPercent: z.number().optional(),
        withinTolerance: z.boolean().optional(),
        approvedBy: z.uuid().optional(),
      }),
    }),
    z.object({ kind: z.literal('stop'), ...pumpEvent, details: z.object({}) }),
    /** A stop entered late, corrected to `at`; the recorded one is kept (`originalAt`). */
    z.object({ kind: z.literal('stop-corrected'), ...pumpEvent, details: z.object({ originalAt: IsoInstant }) }),
  ]),
);
export type SessionInfusionEvent = z.infer<typeof SessionInfusionEventSchema>;

/** Why the infusion is paused, and whether the nurse may resume it. */
export const SessionPauseStatusSchema = z.object({
  /** Paused for vital signs (a recommended pause, or after a pause-level reading). */
  vitalSign: z.boolean(),
  /** False: a prescriber resumes it (their screen, or their step-up proof of `pause.resume`) with a reason. */
  resumeOpenToNurse: z.boolean(),
  /** Plain words. */
  why: z.string(),
});
export type SessionPauseStatus = z.infer<typeof SessionPauseStatusSchema>;

/** The pump's course at the view's time (running minutes exclude pauses; the volume stops at the bag). */
export const SessionInfusionSchema = z.object({
  events: z.array(SessionInfusionEventSchema),
  infusedMl: z.number(),
  bagTotalMl: z.number().nullable(),
  orderedRateMlPerHour: z.number().nullable(),
  /** 0 while paused or stopped. */
  currentRateMlPerHour: z.number(),
  /** Beyond this % of the ordered rate a change needs a prescriber. */
  tolerancePercent: z.number(),
  concentrationMgPerMl: z.number().nullable(),
  infusedMg: z.number(),
  orderedMg: z.number().nullable(),
  runningMinutes: z.number(),
  plannedMinutes: z.number(),
  /** While running: when the planned minutes will be reached at this pace. */
  plannedEndAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** When the running minutes reached the planned minutes, if they did. */
  plannedMinutesReachedAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** When the infused volume reached the bag total, if it did. */
  bagCompleteAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** Null unless paused. */
  pause: /* @__PURE__ */ SessionPauseStatusSchema.nullable(),
});
export type SessionInfusion = z.infer<typeof SessionInfusionSchema>;

/** A medication given at the chair. */
export const SessionMedicationSchema = z.object({
  id: z.uuid(),
  purpose: SessionMedicationPurposeSchema,
  /** The adverse event a treatment belongs to; null for a premedication. */
  adverseEventId: z.uuid().nullable(),
  drug: z.string(),
  dose: z.number(),
  unit: MedicationUnitSchema,
  route: MedicationRouteSchema,
  givenAt: IsoInstant,
  /** A user id, and their name. */
  givenBy: z.uuid(),
  givenByName: z.string(),
});
export type SessionMedication = z.infer<typeof SessionMedicationSchema>;

/** A stored reading (units as core's `VitalsReading`; null: not measured), classified by core in its phase. */
export const SessionReadingSchema = z.object({
  clientId: z.string(),
  measuredAt: IsoInstant,
  systolic: z.number().nullable(),
  diastolic: z.number().nullable(),
  heartRate: z.number().nullable(),
  spo2: z.number().nullable(),
  respiratoryRate: z.number().nullable(),
  moaas: z.number().nullable(),
  /** Degrees Celsius. */
  temperature: z.number().nullable(),
  phase: VitalsPhaseSchema,
  level: z.union([z.literal('normal'), AlertLevelSchema]),
  source: z.enum(['manual', 'device']),
  /** The protocol version it was classified under (null for readings older than that record). */
  protocolVersion: z.number().int().nullable(),
});
export type SessionReading = z.infer<typeof SessionReadingSchema>;

/** The readings a console view carries in full: the latest this many (and every reading that raised an alert). */
export const READINGS_IN_FULL = 100;

/** The most readings one page of `GET /api/sessions/:id/readings` holds. */
export const READINGS_PAGE_MAX = 500;

/**
 * `GET /api/sessions/:id/readings`: a page of a session's readings in full, the latest first
 * page; `before` and `beforeClientId` (both, from the previous page's `older`) page back.
 */
export const SessionReadingsPageQuerySchema = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(READINGS_PAGE_MAX).default(READINGS_IN_FULL),
    before: /* @__PURE__ */ IsoInstant.optional(),
    beforeClientId: z.string().min(1).max(200).optional(),
  })
  .refine((q) => (q.before === undefined) === (q.beforeClientId === undefined), {
    message: 'before and beforeClientId go together (both from the previous page)',
    path: ['beforeClientId'],
  });
export type SessionReadingsPageQuery = z.infer<typeof SessionReadingsPageQuerySchema>;

/** A page of readings, oldest first, and where the page before it starts (null: none older). */
export const SessionReadingsPageSchema = z.object({
  readings: z.array(SessionReadingSchema),
  older: z.object({ before: IsoInstant, beforeClientId: z.string() }).nullable(),
});
export type SessionReadingsPage = z.infer<typeof SessionReadingsPageSchema>;

/** The lowest and highest value of each vital sign within a bucket (null when none was measured). */
const VitalsRangeSchema = z.object({ min: z.number(), max: z.number() }).nullable();

/** Readings of a time bucket summarised: how many, and the range of each vital sign. */
export const SessionReadingsBucketSchema = z.object({
  /** The bucket's start; it ends `bucketSeconds` later. */
  from: IsoInstant,
  count: z.number().int(),
  systolic: VitalsRangeSchema,
  diastolic: VitalsRangeSchema,
  heartRate: VitalsRangeSchema,
  spo2: VitalsRangeSchema,
  respiratoryRate: VitalsRangeSchema,
});
export type SessionReadingsBucket = z.infer<typeof SessionReadingsBucketSchema>;

/**
 * Every reading of the session summarised as the minimum and maximum per time bucket, the bucket
 * chosen so that a whole session gives a few hundred buckets (a console view stays small however
 * long the session).
 */
export const SessionReadingsHistorySchema = z.object({
  /** How many readings the session has in all (more than `readings` holds when older ones are summarised only). */
  total: z.number().int(),
  bucketSeconds: z.number().int(),
  buckets: z.array(SessionReadingsBucketSchema),
});
export type SessionReadingsHistory = z.infer<typeof SessionReadingsHistorySchema>;

/** A CADSS-6 rated at the chair (item scores in CADSS item order 1, 2, 6, 7, 15, 22). */
export const SessionCadss6RatingSchema = z.object({
  id: z.uuid(),
  answers: z.array(z.number()),
  total: z.number().nullable(),
  ratedAt: IsoInstant,
});
export type SessionCadss6Rating = z.infer<typeof SessionCadss6RatingSchema>;

/** One threshold that fired (core's `FiredThreshold`). */
export const FiredThresholdSchema = z.object({
  vital: VitalNameSchema,
  value: z.number(),
  threshold: z.number(),
  comparator: z.enum(['>=', '<=', '<'] as const satisfies readonly ThresholdComparator[]),
  level: AlertLevelSchema,
  /** The protocol parameter, e.g. `vitals.inSession.pause.systolicAtLeast`. */
  parameter: z.string(),
}) satisfies z.ZodType<FiredThreshold>;

const alert = {
  id: z.uuid(),
  level: AlertLevelSchema,
  raisedAt: IsoInstant,
  acknowledgedAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** The acknowledgement's note (a hold's override reason). */
  note: z.string().nullable(),
  /** When an escalation nobody with the authority acknowledged in time went to the prescriber and the medical directors (urgent task and message). */
  escalatedAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** The protocol version the alert was raised under (null for alerts older than that record). */
  protocolVersion: z.number().int().nullable(),
  /** The rules behind it, `id@version`. */
  ruleIds: z.array(z.string()),
  /** When it last demanded attention: raised, worsened or escalated (reminders come every 5 minutes after, while unacknowledged). */
  alertedAt: IsoInstant,
  /** How many 5-minute reminders it has sounded since then. */
  reminders: z.number().int(),
  /** A vital-sign episode: when the parameter was measured within bounds again (null while it goes on). */
  episodeEndedAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** Closed with its session (discharged or aborted): in the record, no longer open. */
  closedAt: /* @__PURE__ */ IsoInstant.nullable(),
};
const VitalValues = z.partialRecord(VitalNameSchema, z.number());
/** A vital-sign episode: one parameter's run of readings past a bound (alerts stored before episodes have none). */
export const AlertEpisodeSchema = z.object({
  /** The parameter and direction: `bloodPressure:high`, `spo2:low`... */
  key: z.string(),
  /** The worst value of each vital of the parameter so far, and when it was measured. */
  worst: z.partialRecord(VitalNameSchema, z.object({ value: z.number(), measuredAt: IsoInstant })),
  last: z.object({ values: VitalValues, measuredAt: IsoInstant, level: AlertLevelSchema }),
  readings: z.number().int(),
  history: z.array(
    z.object({
      at: IsoInstant,
      event: z.enum(['raised', 'worsened', 'escalated', 'acknowledged']),
      /** The reading that raised, worsened or escalated it. */
      measuredAt: /* @__PURE__ */ IsoInstant.optional(),
      values: /* @__PURE__ */ VitalValues.optional(),
      level: /* @__PURE__ */ AlertLevelSchema.optional(),
      by: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
});
export type AlertEpisode = z.infer<typeof AlertEpisodeSchema>;
/** An alert of the session: vital signs by phase, a scheduled recording overdue, or the pump (the planned minutes reached, the ordered bag infused). */
export const SessionAlertSchema = pureSchema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.enum(['vitals:pre-dose', 'vitals:infusing', 'vitals:observing'] as const satisfies readonly `vitals:${VitalsPhase}`[]),
      ...alert,
      /** The reading that raised it (or last worsened or escalated it), and its episode. */
      details: z.object({
        clientId: z.string(),
        measuredAt: IsoInstant,
        fired: z.array(FiredThresholdSchema),
        episode: AlertEpisodeSchema.optional(),
      }),
    }),
    z.object({
      kind: z.literal('overdue'),
      ...alert,
      details: z.object({ itemId: z.string(), item: MonitoringKindSchema, dueAt: IsoInstant }),
    }),
    z.object({
      kind: z.literal('infusion:planned-end'),
      ...alert,
      details: z.object({ plannedMinutes: z.number(), reachedAt: IsoInstant, runningMinutes: z.number() }),
    }),
    z.object({
      kind: z.literal('infusion:bag-complete'),
      ...alert,
      details: z.object({ bagTotalMl: z.number().nullable(), completeAt: IsoInstant }),
    }),
  ]),
);
export type SessionAlert = z.infer<typeof SessionAlertSchema>;
export type SessionAlertKind = SessionAlert['kind'];

/** One scheduled recording (core's `MonitoringItem`). */
export const MonitoringItemSchema = z.object({
  /** Stable within a schedule: `${kind}@${minuteFromStart}`. */
  id: z.string(),
  kind: MonitoringKindSchema,
  dueAt: IsoInstant,
  dueAtMs: z.number(),
  /** Minutes from the infusion's start (fractional when the end is not on a whole minute). */
  minuteFromStart: z.number(),
  reasons: z
    .array(
      z.enum([
        'vitals-during-infusion',
        'vitals-at-minute-after-start',
        'vitals-after-end',
        'moaas-after-start',
        'moaas-at-end',
        'moaas-after-end',
        'cadss6-before-end',
        'vitals-closer-monitoring',
      ] as const satisfies readonly MonitoringReason[]),
    )
    .readonly(),
}) satisfies z.ZodType<MonitoringItem>;

/** A scheduled recording not made in time (core's `OverdueItem`). */
export const OverdueItemSchema = z.object({
  item: MonitoringItemSchema,
  /** Due time plus the overdue window. */
  overdueSince: IsoInstant,
  minutesPastDue: z.number(),
}) satisfies z.ZodType<OverdueItem>;

/** The monitoring schedule once the infusion started: the items due so far, the overdue ones, closer blood-pressure monitoring. */
export const SessionMonitoringSchema = z.object({
  items: z.array(MonitoringItemSchema).readonly(),
  overdue: z.array(OverdueItemSchema).readonly(),
  /** Closer blood-pressure monitoring, with its reasons in plain words (null when not needed). */
  closer: z.object({ reasons: z.array(z.string()), everyMinutes: z.number(), minutesAfterEnd: z.number() }).nullable(),
});
export type SessionMonitoring = z.infer<typeof SessionMonitoringSchema>;

/** Core's `VitalsReading`: any subset of the values. */
const VitalsReadingSchema = z.object({
  systolic: z.number().optional(),
  diastolic: z.number().optional(),
  heartRate: z.number().optional(),
  spo2: z.number().optional(),
  respiratoryRate: z.number().optional(),
  moaas: z.number().optional(),
  temperature: z.number().optional(),
}) satisfies z.ZodType<VitalsReading>;
const FoundFullSetSchema = z.object({ at: IsoInstant, reading: VitalsReadingSchema });

/** One discharge condition (core's `DischargeCondition`). */
export const DischargeConditionSchema = z.object({
  id: z.enum(DISCHARGE_CONDITIONS as [DischargeConditionId, ...DischargeConditionId[]]),
  status: z.enum(['met', 'unmet', 'missing', 'not-applicable'] as const satisfies readonly DischargeConditionStatus[]),
  message: z.string(),
  /** For the time conditions: when it is (or was) met. */
  metAt: /* @__PURE__ */ IsoInstant.optional(),
  /** For a met condition that lapses with time: when it stops being met. */
  expiresAt: /* @__PURE__ */ IsoInstant.optional(),
  /** The protocol parameters behind it (paths). */
  parameters: z.array(z.string()).readonly().optional(),
}) satisfies z.ZodType<DischargeCondition>;

const AldreteItemSchema = z.enum(ALDRETE_ITEMS as [AldreteItem, ...AldreteItem[]]);

/** Discharge readiness while observing (core's `DischargeReadiness`). */
export const SessionDischargeSchema = z.object({
  /** Every condition met or not applicable. */
  ready: z.boolean(),
  conditions: z.array(DischargeConditionSchema).readonly(),
  /** The conditions neither met nor not applicable, in report order. */
  unmet: z.array(DischargeConditionSchema).readonly(),
  /** The earliest time both observation conditions are met (absent while the infusion runs). */
  minimumObservationEndsAt: /* @__PURE__ */ IsoInstant.optional(),
  /** The modified Aldrete as scored (a total only when every item is scored). */
  aldrete: z.object({
    total: z.number().optional(),
    missing: z.array(AldreteItemSchema).readonly(),
    items: z.array(z.object({ item: AldreteItemSchema, score: z.number(), description: z.string() })).readonly(),
  }),
  /** The discharge full set the blood-pressure conditions were judged on. */
  dischargeVitals: /* @__PURE__ */ FoundFullSetSchema.optional(),
  /** The last pre-dose full set it was compared with. */
  preDoseVitals: /* @__PURE__ */ FoundFullSetSchema.optional(),
}) satisfies z.ZodType<DischargeReadiness>;

// ---- answers ----

/** The session console (`GET /api/sessions/:id`), also the answer of every act at the console. */
export const DosingSessionViewSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  eventId: z.uuid(),
  patientId: z.uuid(),
  state: DosingSessionStateSchema,
  /** How the dose is given: the dose order's route (IV until a dose is ordered). */
  route: DosingRouteSchema,
  /** The steps allowed from this state (by route: without an infusion there is no pause, resume or stop). */
  allowed: z.array(DosingSessionStepSchema),
  protocolVersion: z.number().int(),
  protocol: SessionProtocolSchema,
  pauseRecommended: z.boolean(),
  /** When the infusion started, or the dose was given (IM, oral/sublingual). */
  infusionStartedAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** When the infusion stopped; for IM and oral/sublingual the time the dose was given. */
  infusionEndedAt: /* @__PURE__ */ IsoInstant.nullable(),
  checklist: SessionChecklistSchema,
  doseOrder: /* @__PURE__ */ SessionDoseOrderSchema.nullable(),
  infusion: SessionInfusionSchema,
  /** Medications given at the chair (premedication, treatments of adverse events). */
  medications: z.array(SessionMedicationSchema),
  /**
   * The latest readings in full (at most `READINGS_IN_FULL`) and every reading that raised an
   * alert, oldest first; older readings are in `history` only (`history.total` counts them all).
   */
  readings: z.array(SessionReadingSchema),
  history: SessionReadingsHistorySchema,
  cadss6: z.array(SessionCadss6RatingSchema),
  alerts: z.array(SessionAlertSchema),
  /** Null before the infusion starts. */
  monitoring: /* @__PURE__ */ SessionMonitoringSchema.nullable(),
  /** The adult taking the patient home, confirmed at discharge. */
  dischargeEscort: z.object({ name: z.string(), at: IsoInstant }).nullable(),
  /** Null unless observing. */
  discharge: /* @__PURE__ */ SessionDischargeSchema.nullable(),
  /** The medical director's overrides of a lapsed credential for this session (issue 28), oldest first. */
  credentialOverrides: z.array(CredentialOverrideViewSchema),
});
export type DosingSessionView = z.infer<typeof DosingSessionViewSchema>;

/** One session on the Today board. */
export const DosingBoardItemSchema = z.object({
  sessionId: z.uuid(),
  /** The scheduled dosing event the session belongs to (the schedule and My day name events). */
  eventId: z.uuid(),
  chair: z.object({ id: z.uuid(), name: z.string(), room: z.string() }).nullable(),
  /** Named for the patient's care team and site-wide roles; initials (no id, no MRN) for others. */
  patient: z.object({ id: z.uuid().nullable(), name: z.string(), mrn: z.string().nullable() }),
  staff: z.array(z.object({ userId: z.uuid(), name: z.string(), role: ProgramRoleSchema, startsAt: IsoInstant, endsAt: IsoInstant })),
  startsAt: IsoInstant,
  state: DosingSessionStateSchema,
  /** How the dose is given (IV until a dose is ordered). */
  route: DosingRouteSchema,
  pauseRecommended: z.boolean(),
  minutesSinceStart: z.number().int().nullable(),
  /** When the infusion started (null before): the board counts the minutes since from it. */
  infusionStartedAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** The latest reading with a blood pressure. */
  latestVitals: /* @__PURE__ */ SessionReadingSchema.nullable(),
  openAlerts: z.array(SessionAlertSchema),
  overdue: z.array(OverdueItemSchema).readonly(),
  /** Before the start: what holds the infusion, in plain words. */
  holds: z.array(z.string()),
  /** A session of an earlier day begun and still open (not discharged or aborted): shown first, with its age. */
  fromEarlierDay: z.boolean(),
  /** Overdue by the protocol's rule (infusing 30 min past its planned time, observing 6 h after the infusion), flagged to the medical director. */
  overdueSession: z.object({ reason: z.string(), minutesOver: z.number().int() }).nullable(),
});
export type DosingBoardItem = z.infer<typeof DosingBoardItemSchema>;

export const DosingBoardSchema = itemsOf(DosingBoardItemSchema);
export type DosingBoard = z.infer<typeof DosingBoardSchema>;

/** A protocol parameter a refusal names: its value, unit and provenance. */
export const SessionParameterRefSchema = z.object({
  parameter: z.string(),
  value: ProtocolParamValueSchema,
  unit: z.string(),
  provenance: ProvenanceSchema,
});
export type SessionParameterRef = z.infer<typeof SessionParameterRefSchema>;

/** A reading of a batch that was not stored, by its index in the batch, each problem with its field. */
export const RefusedReadingSchema = z.object({
  index: z.number().int(),
  clientId: z.string().nullable(),
  issues: z.array(
    z.object({
      field: z.string(),
      message: z.string(),
      rule: z.string().optional(),
      parameter: /* @__PURE__ */ SessionParameterRefSchema.optional(),
    }),
  ),
});
export type RefusedReading = z.infer<typeof RefusedReadingSchema>;

/** What a batch of readings did: stored, already stored (same client id), refused. */
export const SessionReadingsResultSchema = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  refused: z.array(RefusedReadingSchema),
});
export type SessionReadingsResult = z.infer<typeof SessionReadingsResultSchema>;

/**
 * `POST /api/adverse-events/:id/corrections`: a licensed clinician (a prescriber or the medical
 * director) corrects the kind, severity, onset or resolution time, also after the review, with a
 * reason; fields left out keep their value. `correctionsSeen` is the number of corrections the
 * corrector saw (a correction made meanwhile is a 409: look again).
 */
export const AdverseEventCorrectionBodySchema = z.strictObject({
  kind: /* @__PURE__ */ AdverseEventKindSchema.optional(),
  /** Required when the kind becomes `other` without a description. */
  description: z.string().trim().min(2).max(2000).optional(),
  severity: /* @__PURE__ */ AdverseEventSeveritySchema.optional(),
  occurredAt: /* @__PURE__ */ IsoInstant.optional(),
  /** When it resolved; null: not resolved (yet). */
  resolvedAt: /* @__PURE__ */ IsoInstant.nullable().optional(),
  reason: Reason,
  correctionsSeen: z.number().int().min(0).max(10_000),
});
export type AdverseEventCorrectionBody = z.infer<typeof AdverseEventCorrectionBodySchema>;

/** `POST /api/sessions/:id/medications`: the administration's id. */
export const SessionMedicationCreatedSchema = z.object({ id: z.uuid() });
export type SessionMedicationCreated = z.infer<typeof SessionMedicationCreatedSchema>;

/** A medication given to treat an adverse event, as listed with it. */
export const AdverseEventTreatmentSchema = /* @__PURE__ */ SessionMedicationSchema.pick({
  id: true,
  drug: true,
  dose: true,
  unit: true,
  route: true,
  givenAt: true,
  givenByName: true,
});
export type AdverseEventTreatment = z.infer<typeof AdverseEventTreatmentSchema>;

/** An adverse event of a session (names, not ids, of who reported and reviewed it). */
export const AdverseEventSchema = z.object({
  id: z.uuid(),
  kind: AdverseEventKindSchema,
  description: z.string().nullable(),
  severity: AdverseEventSeveritySchema,
  serious: z.boolean(),
  occurredAt: IsoInstant,
  /** When it resolved, once recorded (by a correction). */
  resolvedAt: /* @__PURE__ */ IsoInstant.nullable(),
  actionTaken: z.string(),
  reportedBy: z.string(),
  reviewedAt: /* @__PURE__ */ IsoInstant.nullable(),
  reviewedBy: z.string().nullable(),
  reviewNote: z.string().nullable(),
  treatments: z.array(AdverseEventTreatmentSchema),
  /** Every correction, oldest first (the first one's `before` values are as reported). */
  corrections: z.array(RecordCorrectionSchema),
});
export type AdverseEvent = z.infer<typeof AdverseEventSchema>;

export const AdverseEventListSchema = itemsOf(AdverseEventSchema);
export type AdverseEventList = z.infer<typeof AdverseEventListSchema>;

/** `POST /api/sessions/:id/adverse-events`. */
export const AdverseEventCreatedSchema = z.object({ id: z.uuid(), siteId: z.uuid(), serious: z.boolean() });
export type AdverseEventCreated = z.infer<typeof AdverseEventCreatedSchema>;

/** A serious adverse event waiting for the medical director's review. */
export const QueuedAdverseEventSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  kind: AdverseEventKindSchema,
  description: z.string().nullable(),
  severity: AdverseEventSeveritySchema,
  occurredAt: IsoInstant,
  actionTaken: z.string(),
  /** A name. */
  reportedBy: z.string(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
});
export type QueuedAdverseEvent = z.infer<typeof QueuedAdverseEventSchema>;

export const AdverseEventReviewQueueSchema = itemsOf(QueuedAdverseEventSchema);
export type AdverseEventReviewQueue = z.infer<typeof AdverseEventReviewQueueSchema>;

/** A device token as listed (never the token itself). */
export const DeviceTokenSchema = z.object({
  /** 16 hex digits of the token's hash. */
  id: z.string(),
  name: z.string(),
  siteId: z.uuid(),
  /** What it may do: post vital signs. */
  scope: z.literal('vitals'),
  createdAt: IsoInstant,
  revokedAt: /* @__PURE__ */ IsoInstant.nullable(),
});
export type DeviceToken = z.infer<typeof DeviceTokenSchema>;

export const DeviceTokenListSchema = itemsOf(DeviceTokenSchema);
export type DeviceTokenList = z.infer<typeof DeviceTokenListSchema>;

/** `POST /api/device-tokens`: the token, shown this once (stored hashed). */
export const DeviceTokenCreatedSchema = /* @__PURE__ */ DeviceTokenSchema.pick({ id: true, name: true, siteId: true, scope: true }).extend({
  token: z.string(),
});
export type DeviceTokenCreated = z.infer<typeof DeviceTokenCreatedSchema>;
