/** Sites, rooms and chairs, the site protocol configuration and consent documents (docs/api-intake.md). */
import type {
  ConsentDocumentCreateBody,
  ConsentDocument,
  ConsentDocumentList,
  ProtocolDosingCheck,
  ProtocolParamValue,
  ProtocolProposalBody,
  ProtocolVersion,
  ProtocolView,
  Site,
  SiteCreateBody,
  SiteItemUpdateBody,
  SiteList,
  SiteUpdateBody,
  Weekday,
} from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export { WEEKDAYS } from '@kairos/api';
export type {
  ConsentDocument,
  ProtocolChange,
  ProtocolParam,
  ProtocolParamValue,
  ProtocolReviewState,
  ProtocolVersion,
  ProtocolView,
  Site,
  SiteChair,
  SiteRoom,
  Weekday,
} from '@kairos/api';

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** What the site form edits: every field of a site's calendar. */
export type SiteInput = Required<SiteCreateBody>;

const site = (id: string) => `/api/sites/${encodeURIComponent(id)}`;

export const listSites = (): Promise<SiteList> => apiFetch('/api/sites');
export const createSite = (input: SiteCreateBody): Promise<Site> => apiSend('POST', '/api/sites', input);
export const updateSite = (id: string, changes: SiteUpdateBody): Promise<Site> => apiSend('PATCH', site(id), changes);
export const addRoom = (siteId: string, name: string): Promise<Site> => apiSend('POST', `${site(siteId)}/rooms`, { name });
export const addChair = (roomId: string, name: string): Promise<Site> =>
  apiSend('POST', `/api/rooms/${encodeURIComponent(roomId)}/chairs`, { name });
export const updateRoom = (roomId: string, changes: SiteItemUpdateBody): Promise<Site> =>
  apiSend('PATCH', `/api/rooms/${encodeURIComponent(roomId)}`, changes);
export const updateChair = (chairId: string, changes: SiteItemUpdateBody): Promise<Site> =>
  apiSend('PATCH', `/api/chairs/${encodeURIComponent(chairId)}`, changes);

export const getProtocol = (siteId: string): Promise<ProtocolView> => apiFetch(`${site(siteId)}/protocol`);
export const getDosingCheck = (siteId: string): Promise<ProtocolDosingCheck> => apiFetch(`${site(siteId)}/protocol/dosing-check`);
export const proposeProtocolChange = (siteId: string, changes: ProtocolProposalBody['changes'], reason: string): Promise<ProtocolVersion> =>
  apiSend('POST', `${site(siteId)}/protocol/versions`, { changes, reason });
export const signProtocolVersion = (siteId: string, version: number, stepUpToken: string): Promise<ProtocolVersion> =>
  apiSend('POST', `${site(siteId)}/protocol/versions/${version}/sign`, { stepUpToken });

export const listConsentDocuments = (siteId: string): Promise<ConsentDocumentList> => apiFetch(`${site(siteId)}/consent-documents`);
export const createConsentDocument = (siteId: string, input: ConsentDocumentCreateBody): Promise<ConsentDocument> =>
  apiSend('POST', `${site(siteId)}/consent-documents`, input);

/** A protocol value as text: numbers as they are, lists joined, objects as JSON. */
export function formatValue(value: ProtocolParamValue): string {
  if (value === null) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.join(', ');
  return JSON.stringify(value);
}
