/** Staff credentials (docs/api-credentials.md): licences, DEA registrations, ACLS and BLS, the duty check and the warnings. */
import type {
  Credential,
  CredentialBody,
  CredentialCheck,
  CredentialList,
  CredentialWarningList,
  DosingSessionView,
  SessionCredentialOverrideBody,
  StaffCredentialsList,
} from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export type { Credential, CredentialBody, CredentialWarning, StaffCredentials } from '@kairos/api';

const user = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export const listCredentials = (userId: string): Promise<CredentialList> => apiFetch(`${user(userId)}/credentials`);
export const listSiteCredentials = (siteId: string): Promise<StaffCredentialsList> =>
  apiFetch(`/api/sites/${encodeURIComponent(siteId)}/staff-credentials`);
export const recordCredential = (userId: string, body: CredentialBody): Promise<Credential> =>
  apiSend('POST', `${user(userId)}/credentials`, body);
export const removeCredential = (id: string, reason: string): Promise<{ id: string }> =>
  apiSend('POST', `/api/credentials/${encodeURIComponent(id)}/remove`, { reason });
export const credentialDocumentUrl = (id: string): string => `/api/credentials/${encodeURIComponent(id)}/document`;
export const credentialWarnings = (): Promise<CredentialWarningList> => apiFetch('/api/credential-warnings');
export const checkCredentialDuty = (userId: string, duty: string, date: string): Promise<CredentialCheck> =>
  apiFetch(`${user(userId)}/credential-check?duty=${encodeURIComponent(duty)}&date=${encodeURIComponent(date)}`);
export const overrideSessionCredential = (sessionId: string, body: SessionCredentialOverrideBody): Promise<DosingSessionView> =>
  apiSend('POST', `/api/sessions/${encodeURIComponent(sessionId)}/credential-override`, body);
