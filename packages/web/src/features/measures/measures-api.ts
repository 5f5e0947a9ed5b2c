/** Questionnaires, measurement tasks, risk follow-up tasks, outcomes, the shared journal and site content (docs/api-measures.md; shapes from @kairos/api). */
import type {
  EnteredQuestionnaire,
  KioskStartResult,
  QuestionnaireLinksResult,
  PatientMeasurementTasks,
  PatientOutcomes,
  PortalSettings,
  QuestionnaireCorrectionBody,
  QuestionnaireEntryBody,
  QuestionnaireResponseList,
  RiskTaskList,
  SiteContent,
  SharedJournalEntryList,
  SiteContentItem,
  SiteMeasurementTasks,
} from '@kairos/api';
import type { CssrsForm, QuestionnaireForm } from '@kairos/core';
import { apiFetch, apiSend } from '../../api/client';

export { ENTERABLE_INSTRUMENTS } from '@kairos/api';
export type {
  EnterableInstrument,
  EnteredQuestionnaire,
  KioskStartResult,
  QuestionnaireLinksResult,
  OutcomePoint,
  PatientMeasurementTask as MeasurementTask,
  PatientOutcomes,
  QuestionnaireResponse,
  RiskTask,
  SiteContent,
  SiteContentItem,
  StoredAnswers,
} from '@kairos/api';
export type { CssrsForm, FormItem, MeasurementTaskState, QuestionnaireForm } from '@kairos/core';

const patient = (id: string) => `/api/patients/${encodeURIComponent(id)}`;
const site = (id: string) => `/api/sites/${encodeURIComponent(id)}`;

export const getQuestionnaireForm = (id: string, cssrsForm?: CssrsForm): Promise<QuestionnaireForm> =>
  apiFetch(
    `/api/questionnaires/forms/${encodeURIComponent(id)}${id === 'cssrs' && cssrsForm !== undefined ? `?cssrsForm=${cssrsForm}` : ''}`,
  );
export const listMeasurementTasks = (patientId: string): Promise<PatientMeasurementTasks> =>
  apiFetch(`${patient(patientId)}/measurement-tasks`);
export const correctQuestionnaireDate = (responseId: string, body: QuestionnaireCorrectionBody): Promise<void> =>
  apiSend('POST', `/api/questionnaires/${encodeURIComponent(responseId)}/corrections`, body);
export const listResponses = (patientId: string): Promise<QuestionnaireResponseList> => apiFetch(`${patient(patientId)}/questionnaires`);
export const enterQuestionnaire = (patientId: string, input: QuestionnaireEntryBody): Promise<EnteredQuestionnaire> =>
  apiSend('POST', `${patient(patientId)}/questionnaires`, input);
export const listRiskTasks = (patientId: string, includeDone = false): Promise<RiskTaskList> =>
  apiFetch(`/api/tasks?patientId=${encodeURIComponent(patientId)}${includeDone ? '&includeDone=true' : ''}`);
/** A site's open risk tasks (urgent first), for the Today board. */
export const listSiteRiskTasks = (siteId: string): Promise<RiskTaskList> => apiFetch(`/api/tasks?siteId=${encodeURIComponent(siteId)}`);
/** Questionnaires due or overdue today at a site (done today included), by patient. */
export const listSiteMeasurementTasks = (siteId: string): Promise<SiteMeasurementTasks> => apiFetch(`${site(siteId)}/measurement-tasks`);
export const completeRiskTask = (taskId: string, note: string): Promise<void> =>
  apiSend('POST', `/api/tasks/${encodeURIComponent(taskId)}/complete`, { note });
export const getOutcomes = (patientId: string): Promise<PatientOutcomes> => apiFetch(`${patient(patientId)}/outcomes`);
/** The entries the patient shared (staff never see the private ones). */
export const listSharedJournal = (patientId: string): Promise<SharedJournalEntryList> => apiFetch(`${patient(patientId)}/journal`);
export const getSiteContent = (siteId: string): Promise<SiteContent> => apiFetch(`${site(siteId)}/content`);
export const writeSiteContent = (siteId: string, key: string, body: string): Promise<SiteContentItem> =>
  apiSend('PUT', `${site(siteId)}/content/${encodeURIComponent(key)}`, { body });
export const setPortalSettings = (siteId: string, showResults: boolean): Promise<PortalSettings> =>
  apiSend('PUT', `${site(siteId)}/portal-settings`, { showResults });

/** Hands this device to the patient for the questionnaires due now: ends the staff sign-in on it and opens the clinic tablet (/kiosk). */
export const startKiosk = (patientId: string): Promise<KioskStartResult> => apiSend('POST', `${patient(patientId)}/kiosk`);

/** Emails a portal link to each of these patients for the questionnaires due now (a wave in one action). */
export const sendQuestionnaireLinks = (siteId: string, patientIds: string[]): Promise<QuestionnaireLinksResult> =>
  apiSend('POST', `/api/sites/${encodeURIComponent(siteId)}/questionnaire-links`, { patientIds });
