/**
 * Intake: the reference lists (conditions, programs), a patient's clinical details (escort,
 * diagnoses, conditions, allergies, medications with their interaction flags, vitals), enrollments
 * and their states, the consent signed on a clinic tablet, and portal links.
 *
 * @module
 */
import {
  CONDITION_CODES,
  ENROLLMENT_STATES,
  INTERACTION_SEVERITIES,
  MATCHED_INTERACTION_CLASSES,
  MONITORING_CONDITION_CODES,
  ProvenanceSchema,
  type InteractionClass,
  type Provenance,
} from '@kairos/core';
import { z } from 'zod';
import { IsoInstant, itemsOf, pureSchema, Reason } from './common.js';
import { ReferralDetailsBodySchema } from './referrals.js';

// ---- enrollment states ----

/** Where an enrollment stands: core's state machine's states (`ENROLLMENT_STATES`). */
export { ENROLLMENT_STATES };
export const EnrollmentStateSchema = z.enum(ENROLLMENT_STATES);
export type EnrollmentState = z.infer<typeof EnrollmentStateSchema>;

/** Open enrollments: a change of the patient's facts recomputes their screening, and the screening form may be saved. */
export const ACTIVE_ENROLLMENT_STATES = [
  'referred',
  'screening',
  'eligible',
  'scheduled',
  'in-treatment',
  'follow-up',
] as const satisfies readonly EnrollmentState[];

/** Enrollments cleared by an eligible decision: a screening that gets worse puts them on review hold. */
export const CLEARED_ENROLLMENT_STATES = [
  'eligible',
  'scheduled',
  'in-treatment',
  'follow-up',
] as const satisfies readonly EnrollmentState[];

// ---- params ----

/** `/api/enrollments/:id/...`: the enrollment's id. */
export const EnrollmentIdParamsSchema = z.strictObject({ id: z.uuid('an enrollment id (UUID)') });
export type EnrollmentIdParams = z.infer<typeof EnrollmentIdParamsSchema>;

/** `DELETE /api/patients/:id/facts/:factId`. */
export const PatientFactParamsSchema = z.strictObject({ id: z.uuid(), factId: z.uuid() });
export type PatientFactParams = z.infer<typeof PatientFactParamsSchema>;

// ---- reference lists ----

/** A condition a patient may have recorded: core's contraindications, then the conditions that only change monitoring. */
export const PatientConditionCodeSchema = pureSchema(() => z.enum([...CONDITION_CODES, ...MONITORING_CONDITION_CODES]));
export type PatientConditionCode = z.infer<typeof PatientConditionCodeSchema>;

/** `GET /api/reference/conditions`: one condition code. */
export const ConditionRefSchema = z.object({
  code: PatientConditionCodeSchema,
  title: z.string(),
  /** An absolute contraindication (a failed check only a medical director overrides); false: ineligible only when severe, or not a contraindication. */
  absolute: z.boolean(),
  /** False: no contraindication, the condition only asks for closer blood-pressure monitoring at dosing sessions. */
  contraindication: z.boolean(),
  /** The ICD-10-CM codes a coder may use for it, with their text (a site default for review). */
  icd10cm: z.array(z.object({ code: z.string(), text: z.string() })),
});
export type ConditionRef = z.infer<typeof ConditionRefSchema>;
export const ConditionRefListSchema = itemsOf(ConditionRefSchema);
export type ConditionRefList = z.infer<typeof ConditionRefListSchema>;

/** `GET /api/reference/programs`: a program template. */
export const ProgramRefSchema = z.object({ id: z.string(), title: z.string() });
export type ProgramRef = z.infer<typeof ProgramRefSchema>;
export const ProgramRefListSchema = itemsOf(ProgramRefSchema);
export type ProgramRefList = z.infer<typeof ProgramRefListSchema>;

// ---- patient details: facts ----

export const ALLERGY_TYPES = ['allergy', 'intolerance'] as const;
export const AllergyTypeSchema = z.enum(ALLERGY_TYPES);
export type AllergyType = z.infer<typeof AllergyTypeSchema>;

/** A diagnosis to record: an ICD-10-CM code (upper case, e.g. F43.10), and its words. */
export const DiagnosisDataBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/, 'an ICD-10-CM code such as F43.12'),
  display: z.string().trim().max(200).optional(),
});
export type DiagnosisDataBody = z.infer<typeof DiagnosisDataBodySchema>;

