/**
 * Portal access: the patient's own cookie session of the portal (docs/api-measures.md, "Portal"),
 * opened with a single-use link token or code and closed when the patient leaves. Its public URL
 * stays `/api/portal/session` (served by the server).
 */
import type { PortalEnterBody, PortalSession } from '@kairos/api';
import { ApiError, apiFetch } from '../../api/client';
import { forgetHintCookie, hasHintCookie } from '../../api/hint-cookie';

/** The server's readable cookie beside the portal's session cookie (`PORTAL_HINT_COOKIE`, server/src/http/auth.ts). */
const PORTAL_HINT = 'kairos_portal_in';

/** Whether portal access may be open in this browser: the hint is present. */
export function mayBeInPortal(cookies: string = document.cookie): boolean {
  return hasHintCookie(PORTAL_HINT, cookies);
}

/**
 * A read under portal access. Without the hint it answers 401 at once, as the server would,
 * without asking (a patient who has not entered yet sees the code form, and the browser logs no
 * failed request); a 401 from the server drops the hint.
 */
export async function portalGet<T>(path: string): Promise<T> {
  if (!mayBeInPortal()) throw new ApiError(401, 'UNAUTHENTICATED', 'Open the link or enter the code the clinic gave you.');
  try {
    return await apiFetch<T>(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) forgetHintCookie(PORTAL_HINT);
    throw e;
  }
}

/**
 * A change under portal access. It carries x-kairos-portal (a cross-site form cannot set it) and
 * never a staff sign-in's CSRF token (a clinic tablet may have both).
 */
export function portalSend<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'x-kairos-portal': '1' };
  return apiFetch<T>(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** Opens portal access with the link's token or the code the clinic gave. */
export const openPortalAccess = (credential: PortalEnterBody): Promise<PortalSession> =>
  portalSend('POST', '/api/portal/session', credential);

/** Closes portal access ("Leave the portal"); already closed is fine. */
export async function closePortalAccess(): Promise<void> {
  await portalSend('DELETE', '/api/portal/session').catch(() => undefined);
}
