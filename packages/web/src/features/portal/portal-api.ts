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

function send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
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

/** An upcoming program event (times are instants; show them in the site's time zone). */
export interface PortalEvent {
  id: string;
  kind: string;
  title: string;
  programDay: number;
  startsAt: string;
  endsAt: string;
}

export interface PortalQuestionnaireTask {
  /** `<enrollmentId>:<date>:<instrument>` */
  key: string;
  instrument: 'pcl5-month' | 'pcl5-week' | 'phq9' | 'gad7' | 'cssrs';
  title: string;
  date: string;
  dueBy: string;
  state: 'due' | 'overdue';
  labels: string[];
  /** Questions answered so far (the saved draft). */
  answered: number;
}

export interface CrisisResources {
  body: string;
  /** false: the site has not written its own, this is the general fallback. */
  written: boolean;
}

export interface PortalHome {
  givenName: string;
  site: { name: string; timeZone: string };
  /** The site's today, YYYY-MM-DD. */
  today: string;
  schedule: PortalEvent[];
  preparation: { templateId: string; day: number; title: string; body: string }[];
  questionnaires: PortalQuestionnaireTask[];
  crisisResources: CrisisResources;
  showResults: boolean;
  dischargeInstructions: string | null;
  carePlan: { noteId: string; signedAt: string | null } | null;
}

export const getPortalHome = (): Promise<PortalHome> => apiFetch('/api/portal/home');

/** A questionnaire's form as the server sends it: core's type (the web may import core). */
import type { FormItem, FormOption, QuestionnaireForm } from '@kairos/core';
export type { FormItem, FormOption, QuestionnaireForm };

/** A scale's draft: item scores in order, null when unanswered; the C-SSRS's: its yes/no answers. */
export type DraftAnswers = (number | null)[] | { answers: Record<string, boolean> };
export type SubmitAnswers = number[] | { answers: Record<string, boolean> };

export interface PortalQuestionnaire {
  key: string;
  form: QuestionnaireForm;
  draft: DraftAnswers | null;
  date: string;
  dueBy: string;
}

export interface SubmitResult {
  id: string;
  instrument: string;
  showCrisisResources: boolean;
  crisisResources: CrisisResources | null;
}

const qPath = (key: string) => `/api/portal/questionnaires/${encodeURIComponent(key)}`;
export const getPortalQuestionnaire = (key: string): Promise<PortalQuestionnaire> => apiFetch(qPath(key));
export const saveQuestionnaireDraft = (key: string, answers: DraftAnswers): Promise<void> => send('PUT', `${qPath(key)}/draft`, { answers });
export const submitQuestionnaire = (key: string, answers: SubmitAnswers): Promise<SubmitResult> => send('POST', qPath(key), { answers });

export interface JournalEntry {
  id: string;
  body: string;
  shared: boolean;
  sharedAt: string | null;
  createdAt: string;
}

export const getJournal = (): Promise<{ items: JournalEntry[] }> => apiFetch('/api/portal/journal');
export const writeJournalEntry = (body: string, shared: boolean): Promise<JournalEntry> => send('POST', '/api/portal/journal', { body, shared });
export const shareJournalEntry = (id: string, shared: boolean): Promise<JournalEntry> => send('PUT', `/api/portal/journal/${encodeURIComponent(id)}/share`, { shared });

export interface ResultPoint {
  date: string;
  total: number;
}

export interface PortalResults {
  pcl5: ResultPoint[];
  phq9: ResultPoint[];
  gad7: ResultPoint[];
  baseline: { total: number; date: string } | null;
}

export const getPortalResults = (): Promise<PortalResults> => apiFetch('/api/portal/results');

export interface PortalCarePlan {
  id: string;
  title: string;
  signedAt: string | null;
  signedBy: string | null;
  fields: { id: string; label: string; kind: 'text' | 'long-text' | 'choice' | 'list'; value: unknown }[];
  amendments: { at: string; by: string; reason: string; body: string }[];
  pdf: string;
}

export const CARE_PLAN_PDF = '/api/portal/care-plan.pdf';
export const getPortalCarePlan = (): Promise<PortalCarePlan> => apiFetch('/api/portal/care-plan');

export async function leavePortal(): Promise<void> {
  await send('DELETE', '/api/portal/session').catch(() => undefined);
  portalCsrf = undefined;
}
