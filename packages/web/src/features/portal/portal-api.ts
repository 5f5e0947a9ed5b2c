/** The patient portal's own API (its own cookie; docs/api-intake.md, "Consent and portal access"). */
import { apiFetch } from '../../api/client';

export interface PortalSession {
  patient: { givenName: string };
  mode: string;
  /** Sent back on changes when the server gives one. */
  csrfToken?: string;
}

export interface PortalConsent {
  enrollment: { id: string; programTitle: string };
  document: { id: string; version: number; title: string; body: string; hash: string };
  signed: { signedAt: string; typedName: string } | null;
}

let portalCsrf: string | undefined;

function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  // Portal changes carry x-kairos-portal (a cross-site form cannot set it), and the portal's own
  // CSRF token if the server gives one, never a staff session's (a clinic tablet may have both).
  const headers: Record<string, string> = { 'x-kairos-portal': '1', ...(portalCsrf === undefined ? {} : { 'x-csrf-token': portalCsrf }) };
  return apiFetch<T>(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

export async function enterPortal(credential: { code: string } | { token: string }): Promise<PortalSession> {
  const s = await send<PortalSession>('POST', '/api/portal/session', credential);
  portalCsrf = s.csrfToken;
  return s;
}

export const getPortalConsent = (): Promise<PortalConsent> => apiFetch('/api/portal/consent');
export const signPortalConsent = (documentId: string, typedName: string): Promise<{ signedAt: string }> => send('POST', '/api/portal/consent', { documentId, typedName });

export async function leavePortal(): Promise<void> {
  await send('DELETE', '/api/portal/session').catch(() => undefined);
  portalCsrf = undefined;
}
