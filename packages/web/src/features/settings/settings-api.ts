/** Sites, rooms and chairs, the site protocol configuration and consent documents (docs/api-intake.md). */
import { apiFetch, apiSend } from '../../api/client';
import type { CitationRef } from '../screening/sources-list';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

export interface Chair {
  id: string;
  name: string;
  active: boolean;
}

export interface Room extends Chair {
  chairs: Chair[];
}

export interface Site {
  id: string;
  name: string;
  timeZone: string;
  workingDays: Weekday[];
  closedDates: string[];
  synthetic: boolean;
  rooms: Room[];
}

export interface SiteInput {
  name: string;
  timeZone: string;
  workingDays: Weekday[];
  closedDates: string[];
}

export interface ProtocolChange {
  path: string;
  old: unknown;
  new: unknown;
}

export interface ProtocolVersion {
  version: number;
  createdAt: string;
  createdBy: string;
  reason: string;
  signedAt: string | null;
  signedBy: string | null;
  changes: ProtocolChange[];
}

export type ReviewState = 'source' | 'brief' | 'needs-review' | 'reviewed';

export interface ProtocolParam {
  path: string;
  value: unknown;
  unit: string;
  min?: number;
  max?: number;
  provenance: { kind: 'brief' | 'site-default' | 'source'; citations?: CitationRef[]; note?: string };
  reviewState: ReviewState;
}

export interface Protocol {
  /** The version in force: the latest signed one (while none is signed, the shipped defaults, `signed: false`). */
  inForce: ProtocolVersion & { signed: boolean };
  /** The newest version, signed or not. */
  current: ProtocolVersion;
  /** Every value of the version in force. */
  params: ProtocolParam[];
  /** A version waiting for a medical director's signature (it changes nothing until signed), with its values. */
  proposal: (ProtocolVersion & { params: ProtocolParam[] }) | null;
  versions: ProtocolVersion[];
}

export interface ConsentDocument {
  id: string;
  version: number;
  title: string;
  body: string;
  hash: string;
  createdAt: string;
  current: boolean;
}

const site = (id: string) => `/api/sites/${encodeURIComponent(id)}`;

export const listSites = (): Promise<{ items: Site[] }> => apiFetch('/api/sites');
export const createSite = (input: SiteInput): Promise<Site> => apiSend('POST', '/api/sites', input);
export const updateSite = (id: string, changes: Partial<SiteInput>): Promise<Site> => apiSend('PATCH', site(id), changes);
export const addRoom = (siteId: string, name: string): Promise<Site> => apiSend('POST', `${site(siteId)}/rooms`, { name });
export const addChair = (roomId: string, name: string): Promise<Site> => apiSend('POST', `/api/rooms/${encodeURIComponent(roomId)}/chairs`, { name });
export const updateRoom = (roomId: string, changes: { name?: string; active?: boolean }): Promise<Site> =>
  apiSend('PATCH', `/api/rooms/${encodeURIComponent(roomId)}`, changes);
export const updateChair = (chairId: string, changes: { name?: string; active?: boolean }): Promise<Site> =>
  apiSend('PATCH', `/api/chairs/${encodeURIComponent(chairId)}`, changes);

export const getProtocol = (siteId: string): Promise<Protocol> => apiFetch(`${site(siteId)}/protocol`);
export const proposeProtocolChange = (siteId: string, changes: { path: string; value: unknown }[], reason: string): Promise<ProtocolVersion> =>
  apiSend('POST', `${site(siteId)}/protocol/versions`, { changes, reason });
export const signProtocolVersion = (siteId: string, version: number, stepUpToken: string): Promise<ProtocolVersion> =>
  apiSend('POST', `${site(siteId)}/protocol/versions/${version}/sign`, { stepUpToken });

export const listConsentDocuments = (siteId: string): Promise<{ items: ConsentDocument[] }> => apiFetch(`${site(siteId)}/consent-documents`);
export const createConsentDocument = (siteId: string, input: { title: string; body: string }): Promise<ConsentDocument> =>
  apiSend('POST', `${site(siteId)}/consent-documents`, input);

/** A protocol value as text: numbers as they are, lists joined, objects as JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(', ');
  return JSON.stringify(value);
}