/** `POST /api/patients/:id/facts`: a diagnosis (ICD-10-CM), a condition, an allergy or a medication. */
export const PatientFactBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('diagnosis'), data: DiagnosisDataBodySchema }),
  z.strictObject({
    kind: z.literal('condition'),
    data: z.strictObject({ code: PatientConditionCodeSchema, severe: z.boolean().default(false) }),
  }),
  z.strictObject({
    kind: z.literal('allergy'),
    data: z.strictObject({
      substance: z.string().trim().min(1).max(200),
      reaction: z.string().trim().max(200).optional(),
      type: /* @__PURE__ */ AllergyTypeSchema.default('allergy'),
    }),
  }),
  z.strictObject({
    kind: z.literal('medication'),
    data: z.strictObject({
      name: z.string().trim().min(1).max(200),
      dailyDoseMg: z.number().positive().max(100_000).optional(),
      rxcui: z
        .string()
        .regex(/^\d{1,10}$/)
        .optional(),
    }),
  }),
]);
/** A fact as the server stores it (defaults applied). */
export type PatientFactBody = z.infer<typeof PatientFactBodySchema>;
export type PatientFactKind = PatientFactBody['kind'];

/** `DELETE /api/patients/:id/facts/:factId`: the entry is retired (kept in history) with the reason. */
export const PatientFactRetireBodySchema = z.strictObject({ reason: Reason });
export type PatientFactRetireBody = z.infer<typeof PatientFactRetireBodySchema>;

const factFields = {
  id: z.uuid(),
  recordedAt: IsoInstant,
  /** The recorder's name; null when no user recorded it. */
  recordedBy: z.string().nullable(),
};

export const DiagnosisFactSchema = pureSchema(() =>
  z.object({ ...factFields, kind: z.literal('diagnosis'), data: z.object({ code: z.string(), display: z.string().optional() }) }),
);
export type DiagnosisFact = z.infer<typeof DiagnosisFactSchema>;

/** `severe` is absent on conditions recorded without it (the demo's): not severe. */
export const ConditionFactSchema = pureSchema(() =>
  z.object({
    ...factFields,
    kind: z.literal('condition'),
    data: z.object({ code: PatientConditionCodeSchema, severe: z.boolean().optional() }),
  }),
);
export type ConditionFact = z.infer<typeof ConditionFactSchema>;

/** `type` is absent on allergies recorded before it existed: they are allergies. */
export const AllergyFactSchema = pureSchema(() =>
  z.object({
    ...factFields,
    kind: z.literal('allergy'),
    data: z.object({ substance: z.string(), reaction: z.string().optional(), type: /* @__PURE__ */ AllergyTypeSchema.optional() }),
  }),
);
export type AllergyFact = z.infer<typeof AllergyFactSchema>;

export const MedicationFactSchema = pureSchema(() =>
  z.object({
    ...factFields,
    kind: z.literal('medication'),
    data: z.object({ name: z.string(), dailyDoseMg: z.number().optional(), rxcui: z.string().optional() }),
  }),
);
export type MedicationFact = z.infer<typeof MedicationFactSchema>;

/** One recorded entry (`POST /api/patients/:id/facts` answers it, 201). */
export const PatientFactSchema = z.discriminatedUnion('kind', [
  DiagnosisFactSchema,
  ConditionFactSchema,
  AllergyFactSchema,
  MedicationFactSchema,
]);
export type PatientFact = z.infer<typeof PatientFactSchema>;

/** Where a screening rule or an interaction flag comes from: core's `Provenance` list, as core gives it. */
export const RuleSourcesSchema = z.array(ProvenanceSchema as z.ZodType<Provenance, Provenance>).readonly();

/** Every interaction class of core: the matched ones and the computed benzodiazepine load. */
export const InteractionClassSchema = pureSchema(() =>
  z.enum([...MATCHED_INTERACTION_CLASSES, 'benzodiazepine-load'] as const satisfies readonly InteractionClass[]),
);
export const InteractionSeveritySchema = z.enum(INTERACTION_SEVERITIES);

/** An interaction of a medication with ketamine (core's flag): class, severity, what to do, sources. */
export const MedicationInteractionFlagSchema = z.object({
  class: InteractionClassSchema,
  /** `hold-before-session` and `contraindicated` hold screening until overridden. */
  severity: InteractionSeveritySchema,
  message: z.string(),
  sources: RuleSourcesSchema,
});
export type MedicationInteractionFlag = z.infer<typeof MedicationInteractionFlagSchema>;

