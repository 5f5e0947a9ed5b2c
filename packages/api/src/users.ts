/**
 * Staff accounts: the roles (one spelling for the server, the web and the contract), the staff
 * directory the pickers read (`GET /api/users`), and the administrators' management of accounts
 * (`/api/staff-accounts`: create, roles, site, password, second factor, deactivate, reactivate;
 * every change carries the administrator's own step-up proof).
 *
 * @module
 */
import { z } from 'zod';
import { IsoInstant, itemsOf, StepUpToken } from './common.js';

/** Every staff role (design.md "Who uses it"). A patient is not staff: the portal has no role. */
export const ROLES = ['admin', 'medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** `GET /api/users`: active staff, optionally only those holding one role. */
export const StaffDirectoryQuerySchema = z.strictObject({ role: /* @__PURE__ */ RoleSchema.optional() });
export type StaffDirectoryQuery = z.infer<typeof StaffDirectoryQuerySchema>;

/** One person of the staff directory: a name and roles, nothing more. */
export const StaffDirectoryEntrySchema = z.object({ id: z.uuid(), displayName: z.string(), roles: z.array(RoleSchema) });
export type StaffDirectoryEntry = z.infer<typeof StaffDirectoryEntrySchema>;

export const StaffDirectorySchema = itemsOf(StaffDirectoryEntrySchema);
export type StaffDirectory = z.infer<typeof StaffDirectorySchema>;

/**
 * A staff member's name as people read it: trimmed, 1 to 200 characters, no control characters, and
 * not starting with `=`, `+`, `-` or `@` (a spreadsheet opening an export would run it as a formula).
 */
export const StaffDisplayName = z
  .string()
  .trim()
  .min(1, 'required')
  .max(200, 'at most 200 characters')
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters (tabs, line breaks)')
  .regex(/^[^=+\-@]/, 'must not start with =, +, - or @ (a spreadsheet would read it as a formula)');

/** A staff email: an address with one @, no spaces (stored lower-case; one account per address). */
export const StaffEmail = z
  .string()
  .trim()
  .min(1, 'required')
  .max(320, 'at most 320 characters')
  .regex(/^[^@\s]+@[^@\s]+$/, 'not an email address');

/** One or more roles, each from the role list (repeats are ignored). */
export const StaffRoles = /* @__PURE__ */ z.array(RoleSchema).min(1, 'give at least one role').max(20);

/** A password an administrator sets (checked against the password policy by the server). */
const NewPassword = z.string().min(1, 'required').max(1024, 'at most 1024 characters');

/** `GET /api/staff-accounts`: one account as the administrators' Users page shows it. */
export const StaffAccountSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  siteId: z.uuid().nullable(),
  /** The site's name; null for an account made before sites were required. */
  siteName: z.string().nullable(),
  /** A deactivated account cannot sign in. */
  active: z.boolean(),
  /** Whether an authenticator app is set up (confirmed). */
  secondFactorEnrolled: z.boolean(),
  /** The start of the account's newest sign-in; null when it never signed in. */
  lastSignInAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** A demo account (published password; refused outside demo and test mode). */
  synthetic: z.boolean(),
  createdAt: IsoInstant,
  /** A clinician's type 1 NPI and licence as a superbill names them (`PUT /api/users/:id/billing`); null until entered. */
  npi: /* @__PURE__ */ z.string().nullable(),
  licence: /* @__PURE__ */ z.string().nullable(),
});
export type StaffAccount = z.infer<typeof StaffAccountSchema>;

export const StaffAccountListSchema = itemsOf(StaffAccountSchema);
export type StaffAccountList = z.infer<typeof StaffAccountListSchema>;

/** `POST /api/staff-accounts`: a new account with a first password the administrator hands over. */
export const StaffAccountCreateBodySchema = z.strictObject({
  email: StaffEmail,
  displayName: StaffDisplayName,
  roles: StaffRoles,
  siteId: z.uuid(),
  password: NewPassword,
  stepUpToken: StepUpToken,
});
export type StaffAccountCreateBody = z.infer<typeof StaffAccountCreateBodySchema>;

/** `PUT /api/staff-accounts/:id/roles`: the account's roles from now on. */
export const StaffAccountRolesBodySchema = z.strictObject({ roles: StaffRoles, stepUpToken: StepUpToken });
export type StaffAccountRolesBody = z.infer<typeof StaffAccountRolesBodySchema>;

/** `PUT /api/staff-accounts/:id/site`: the site the account works at from now on. */
export const StaffAccountSiteBodySchema = z.strictObject({ siteId: z.uuid(), stepUpToken: StepUpToken });
export type StaffAccountSiteBody = z.infer<typeof StaffAccountSiteBodySchema>;

/** `POST /api/staff-accounts/:id/password`: a temporary password the administrator hands over. */
export const StaffAccountPasswordBodySchema = z.strictObject({ password: NewPassword, stepUpToken: StepUpToken });
export type StaffAccountPasswordBody = z.infer<typeof StaffAccountPasswordBodySchema>;

/** An act on an account that takes nothing but the administrator's step-up proof (second factor reset, deactivate, reactivate). */
export const StaffAccountActBodySchema = z.strictObject({ stepUpToken: StepUpToken });
export type StaffAccountActBody = z.infer<typeof StaffAccountActBodySchema>;

/**
 * The step-up purpose each change of an account consumes: the administrator confirms with their own
 * password (and second factor) for that one act.
 */
export const STAFF_ACCOUNT_PURPOSES = {
  create: 'staff-account.create',
  roles: 'staff-account.roles',
  site: 'staff-account.site',
  password: 'staff-account.password',
  secondFactor: 'staff-account.second-factor',
  deactivate: 'staff-account.deactivate',
  reactivate: 'staff-account.reactivate',
} as const;
export type StaffAccountAct = keyof typeof STAFF_ACCOUNT_PURPOSES;
