/**
 * The staff sign-in session (`/api/session`), the step-up proof (`/api/step-up`) and what the
 * sign-in page says about demo mode (`/api/demo-info`). The session itself travels in an httpOnly
 * cookie; every change sends the session's CSRF token back in a header.
 *
 * @module
 */
import { z } from 'zod';
import { IsoInstant } from './common.js';
import { RoleSchema } from './users.js';

/** The server's mode: `demo` (the demo clinic, demo passwords), `test`, or `production`. */
export const ServerModeSchema = z.enum(['demo', 'test', 'production']);
export type ServerMode = z.infer<typeof ServerModeSchema>;

/** The staff app's main sections, in the order of the navigation. */
export const SECTION_IDS = ['today', 'patients', 'schedule', 'outcomes', 'inventory', 'settings'] as const;
export const SectionIdSchema = z.enum(SECTION_IDS);
export type SectionId = z.infer<typeof SectionIdSchema>;

const Email = z.string().min(1).max(320);
const Password = z.string().min(1).max(1024);

/** A second-factor code: the 6 digits an authenticator app shows, or a recovery code (`abcde-fghij`). */
export const SecondFactorCode = z.string().trim().min(1).max(64);

/** `POST /api/session`: sign in (also how a locked screen is unlocked); `code` once the answer asks for it (SECOND_FACTOR_REQUIRED). */
export const SignInBodySchema = z.strictObject({ email: Email, password: Password, code: /* @__PURE__ */ SecondFactorCode.optional() });
export type SignInBody = z.infer<typeof SignInBodySchema>;

/** The signed-in person. `licensed`: holds a role that may run an IV, double check or witness. */
export const SessionUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  licensed: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const SecondFactorStateSchema = z.enum(['proved', 'not-enrolled', 'enrolment-required']);
export type SecondFactorState = z.infer<typeof SecondFactorStateSchema>;

/** `GET` and `POST /api/session`: the signed-in user and the session's deadlines (on the server's clock). */
export const StaffSessionSchema = z.object({
  user: SessionUserSchema,
  /** Sent back in the `x-csrf-token` header of every change. */
  csrfToken: z.string(),
  idleTimeoutSeconds: z.number().int(),
  idleExpiresAt: IsoInstant,
  absoluteExpiresAt: IsoInstant,
  /** The navigation sections this user may open. */
  sections: z.array(SectionIdSchema),
  mode: ServerModeSchema,
  /** The server clock now (demo and test mode may offset it from the browser's). */
  serverTime: IsoInstant,
  /**
   * This sign-in's second factor: `proved`, `not-enrolled` (none set up, none required), or
   * `enrolment-required` (production: the sign-in may do nothing but set one up).
   */
  secondFactor: SecondFactorStateSchema,
  /** An administrator chose this account's password: the sign-in may do nothing but choose a new one (`PUT /api/session/password`). */
  passwordChangeRequired: z.boolean(),
  /**
   * The protocol in force at the user's site, for the header: the newest signed version, or
   * `signed: false` (version null) while none is signed and the shipped defaults apply. Null for an
   * account without a site.
   */
  protocol: z.object({ version: z.number().int().nullable(), signed: z.boolean() }).nullable(),
  /** The user's site: pages show times in its zone, whatever the browser's. Null for an account without a site. */
  site: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }).nullable(),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;

/** `PUT /api/session/password`: the signed-in person chooses a new password, proving the current one. */
export const PasswordChangeBodySchema = z.strictObject({
  currentPassword: Password,
  newPassword: z.string().min(1, 'required').max(1024, 'at most 1024 characters'),
});
export type PasswordChangeBody = z.infer<typeof PasswordChangeBodySchema>;

/** `POST /api/session/keepalive`: the idle deadline moved. */
export const SessionKeepaliveSchema = z.object({ idleExpiresAt: IsoInstant, serverTime: IsoInstant });
export type SessionKeepalive = z.infer<typeof SessionKeepaliveSchema>;

/** `GET /api/demo-info`: in demo mode, the demo accounts and their password; otherwise the mode only. */
export const DemoInfoSchema = z.object({
  mode: ServerModeSchema,
  demoPassword: z.string().optional(),
  demoUsers: z.array(z.object({ email: z.string(), roles: z.array(RoleSchema) })).optional(),
});
export type DemoInfo = z.infer<typeof DemoInfoSchema>;

/** `POST /api/step-up`: the named person enters their password now; the proof serves one act of `purpose`. */
export const StepUpBodySchema = z.strictObject({
  email: Email,
  password: Password,
  /** The person's second-factor code, when they have one (the answer SECOND_FACTOR_REQUIRED asks for it). */
  code: /* @__PURE__ */ SecondFactorCode.optional(),
  /** What the proof is for (`dose.double-check`, `protocol.sign`...): checked again by the act that uses it. */
  purpose: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9.:-]+$/, 'lower-case words, digits, dots, colons and dashes'),
});
export type StepUpBody = z.infer<typeof StepUpBodySchema>;

/** A step-up proof: single use, bound to its purpose and to the session that asked, valid minutes. */
export const StepUpResultSchema = z.object({
  stepUpToken: z.string(),
  /** Who proved it (a second person for a double check or a witness). */
  userId: z.uuid(),
  displayName: z.string(),
  licensed: z.boolean(),
  expiresAt: IsoInstant,
});
export type StepUpResult = z.infer<typeof StepUpResultSchema>;

/** `GET /api/account/second-factor`: the signed-in user's second factor. */
export const SecondFactorStatusSchema = z.object({
  enrolled: z.boolean(),
  enrolledAt: /* @__PURE__ */ IsoInstant.nullable(),
  recoveryCodesLeft: z.number().int(),
  /** Whether this installation requires one (production). */
  required: z.boolean(),
  thisSignIn: SecondFactorStateSchema,
});
export type SecondFactorStatus = z.infer<typeof SecondFactorStatusSchema>;

/** `POST /api/account/second-factor/enrolment`: the new secret, for the app (QR code) or typed by hand. */
export const SecondFactorEnrolmentSchema = z.object({
  /** Base32, for typing into the app when the QR code cannot be scanned. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The QR code of `otpauthUri`, an SVG document. */
  qrSvg: z.string(),
});
export type SecondFactorEnrolment = z.infer<typeof SecondFactorEnrolmentSchema>;

/** A body with one second-factor code (confirming enrolment, new recovery codes, removal). */
export const SecondFactorCodeBodySchema = z.strictObject({ code: SecondFactorCode });
export type SecondFactorCodeBody = z.infer<typeof SecondFactorCodeBodySchema>;

/** Recovery codes, shown once: each works once, in place of the app's code. */
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;