/** A medication with its interaction flags; `recognised: false`: the interaction table does not know it (check by hand). */
export const PatientMedicationSchema = /* @__PURE__ */ MedicationFactSchema.extend({
  recognised: z.boolean(),
  interactions: z.array(MedicationInteractionFlagSchema),
});
export type PatientMedication = z.infer<typeof PatientMedicationSchema>;

// ---- patient details: vitals, escort ----

/** `POST /api/patients/:id/vitals`: at least one measurement; implausible values are refused naming the field. */
export const PatientVitalsBodySchema = z
  .strictObject({
    measuredAt: z.iso.datetime({ offset: true }),
    weightKg: z.number().min(1).max(400).optional(),
    systolic: z.number().int().min(30).max(300).optional(),
    diastolic: z.number().int().min(10).max(200).optional(),
    heartRate: z.number().int().min(10).max(300).optional(),
    spo2: z.number().int().min(0).max(100).optional(),
    respiratoryRate: z.number().int().min(0).max(80).optional(),
  })
  .refine((v) => Object.keys(v).length > 1, 'give at least one measurement');
export type PatientVitalsBody = z.infer<typeof PatientVitalsBodySchema>;

/** One reading (units: kg, mmHg, /min, %); a value not measured is null. */
export const PatientVitalsSchema = z.object({
  id: z.uuid(),
  measuredAt: IsoInstant,
  weightKg: z.number().nullable(),
  systolic: z.number().int().nullable(),
  diastolic: z.number().int().nullable(),
  heartRate: z.number().int().nullable(),
  spo2: z.number().int().nullable(),
  respiratoryRate: z.number().int().nullable(),
});
export type PatientVitals = z.infer<typeof PatientVitalsSchema>;

/** `PUT /api/patients/:id/escort`: who takes the patient home, and the emergency contact. */
export const EscortBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().min(3).max(40),
  relationship: z.string().trim().min(1).max(100),
});
export type EscortBody = z.infer<typeof EscortBodySchema>;

export const EscortSchema = z.object({ name: z.string(), phone: z.string(), relationship: z.string() });
export type Escort = z.infer<typeof EscortSchema>;

/** `GET /api/patients/:id/details`: active entries oldest first, vitals newest first. */
export const PatientDetailsSchema = z.object({
  escort: /* @__PURE__ */ EscortSchema.nullable(),
  diagnoses: z.array(DiagnosisFactSchema),
  conditions: z.array(ConditionFactSchema),
  allergies: z.array(AllergyFactSchema),
  medications: z.array(PatientMedicationSchema),
  vitals: z.array(PatientVitalsSchema),
});
export type PatientDetails = z.infer<typeof PatientDetailsSchema>;

// ---- enrollments ----

/**
 * `POST /api/patients/:id/enrollments`: refer the patient to a program at a site, with the
 * referral's details if known (recording them needs `referrals.manage`, as editing them does).
 */
export const EnrollmentCreateBodySchema = z.strictObject({
  programTemplate: z.string().min(1).max(50),
  siteId: z.uuid(),
  referral: /* @__PURE__ */ ReferralDetailsBodySchema.optional(),
});
export type EnrollmentCreateBody = z.infer<typeof EnrollmentCreateBodySchema>;

/** `POST /api/enrollments/:id/transitions`: an allowed step; withdrawing, screening again and unscheduling need a reason. */
export const EnrollmentTransitionBodySchema = z.strictObject({ to: EnrollmentStateSchema, reason: z.string().trim().max(2000).optional() });
export type EnrollmentTransitionBody = z.infer<typeof EnrollmentTransitionBodySchema>;

/** `GET /api/enrollments`: by site and state. */
export const EnrollmentSearchQuerySchema = z.strictObject({
  siteId: z.uuid().optional(),
  state: /* @__PURE__ */ EnrollmentStateSchema.optional(),
});
export type EnrollmentSearchQuery = z.infer<typeof EnrollmentSearchQuerySchema>;

/** Whether the enrollment has a signature of its site's current consent version; else the latest earlier one, if any. */
export const EnrollmentConsentSchema = z.object({
  signed: z.boolean(),
  documentVersion: z.number().int().optional(),
  signedAt: /* @__PURE__ */ IsoInstant.optional(),
});
export type EnrollmentConsent = z.infer<typeof EnrollmentConsentSchema>;

