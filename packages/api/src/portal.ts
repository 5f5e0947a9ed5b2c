/**
 * The patient portal: entered with a single-use link token or a short code (its own cookie, never
 * a staff session), the consent to read and sign, the patient's home (schedule, preparation,
 * questionnaires due, crisis resources), questionnaires answered one question at a time with a
 * draft, the private journal, and results when the clinic shows them. The continuing care plan's
 * routes belong to notes (`PortalCarePlanSchema`).
 *
 * @module
 */
import { z } from 'zod';
import { IsoDate, IsoInstant } from './common.js';
import {
  CssrsAnswersBodySchema,
  CssrsAnswersSchema,
  EnterableInstrumentSchema,
  QuestionnaireAnswersBodySchema,
  QuestionnaireFormSchema,
} from './measures.js';
import { ServerModeSchema } from './sign-in.js';

// ---- entering and leaving ----

/** `POST /api/portal/session`: the code the clinic gave (spaces and dashes ignored, any case), or the link's token. */
export const PortalEnterBodySchema = z.union([
  z.strictObject({ code: z.string().trim().min(6).max(20) }),
  z.strictObject({ token: z.string().min(20).max(200) }),
]);
export type PortalEnterBody = z.infer<typeof PortalEnterBodySchema>;

/** `POST /api/portal/session`: who entered (the portal session itself travels in an httpOnly cookie). */
export const PortalSessionSchema = z.object({ patient: z.object({ givenName: z.string() }), mode: ServerModeSchema });
export type PortalSession = z.infer<typeof PortalSessionSchema>;

// ---- consent ----

/** `GET /api/portal/consent`: the site's current consent for the patient's enrollment, and whether it is signed. */
export const PortalConsentSchema = z.object({
  enrollment: z.object({ id: z.uuid(), programTitle: z.string() }),
  document: z.object({ id: z.uuid(), version: z.number().int(), title: z.string(), body: z.string(), hash: z.string() }),
  /** This version's latest signature, or null. */
  signed: z.object({ signedAt: IsoInstant, typedName: z.string() }).nullable(),
});
export type PortalConsent = z.infer<typeof PortalConsentSchema>;

/** `POST /api/portal/consent`: the document shown (a changed document is a 409) and the typed name. Answered with intake's `ConsentSignatureResultSchema`, as on a tablet. */
export const PortalConsentBodySchema = z.strictObject({
  documentId: z.uuid(),
  typedName: z.string().trim().min(2, 'Type your full name to sign.').max(200),
});
export type PortalConsentBody = z.infer<typeof PortalConsentBodySchema>;

// ---- home ----

/** The site's crisis resources, or the general fallback when the site has written none (`written` false). */
export const CrisisResourcesSchema = z.object({ body: z.string(), written: z.boolean() });
export type CrisisResources = z.infer<typeof CrisisResourcesSchema>;

/** An upcoming program event (instants: show them in the site's time zone). */
export const PortalEventSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  programDay: z.number().int(),
  startsAt: IsoInstant,
  endsAt: IsoInstant,
});
export type PortalEvent = z.infer<typeof PortalEventSchema>;

/** A questionnaire due or overdue. */
export const PortalQuestionnaireTaskSchema = z.object({
  /** `<enrollmentId>:<date>:<instrument>` */
  key: z.string(),
  instrument: EnterableInstrumentSchema,
  title: z.string(),
  date: IsoDate,
  dueBy: IsoDate,
  state: z.enum(['due', 'overdue']),
  labels: z.array(z.string()).readonly(),
  /** Questions answered so far (the saved draft). */
  answered: z.number().int(),
});
export type PortalQuestionnaireTask = z.infer<typeof PortalQuestionnaireTaskSchema>;

/** `GET /api/portal/home`: everything the portal's home shows. */
export const PortalHomeSchema = z.object({
  givenName: z.string(),
  site: z.object({ name: z.string(), timeZone: z.string() }),
  /** The site's today. */
  today: IsoDate,
  schedule: z.array(PortalEventSchema),
  /** The site's preparation material for each booked program day that has some. */
  preparation: z.array(z.object({ templateId: z.string(), day: z.number().int(), title: z.string(), body: z.string() })),
  questionnaires: z.array(PortalQuestionnaireTaskSchema),
  crisisResources: CrisisResourcesSchema,
  showResults: z.boolean(),
  /** Once a session is discharged, when the site has written them. */
  dischargeInstructions: z.string().nullable(),
  /** The latest signed continuing care plan. */
  carePlan: z.object({ noteId: z.uuid(), signedAt: /* @__PURE__ */ IsoInstant.nullable() }).nullable(),
  /** The clinic has finalised charges: the patient may download their superbill (`/api/portal/superbill.pdf`). */
  superbill: z.boolean(),
});
export type PortalHome = z.infer<typeof PortalHomeSchema>;

// ---- questionnaires ----

