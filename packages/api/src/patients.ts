/**
 * Patients: search, create, read, change (`/api/patients`). Ordinary access follows the care
 * team; medical directors and coordinators work site-wide. Every read and write is audited.
 *
 * @module
 */
import { isIsoDate } from '@kairos/core';
import { z } from 'zod';
import { pureSchema } from './common.js';
import { RoleSchema } from './users.js';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const SexSchema = z.enum(SEXES);
export type Sex = z.infer<typeof SexSchema>;

/** The roles of a patient's care team (each role held by at most one person). */
export const CareTeamRoleSchema = /* @__PURE__ */ RoleSchema.extract(['prescriber', 'therapist', 'nurse']);
export type CareTeamRole = z.infer<typeof CareTeamRoleSchema>;
export const CARE_TEAM_ROLES = CareTeamRoleSchema.options;

/** `/api/patients/:id` (and every route under it): the patient's id. */
export const PatientIdParamsSchema = z.strictObject({ id: z.uuid('a patient id (UUID)') });
export type PatientIdParams = z.infer<typeof PatientIdParamsSchema>;

const PatientFields = {
  mrn: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes only'),
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  birthDate: z.iso.date('a date as YYYY-MM-DD'),
  sex: SexSchema,
  phone: z.string().trim().max(40).nullable(),
  email: z.email().max(320).nullable(),
  /** Postal address, as one text (the controlled-substance records print it). */
  address: z.string().trim().min(1, 'required when given').max(500, 'at most 500 characters').nullable(),
};

/** `POST /api/patients`: the patient at the actor's site, with a care team if given (sex defaults to `unknown`). */
export const PatientCreateBodySchema = pureSchema(() =>
  z.strictObject({
    ...PatientFields,
    sex: /* @__PURE__ */ PatientFields.sex.optional(),
    phone: /* @__PURE__ */ PatientFields.phone.optional(),
    email: /* @__PURE__ */ PatientFields.email.optional(),
    address: /* @__PURE__ */ PatientFields.address.optional(),
    careTeam: z
      .array(z.strictObject({ role: CareTeamRoleSchema, userId: z.uuid() }))
      .max(10)
      .optional(),
  }),
);
export type PatientCreateBody = z.infer<typeof PatientCreateBodySchema>;

/** `PATCH /api/patients/:id`: the fields to change (at least one); `null` clears phone, email or address. */
export const PatientUpdateBodySchema = pureSchema(() =>
  z
    .strictObject({ ...PatientFields })
    .partial()
    .refine((b) => Object.keys(b).length > 0, 'give at least one field to change'),
);
export type PatientUpdateBody = z.infer<typeof PatientUpdateBodySchema>;

/** `GET /api/patients`: by name, MRN or date of birth (`YYYY-MM-DD`), a page at a time. */
/** A search text shaped like a date (YYYY-MM-DD) searches by date of birth, so it must be a real date. */
const looksLikeDate = /^\s*\d{4}-\d{2}-\d{2}\s*$/;
export const PatientSearchQuerySchema = z.strictObject({
  q: z
    .string()
    .max(100)
    .refine((v) => !looksLikeDate.test(v) || isIsoDate(v.trim()), 'is shaped like a date (YYYY-MM-DD) but is not a date')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PatientSearchQuery = z.infer<typeof PatientSearchQuerySchema>;

/** One person of a patient's care team. */
export const CareTeamMemberSchema = z.object({ role: CareTeamRoleSchema, userId: z.uuid(), displayName: z.string() });
export type CareTeamMember = z.infer<typeof CareTeamMemberSchema>;

/** A patient with the care team. */
export const PatientSchema = z.object({
  id: z.uuid(),
  /** Unique at the patient's site. */
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.iso.date(),
  sex: SexSchema,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  /** A demo record: every demo patient is. */
  synthetic: z.boolean(),
  careTeam: z.array(CareTeamMemberSchema),
});
export type Patient = z.infer<typeof PatientSchema>;

/** A patient in a search result. */
export const PatientSummarySchema = /* @__PURE__ */ PatientSchema.pick({
  id: true,
  mrn: true,
  givenName: true,
  familyName: true,
  birthDate: true,
  synthetic: true,
});
export type PatientSummary = z.infer<typeof PatientSummarySchema>;

/** `GET /api/patients`: one page, and how many match in all (only patients the actor may see). */
export const PatientSearchResultSchema = z.object({ items: z.array(PatientSummarySchema), total: z.number().int() });
export type PatientSearchResult = z.infer<typeof PatientSearchResultSchema>;
