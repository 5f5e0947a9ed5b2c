/**
 * FHIR Bulk Data exports as the web app shows them (issue 25, Must 3): the medical director's own
 * exports at a site, starting one, and the site's setting of how long files are kept. The export
 * itself is FHIR's (`/fhir/R4/$export`, docs/fhir.md); these routes are its page's.
 *
 * @module
 */
import { z } from 'zod';
import { IsoInstant } from './common.js';

export const FHIR_EXPORT_LEVELS = ['system', 'patient', 'group'] as const;
export const FhirExportLevelSchema = z.enum(FHIR_EXPORT_LEVELS);
export type FhirExportLevel = z.infer<typeof FhirExportLevelSchema>;

/** What each level exports, in words. */
export const FHIR_EXPORT_LEVEL_WORDS: Readonly<Record<FhirExportLevel, string>> = {
  system: 'Everything at the site (staff, places, cohorts and every patient’s records)',
  patient: 'Every patient’s records',
  group: 'One cohort’s patients’ records',
};

/** Each exported FHIR type in words (the page shows these; the files keep FHIR's names). */
export const FHIR_TYPE_WORDS: Readonly<Record<string, string>> = {
  Patient: 'Patients',
  Practitioner: 'Staff',
  PractitionerRole: 'Staff roles',
  Organization: 'The clinic',
  Location: 'Rooms and chairs',
  Observation: 'Vital signs, sedation levels and questionnaire scores',
  EpisodeOfCare: 'Enrollments',
  Encounter: 'Program events',
  Group: 'Cohorts',
  Condition: 'Diagnoses and conditions',
  Consent: 'Consents',
  Questionnaire: 'Questionnaires',
  QuestionnaireResponse: 'Questionnaire answers',
  CarePlan: 'Continuing care plans',
  DocumentReference: 'Signed notes',
  MedicationRequest: 'Dose orders',
  MedicationAdministration: 'Ketamine infusions',
  MedicationStatement: 'Home medications',
  AdverseEvent: 'Adverse events',
  Provenance: 'Signatures and double checks',
};

/** A type in words, else its FHIR name. */
export const fhirTypeWords = (type: string): string => FHIR_TYPE_WORDS[type] ?? type;

export const FHIR_EXPORT_STATES = ['in-progress', 'complete', 'failed', 'cancelled', 'expired'] as const;
export const FhirExportStateSchema = z.enum(FHIR_EXPORT_STATES);
export type FhirExportState = z.infer<typeof FhirExportStateSchema>;

/** How long files are kept after an export completes: a site setting, an hour to 7 days. */
export const FHIR_EXPORT_RETENTION_HOURS = { min: 1, max: 168, default: 24 } as const;

/** `POST /api/sites/:id/fhir-exports`: start an export (as the FHIR kick-off would). */
export const FhirExportStartBodySchema = z
  .strictObject({
    level: FhirExportLevelSchema,
    /** The cohort of a `group` export. */
    groupId: z.uuid().optional(),
    /** Resource types (FHIR names); every type the level exports when left out. */
    types: z
      .array(z.string().regex(/^[A-Z][A-Za-z]{1,63}$/, 'a FHIR resource type'))
      .min(1, 'at least one type, or leave it out for every type')
      .max(30)
      .optional(),
    /** Only what changed after this instant. */
    since: /* @__PURE__ */ IsoInstant.optional(),
  })
  .refine((b) => (b.level === 'group') === (b.groupId !== undefined), {
    path: ['groupId'],
    message: 'a cohort export names its cohort, and only a cohort export does',
  });
export type FhirExportStartBody = z.infer<typeof FhirExportStartBodySchema>;

export const FhirExportFileSchema = z.object({
  type: z.string(),
  count: z.number().int(),
  /** The file's URL (the FHIR API's, served to the person who asked only). */
  url: z.string(),
});

export const FhirExportSchema = z.object({
  id: z.uuid(),
  level: FhirExportLevelSchema,
  /** The cohort's words of a `group` export. */
  cohort: z.string().nullable(),
  types: z.array(z.string()),
  since: /* @__PURE__ */ IsoInstant.nullable(),
  state: FhirExportStateSchema,
  /** What is being written (in progress), or why it failed. */
  progress: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: IsoInstant,
  completedAt: /* @__PURE__ */ IsoInstant.nullable(),
  expiresAt: /* @__PURE__ */ IsoInstant.nullable(),
  files: z.array(FhirExportFileSchema),
});
export type FhirExport = z.infer<typeof FhirExportSchema>;

/** `GET /api/sites/:id/fhir-exports`: the setting, the types each level exports, and the person's own exports, newest first (50). */
export const FhirExportListSchema = z.object({
  retentionHours: z.number().int(),
  exportableTypes: z.object({ system: z.array(z.string()), patient: z.array(z.string()) }),
  items: z.array(FhirExportSchema),
});
export type FhirExportList = z.infer<typeof FhirExportListSchema>;

export const FhirExportStartedSchema = z.object({ id: z.uuid(), statusUrl: z.string() });
export type FhirExportStarted = z.infer<typeof FhirExportStartedSchema>;

/** `PUT /api/sites/:id/fhir-export-settings` (the medical director). */
export const FhirExportSettingsBodySchema = z.strictObject({
  retentionHours: z
    .number()
    .int('whole hours')
    .min(FHIR_EXPORT_RETENTION_HOURS.min, `at least ${FHIR_EXPORT_RETENTION_HOURS.min}`)
    .max(FHIR_EXPORT_RETENTION_HOURS.max, `at most ${FHIR_EXPORT_RETENTION_HOURS.max} (7 days)`),
});
export type FhirExportSettingsBody = z.infer<typeof FhirExportSettingsBodySchema>;