/** `/api/portal/questionnaires/:key`: a task key, `<enrollmentId>:<date>:<instrument>`. */
export const PortalTaskKeyParamsSchema = z.strictObject({
  key: z.string().regex(/^[0-9a-f-]{36}:\d{4}-\d{2}-\d{2}:(pcl5-month|pcl5-week|phq9|gad7|cssrs)$/, 'a questionnaire task key'),
});
export type PortalTaskKeyParams = z.infer<typeof PortalTaskKeyParamsSchema>;

/** `PUT /api/portal/questionnaires/:key/draft`: a scale's item scores so far (null when not answered yet), or the C-SSRS's answers so far. */
export const PortalDraftBodySchema = z.strictObject({
  answers: z.union([z.array(z.number().int().min(0).max(4).nullable()).max(20), z.strictObject({ answers: CssrsAnswersBodySchema })]),
});
export type PortalDraftBody = z.infer<typeof PortalDraftBodySchema>;

/** A saved draft, as the draft route stored it. */
export const PortalDraftAnswersSchema = z.union([z.array(z.number().nullable()), z.object({ answers: CssrsAnswersSchema })]);
export type PortalDraftAnswers = z.infer<typeof PortalDraftAnswersSchema>;

/** `GET /api/portal/questionnaires/:key`: the form (the C-SSRS's form follows the task) and the saved draft. */
export const PortalQuestionnaireSchema = z.object({
  key: z.string(),
  form: QuestionnaireFormSchema,
  draft: /* @__PURE__ */ PortalDraftAnswersSchema.nullable(),
  date: IsoDate,
  dueBy: IsoDate,
});
export type PortalQuestionnaire = z.infer<typeof PortalQuestionnaireSchema>;

/** `POST /api/portal/questionnaires/:key`: the answers (the C-SSRS's form is the task's, whatever is sent). */
export const PortalSubmitBodySchema = z.strictObject({ answers: QuestionnaireAnswersBodySchema });
export type PortalSubmitBody = z.infer<typeof PortalSubmitBodySchema>;

/** `POST /api/portal/questionnaires/:key` (201). */
export const PortalSubmitResultSchema = z.object({
  id: z.uuid(),
  instrument: EnterableInstrumentSchema,
  /** Risk routing flagged the answers: the portal shows crisis resources at once. */
  showCrisisResources: z.boolean(),
  crisisResources: /* @__PURE__ */ CrisisResourcesSchema.nullable(),
  /** On a clinic tablet (kiosk): the last questionnaire due was sent, so the tablet's session ended. */
  sessionEnded: z.boolean().optional(),
});
export type PortalSubmitResult = z.infer<typeof PortalSubmitResultSchema>;

// ---- journal ----

/** `POST /api/portal/journal` (an empty body is refused by the server: "write something first"). */
export const PortalJournalBodySchema = z.strictObject({ body: z.string().max(20000), shared: z.boolean() });
export type PortalJournalBody = z.infer<typeof PortalJournalBodySchema>;

/** `PUT /api/portal/journal/:id/share`. */
export const PortalJournalShareBodySchema = z.strictObject({ shared: z.boolean() });
export type PortalJournalShareBody = z.infer<typeof PortalJournalShareBodySchema>;

// ---- results ----

export const PortalResultPointSchema = z.object({ date: IsoDate, total: z.number() });
export type PortalResultPoint = z.infer<typeof PortalResultPointSchema>;

/** `GET /api/portal/results` (403 when the clinic does not show results). */
export const PortalResultsSchema = z.object({
  pcl5: z.array(PortalResultPointSchema),
  phq9: z.array(PortalResultPointSchema),
  gad7: z.array(PortalResultPointSchema),
  baseline: z.object({ total: z.number(), date: IsoDate }).nullable(),
});
export type PortalResults = z.infer<typeof PortalResultsSchema>;

// ---- the clinic tablet (kiosk) ----

/**
 * `POST /api/patients/:id/kiosk` (staff): hands this device to the patient for the questionnaires
 * due now. The staff member's sign-in on the device ends; the patient's kiosk session opens
 * (an httpOnly cookie) and asks for their date of birth first.
 */
export const KioskStartResultSchema = z.object({ patient: z.object({ givenName: z.string() }), questionnaires: z.number().int() });
export type KioskStartResult = z.infer<typeof KioskStartResultSchema>;

/** `GET /api/portal/kiosk`: what the tablet shows: the date-of-birth question first, then the questionnaires due. */
export const KioskStateSchema = z.object({
  givenName: z.string(),
  site: z.object({ name: z.string() }),
  /** The patient confirmed their date of birth on the tablet. */
  confirmed: z.boolean(),
  /** Tries at the date of birth left before the tablet's session ends. */
  triesLeft: z.number().int(),
  /** The questionnaires due now (empty until the date of birth is confirmed). */
  questionnaires: z.array(PortalQuestionnaireTaskSchema),
  crisisResources: CrisisResourcesSchema,
});
export type KioskState = z.infer<typeof KioskStateSchema>;

/** `POST /api/portal/kiosk/confirm`: the patient's date of birth, typed on the tablet. */
export const KioskConfirmBodySchema = z.strictObject({ birthDate: IsoDate });
export type KioskConfirmBody = z.infer<typeof KioskConfirmBodySchema>;
