/**
 * Referral details (issue 22, Must 3): where a referral (an enrollment) came from, who referred the
 * patient and why, and the documents that came with it (a referral letter, a scanned form).
 * Coordinators and medical directors keep them (`referrals.manage`); the care team reads them.
 *
 * @module
 */
import { z } from 'zod';
import { IsoDate, IsoInstant, itemsOf } from './common.js';

// ---- limits ----

/**
 * System limits of referrals (not clinical numbers): a document's size (10 MB: a scanned letter of
 * a few pages), its name's length, the documents one referral holds, and the reason's length.
 */
export const REFERRAL_LIMITS = {
  documentMaxBytes: 10 * 1024 * 1024,
  fileNameChars: 120,
  documentsPerReferral: 50,
  reasonChars: 2000,
} as const;

/** The base64 length of the largest document (4 characters for every 3 bytes, padded). */
export const REFERRAL_DOCUMENT_MAX_BASE64_CHARS = /* @__PURE__ */ Math.ceil(REFERRAL_LIMITS.documentMaxBytes / 3) * 4;

/** The kinds of document a referral accepts, told by their first bytes (never by their name). */
export const REFERRAL_DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const ReferralDocumentMediaTypeSchema = z.enum(REFERRAL_DOCUMENT_MEDIA_TYPES);
export type ReferralDocumentMediaType = z.infer<typeof ReferralDocumentMediaTypeSchema>;

// ---- details ----

/**
 * Where a referral came from: the patient themself, a clinician, another clinic or program, an
 * insurer or employee assistance program, or anything else.
 */
export const REFERRAL_SOURCES = ['self', 'clinician', 'clinic-or-program', 'insurer-or-employer', 'other'] as const;
export const ReferralSourceSchema = z.enum(REFERRAL_SOURCES);
export type ReferralSource = z.infer<typeof ReferralSourceSchema>;

/** The referring clinician: every part optional (a clinician source needs the name). */
export const ReferringClinicianBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  organisation: z.string().trim().min(1).max(200).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  email: z.email('an email address').max(320).optional(),
});
export type ReferringClinicianBody = z.infer<typeof ReferringClinicianBodySchema>;

/**
 * The details of a referral, each optional; a referral from a clinician names the clinician.
 * `PUT /api/enrollments/:id/referral` replaces them (a field left out is no longer recorded);
 * `POST /api/patients/:id/enrollments` takes them as `referral`.
 */
export const ReferralDetailsBodySchema = z
  .strictObject({
    source: /* @__PURE__ */ ReferralSourceSchema.optional(),
    clinician: /* @__PURE__ */ ReferringClinicianBodySchema.optional(),
    reason: z.string().trim().min(1).max(REFERRAL_LIMITS.reasonChars).optional(),
    receivedOn: /* @__PURE__ */ IsoDate.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.source === 'clinician' && v.clinician?.name === undefined)
      ctx.addIssue({ code: 'custom', path: ['clinician', 'name'], message: 'a referral from a clinician needs the clinician’s name' });
  });
export type ReferralDetailsBody = z.infer<typeof ReferralDetailsBodySchema>;

/** The referring clinician as stored: a part not given is null. */
export const ReferringClinicianSchema = z.object({
  name: z.string().nullable(),
  organisation: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});
export type ReferringClinician = z.infer<typeof ReferringClinicianSchema>;

/** The stored details: a part not recorded is null; who last changed them, and when. */
export const ReferralDetailsSchema = z.object({
  source: /* @__PURE__ */ ReferralSourceSchema.nullable(),
  clinician: ReferringClinicianSchema,
  reason: z.string().nullable(),
  receivedOn: /* @__PURE__ */ IsoDate.nullable(),
  updatedAt: IsoInstant,
  /** The name of who last changed them; null when no user did. */
  updatedBy: z.string().nullable(),
});
export type ReferralDetails = z.infer<typeof ReferralDetailsSchema>;

// ---- documents ----

/** `/api/enrollments/:id/referral/documents/:documentId`. */
export const ReferralDocumentParamsSchema = z.strictObject({
  id: z.uuid('an enrollment id (UUID)'),
  documentId: z.uuid('a document id (UUID)'),
});
export type ReferralDocumentParams = z.infer<typeof ReferralDocumentParamsSchema>;

/** Characters a document's name may not hold: path separators, reserved characters and control characters. */
const FILE_NAME_FORBIDDEN = /[/\\:*?"<>|\p{Cc}\p{Cf}]/u;

/**
 * A document's name as the person's computer knew it: a plain name, no folders, no characters a
 * file system or a spreadsheet would read as more than a name (a leading `=`, `+`, `-` or `@` is a
 * formula in a spreadsheet). The server works out the document's kind from its bytes.
 */
export const ReferralDocumentFileName = z
  .string()
  .trim()
  .min(1)
  .max(REFERRAL_LIMITS.fileNameChars)
  .refine((s) => !FILE_NAME_FORBIDDEN.test(s), 'a plain file name: no folders, no / \\ : * ? " < > | or control characters')
  .refine((s) => !/^[=+\-@]/.test(s), 'must not start with =, +, - or @')
  .refine((s) => !/^\.+$/.test(s), 'a file name, not dots');

/**
 * `POST /api/enrollments/:id/referral/documents`: the document as base64 (the API speaks JSON).
 * A PDF, PNG or JPEG by its first bytes, not empty, at most `REFERRAL_LIMITS.documentMaxBytes`.
 */
export const ReferralDocumentUploadBodySchema = z.strictObject({
  fileName: ReferralDocumentFileName,
  content: z.base64('the document’s bytes in base64').max(REFERRAL_DOCUMENT_MAX_BASE64_CHARS, 'larger than the 10 MB limit'),
});
export type ReferralDocumentUploadBody = z.infer<typeof ReferralDocumentUploadBodySchema>;

/** A referral document (its bytes are downloaded on their own). */
export const ReferralDocumentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mediaType: ReferralDocumentMediaTypeSchema,
  sizeBytes: z.number().int(),
  uploadedAt: IsoInstant,
  /** The uploader's name; null when the account is gone. */
  uploadedBy: z.string().nullable(),
});
export type ReferralDocument = z.infer<typeof ReferralDocumentSchema>;
export const ReferralDocumentListSchema = itemsOf(ReferralDocumentSchema);
export type ReferralDocumentList = z.infer<typeof ReferralDocumentListSchema>;

/** `GET /api/enrollments/:id/referral`: the details (null: none recorded) and the documents, oldest first. */
export const ReferralSchema = z.object({
  enrollmentId: z.uuid(),
  details: /* @__PURE__ */ ReferralDetailsSchema.nullable(),
  documents: z.array(ReferralDocumentSchema),
});
export type Referral = z.infer<typeof ReferralSchema>;
