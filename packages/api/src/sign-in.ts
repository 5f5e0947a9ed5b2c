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

/** `POST /api/session`: sign in (also how a locked screen is unlocked). */
export const SignInBodySchema = z.strictObject({ email: Email, password: Password });
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
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;

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
