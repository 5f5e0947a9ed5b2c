/**
 * Staff credentials (issue 28): each staff member's licences, DEA registrations, ACLS and BLS, each
 * with its expiry and a scanned copy; whether a person may run the infusion, order the dose or be
 * the therapist of a dosing session on a date; and the medical director's override of a lapse.
 * The rules are core's (`checkSessionDuty`); the numbers are protocol-defaults.md's.
 *
 * @module
 */
import { z } from 'zod';
import { CREDENTIAL_KINDS, SESSION_DUTIES, checkDeaNumber, compareIsoDates, isLicenceType, isUsState } from '@kairos/core';
import { IsoDate, IsoInstant, itemsOf, StepUpToken } from './common.js';
import { REFERRAL_DOCUMENT_MAX_BASE64_CHARS, ReferralDocumentFileName, ReferralDocumentMediaTypeSchema } from './referrals.js';

export const CredentialKindSchema = z.enum(CREDENTIAL_KINDS);
export const SessionDutySchema = z.enum(SESSION_DUTIES);

/** The limits of a credential's scanned copy: the referral documents' (a PDF, PNG or JPEG up to 10 MB). */
export const CREDENTIAL_DOCUMENT = { maxBytes: 10 * 1024 * 1024 } as const;

/** The licence types' codes, for the message of a refused one. */
export const LICENCE_TYPE_CODES = 'MD, DO, NP, PA, RN, LPN, PSYCHOLOGIST, LCSW, LPC, LMFT, OTHER';

const LicenceTypeSchema = z.string().refine(isLicenceType, { message: `one of ${LICENCE_TYPE_CODES}` });
const StateCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isUsState, 'a US state’s two-letter postal code (e.g. NY)');

/**
 * `POST /api/users/:id/credentials`: one credential. A licence names its type, state and number; a
 * DEA registration its number (2 letters and 7 digits with a correct check digit) and state; ACLS
 * and BLS their expiry (a card number is optional). The issue date, when given, is on or before the
 * expiry. The scanned copy is optional when recording and may be added later (`PUT .../document`).
 */
export const CredentialBodySchema = z
  .strictObject({
    kind: CredentialKindSchema,
    licenceType: /* @__PURE__ */ LicenceTypeSchema.optional(),
    state: /* @__PURE__ */ StateCode.optional(),
    number: z
      .string()
      .trim()
      .min(1, 'required')
      .max(40, 'at most 40 characters')
      .regex(/^[A-Za-z0-9 .\-/]+$/, 'letters, digits, spaces, dots, dashes and slashes')
      .optional(),
    issuedOn: /* @__PURE__ */ IsoDate.optional(),
    expiresOn: IsoDate,
    document: z
      .strictObject({
        fileName: ReferralDocumentFileName,
        content: z.base64('the document’s bytes in base64').max(REFERRAL_DOCUMENT_MAX_BASE64_CHARS, 'larger than the 10 MB limit'),
      })
      .optional(),
  })
  .superRefine((b, ctx) => {
    const need = (field: 'licenceType' | 'state' | 'number', what: string) => {
      if (b[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `required for ${what}` });
    };
    if (b.kind === 'licence') {
      need('licenceType', 'a licence');
      need('state', 'a licence');
      need('number', 'a licence');
    } else if (b.licenceType !== undefined)
      ctx.addIssue({ code: 'custom', path: ['licenceType'], message: 'only a licence has a licence type' });
    if (b.kind === 'dea') {
      need('state', 'a DEA registration');
      need('number', 'a DEA registration');
      const problem = b.number === undefined ? undefined : checkDeaNumber(b.number.replace(/[\s-]/g, '').toUpperCase());
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['number'], message: problem });
    }
    if ((b.kind === 'acls' || b.kind === 'bls') && b.state !== undefined)
      ctx.addIssue({ code: 'custom', path: ['state'], message: 'ACLS and BLS are not issued per state' });
    if (b.issuedOn !== undefined && compareIsoDates(b.issuedOn, b.expiresOn) > 0)
      ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'the expiry is before the issue date' });
  });
/** As a client sends it (a state in any case), and as the server reads it (upper case, checked). */
export type CredentialBody = z.input<typeof CredentialBodySchema>;
export type ParsedCredentialBody = z.output<typeof CredentialBodySchema>;

/** `PUT /api/credentials/:id/document`: the scanned copy (replaces an earlier one). */
export const CredentialDocumentBodySchema = z.strictObject({
  fileName: ReferralDocumentFileName,
  content: z.base64('the document’s bytes in base64').max(REFERRAL_DOCUMENT_MAX_BASE64_CHARS, 'larger than the 10 MB limit'),
});
export type CredentialDocumentBody = z.infer<typeof CredentialDocumentBodySchema>;

