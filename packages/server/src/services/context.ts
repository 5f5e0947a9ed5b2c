/**
 * The request context: who acts, and the request's id, client address and time. Routes build it
 * from the request (`http/auth.ts`), the CLI and the demo loader from their own names; services
 * take it as given and hand it to `audit()` (`audit.ts`), so no use case spells out the audit
 * event's who, where and when again.
 *
 * @module
 */
import type { Role } from '../store/schema.js';

/** The signed-in staff member a use case acts for. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
  siteId: string | null;
}

/** The request's id, client address and the time on the server clock. */
export interface RequestMeta {
  requestId: string;
  clientAddress: string;
  now: Date;
}

/** The meta of work the server does on its own behalf (the demo loader, the demo monitor): named by its source. */
export function internalMeta(source: string, now: Date): RequestMeta {
  return { requestId: source, clientAddress: source, now };
}

/** Whom an audit event names: a staff member, or nobody signed in acting in some role (a patient, a device, the system). */
export interface AuditActor {
  readonly userId: string | null;
  readonly roles: readonly string[];
}

/** Nobody signed in and no role: a refused sign-in, a portal read, the local `kairos` command. */
export const NO_USER: AuditActor = { userId: null, roles: [] };
/** The patient, through the portal or a signing link. */
export const PATIENT: AuditActor = { userId: null, roles: ['patient'] };
/** A monitor or integration presenting a device token. */
export const DEVICE: AuditActor = { userId: null, roles: ['device'] };
/** The server itself (timed alarms). */
export const SYSTEM: AuditActor = { userId: null, roles: ['system'] };

/**
 * The context `audit()` takes: who acts, from which request (absent for work no request started,
 * such as a timed alarm or the demo load), and when. A staff use case passes `{ ...meta, actor }`.
 */
export interface RequestContext {
  readonly actor: AuditActor;
  readonly requestId?: string | null;
  readonly clientAddress?: string | null;
  readonly now: Date;
}