/**
 * One step of an enrollment's history (`from` null: created). `by` null: no user (the patient,
 * through the portal, or Kairos following the course: then `rule` and `protocolVersion` are set).
 */
export const EnrollmentStepSchema = z.object({
  from: /* @__PURE__ */ EnrollmentStateSchema.nullable(),
  to: EnrollmentStateSchema,
  at: IsoInstant,
  by: z.string().nullable(),
  reason: z.string().nullable(),
  /** A step Kairos took by itself as the course went on: the rule (`id@version`) it followed, else null. */
  rule: z.string().nullable(),
  /** The protocol version that rule ran under, else null. */
  protocolVersion: z.number().int().nullable(),
});
export type EnrollmentStep = z.infer<typeof EnrollmentStepSchema>;

/** An enrollment: where it stands, what it waits for, the steps it may take (not the decisions), its history and consent. */
export const EnrollmentSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  siteId: z.uuid(),
  programTemplate: z.string(),
  programTitle: z.string(),
  state: EnrollmentStateSchema,
  waitingFor: z.array(z.string()),
  /** The steps a plain transition may take (eligible and ineligible are set by the screening decision). */
  allowed: z.array(EnrollmentStateSchema),
  history: z.array(EnrollmentStepSchema),
  consent: EnrollmentConsentSchema,
});
export type Enrollment = z.infer<typeof EnrollmentSchema>;
export const EnrollmentListSchema = itemsOf(EnrollmentSchema);
export type EnrollmentList = z.infer<typeof EnrollmentListSchema>;

/** `GET /api/enrollments`: an enrollment with its patient's name (only patients the user may see; at most 500). */
export const EnrollmentSearchItemSchema = z.object({
  id: z.uuid(),
  state: EnrollmentStateSchema,
  programTemplate: z.string(),
  siteId: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
});
export type EnrollmentSearchItem = z.infer<typeof EnrollmentSearchItemSchema>;
export const EnrollmentSearchListSchema = itemsOf(EnrollmentSearchItemSchema);
export type EnrollmentSearchList = z.infer<typeof EnrollmentSearchListSchema>;

// ---- consent on a tablet, portal links ----

/** `POST /api/enrollments/:id/consent/tablet`: the patient types their name. */
export const TabletConsentBodySchema = z.strictObject({
  typedName: z.string().trim().min(2).max(200),
  /**
   * A typed name that differs from the name the clinic holds is accepted only with a staff witness:
   * their own step-up proof (purpose `consent.witness-name`) and why the names differ.
   */
  witness: /* @__PURE__ */ z.strictObject({ reason: Reason, stepUpToken: z.string().min(1).max(200) }).optional(),
});

/** The step-up purpose of a staff witness confirming a typed consent name. */
export const CONSENT_WITNESS_PURPOSE = 'consent.witness-name';
export type TabletConsentBody = z.infer<typeof TabletConsentBodySchema>;

/** The signature: when, which version of the site's consent document, and the hash of its text. */
export const ConsentSignatureResultSchema = z.object({ signedAt: IsoInstant, documentVersion: z.number().int(), hash: z.string() });
export type ConsentSignatureResult = z.infer<typeof ConsentSignatureResultSchema>;

/** `POST /api/patients/:id/portal-access`: the link is emailed to a patient with an address unless `send` is false. */
export const PortalLinkCreateBodySchema = z.strictObject({ send: z.boolean().default(true) });
export type PortalLinkCreateBody = z.infer<typeof PortalLinkCreateBodySchema>;

/**
 * Why the link was not emailed: the patient has no address, `send` was false, or (production) the
 * clinic's public address `KAIROS_PUBLIC_URL` is not set, so no whole link could be written: the
 * code is still shown, to hand over.
 */
export const PORTAL_LINK_NOT_SENT_REASONS = ['no-email', 'not-requested', 'no-public-address'] as const;

/** A single-use portal link and 8-character code, shown once (Kairos keeps only hashes), and the email queued with them. */
export const PortalLinkSchema = z.object({
  code: z.string(),
  /** `/portal/enter?token=…`, relative to the server. */
  link: z.string(),
  expiresAt: IsoInstant,
  /** The outbox entry of the email, or null when none was queued. */
  message: z.object({ id: z.uuid(), to: z.string(), state: z.literal('queued') }).nullable(),
  messageNotSent: z.enum(PORTAL_LINK_NOT_SENT_REASONS).nullable(),
});
export type PortalLink = z.infer<typeof PortalLinkSchema>;