/** `DELETE /api/credentials/:id`: a credential entered by mistake is removed with a reason (kept on the record). */
export const CredentialRemoveBodySchema = z.strictObject({ reason: z.string().trim().min(1, 'required').max(500) });
export type CredentialRemoveBody = z.infer<typeof CredentialRemoveBodySchema>;

export const CredentialParamsSchema = z.strictObject({ id: z.uuid('a credential id (UUID)') });

/** One credential as the pages show it (the number of a DEA registration in full: staff data, not patient data). */
export const CredentialSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  kind: CredentialKindSchema,
  licenceType: z.string().nullable(),
  state: z.string().nullable(),
  number: z.string().nullable(),
  issuedOn: /* @__PURE__ */ IsoDate.nullable(),
  expiresOn: IsoDate,
  /** In words, e.g. "ACLS", "The Registered nurse (RN) licence for New York". */
  label: z.string(),
  /** Whether current on the site's today. */
  current: z.boolean(),
  /** Days from the site's today to the expiry (negative: expired that many days ago). */
  daysLeft: z.number().int(),
  /** Within the warning period (60 days) of its expiry, or expired. */
  expiringSoon: z.boolean(),
  document: z.object({ fileName: z.string(), mediaType: ReferralDocumentMediaTypeSchema, sizeBytes: z.number().int() }).nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: IsoInstant,
});
export type Credential = z.infer<typeof CredentialSchema>;
export const CredentialListSchema = itemsOf(CredentialSchema);
export type CredentialList = z.infer<typeof CredentialListSchema>;

/** `GET /api/users/:id/credential-check?duty=&date=`: the rule's answer for a person, a duty and a date. */
export const CredentialCheckQuerySchema = z.strictObject({
  duty: SessionDutySchema,
  date: IsoDate,
});
export const CredentialCheckSchema = z.object({
  userId: z.uuid(),
  duty: SessionDutySchema,
  date: IsoDate,
  allowed: z.boolean(),
  lapses: z.array(z.object({ need: z.string(), reason: z.string(), date: /* @__PURE__ */ IsoDate.optional(), message: z.string() })),
  rule: z.string(),
  message: z.string(),
});
export type CredentialCheck = z.infer<typeof CredentialCheckSchema>;

/** One warning: a credential expiring within 60 days (or expired), its holder named. */
export const CredentialWarningSchema = z.object({
  credentialId: z.uuid(),
  userId: z.uuid(),
  holder: z.string(),
  label: z.string(),
  expiresOn: IsoDate,
  daysLeft: z.number().int(),
  expired: z.boolean(),
  message: z.string(),
});
export type CredentialWarning = z.infer<typeof CredentialWarningSchema>;
/** `GET /api/credential-warnings`: the medical director's sites' staff; anyone else their own. */
export const CredentialWarningListSchema = itemsOf(CredentialWarningSchema);
export type CredentialWarningList = z.infer<typeof CredentialWarningListSchema>;

/**
 * A medical director's override of a credential lapse, with their step-up proof (purpose
 * `credentials.override`) and a reason. Given with an assignment (scheduling) or on a session (its
 * start, its dose order), it lets the act go ahead and is kept on the record.
 */
export const CredentialOverrideSchema = z.strictObject({
  reason: z.string().trim().min(1, 'required').max(1000),
  stepUpToken: StepUpToken,
});
export type CredentialOverride = z.infer<typeof CredentialOverrideSchema>;

/** `POST /api/sessions/:id/credential-override`: for one person and one duty of the session. */
export const SessionCredentialOverrideBodySchema = z.strictObject({
  userId: z.uuid('a staff member’s id'),
  duty: SessionDutySchema,
  reason: z.string().trim().min(1, 'required').max(1000),
  stepUpToken: StepUpToken,
});
export type SessionCredentialOverrideBody = z.infer<typeof SessionCredentialOverrideBodySchema>;

/** An override as the session record shows it. */
export const CredentialOverrideViewSchema = z.object({
  holder: z.string(),
  duty: SessionDutySchema,
  lapses: z.array(z.string()),
  reason: z.string(),
  by: z.string(),
  at: IsoInstant,
});
export type CredentialOverrideView = z.infer<typeof CredentialOverrideViewSchema>;

/** `GET /api/sites/:id/staff-credentials`: each active staff member of the site with their credentials (administrator, medical director). */
export const StaffCredentialsSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  roles: z.array(z.string()),
  credentials: z.array(CredentialSchema),
});
export type StaffCredentials = z.infer<typeof StaffCredentialsSchema>;
export const StaffCredentialsListSchema = itemsOf(StaffCredentialsSchema);
export type StaffCredentialsList = z.infer<typeof StaffCredentialsListSchema>;
