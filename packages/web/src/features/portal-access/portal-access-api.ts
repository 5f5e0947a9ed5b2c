/**
 * Portal access: the patient's own cookie session of the portal (docs/api-measures.md, "Portal"),
 * opened with a single-use link token or code and closed when the patient leaves. Its public URL
 * stays `/api/portal/session` (served by the server).
 */
import type { PortalEnterBody, PortalSession } from '@kairos/api';
import { apiFetch } from '../../api/client';

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
