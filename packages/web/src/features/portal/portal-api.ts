/** The patient portal's own API (its own cookie; docs/api-measures.md, "Portal"; shapes from @kairos/api). */
import type {
  PortalCarePlan,
  ConsentSignatureResult,
  JournalEntry,
  JournalEntryList,
  PortalConsent,
  PortalDraftBody,
  PortalHome,
  PortalQuestionnaire,
  PortalResults,
  PortalSubmitBody,
  PortalSubmitResult,
} from '@kairos/api';
import { portalGet, portalSend } from '../portal-access/portal-access-api';

export type {
  CrisisResources,
  JournalEntry,
  PortalConsent,
  PortalEvent,
  PortalHome,
  PortalQuestionnaire,
  PortalQuestionnaireTask,
  PortalResultPoint,
  PortalResults,
  PortalSubmitResult,
} from '@kairos/api';
export type { FormItem, QuestionnaireForm } from '@kairos/core';

/** A scale's draft: item scores in order, null when unanswered; the C-SSRS's: its yes/no answers. */
export type DraftAnswers = PortalDraftBody['answers'];
export type SubmitAnswers = PortalSubmitBody['answers'];

export const getPortalConsent = (): Promise<PortalConsent> => portalGet('/api/portal/consent');
export const signPortalConsent = (documentId: string, typedName: string): Promise<ConsentSignatureResult> =>
  portalSend('POST', '/api/portal/consent', { documentId, typedName });

export const getPortalHome = (): Promise<PortalHome> => portalGet('/api/portal/home');

const qPath = (key: string) => `/api/portal/questionnaires/${encodeURIComponent(key)}`;
export const getPortalQuestionnaire = (key: string): Promise<PortalQuestionnaire> => portalGet(qPath(key));
export const saveQuestionnaireDraft = (key: string, answers: DraftAnswers): Promise<void> =>
  portalSend('PUT', `${qPath(key)}/draft`, { answers });
export const submitQuestionnaire = (key: string, answers: SubmitAnswers): Promise<PortalSubmitResult> =>
  portalSend('POST', qPath(key), { answers });

export const getJournal = (): Promise<JournalEntryList> => portalGet('/api/portal/journal');
export const writeJournalEntry = (body: string, shared: boolean): Promise<JournalEntry> =>
  portalSend('POST', '/api/portal/journal', { body, shared });
export const shareJournalEntry = (id: string, shared: boolean): Promise<JournalEntry> =>
  portalSend('PUT', `/api/portal/journal/${encodeURIComponent(id)}/share`, { shared });

export const getPortalResults = (): Promise<PortalResults> => portalGet('/api/portal/results');

export type { PortalCarePlan } from '@kairos/api';

export const CARE_PLAN_PDF = '/api/portal/care-plan.pdf';
/** Every finalised charge's superbill, as the clinic prints it. */
export const SUPERBILL_PDF = '/api/portal/superbill.pdf';
export const getPortalCarePlan = (): Promise<PortalCarePlan> => portalGet('/api/portal/care-plan');
