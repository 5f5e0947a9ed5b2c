/** Questionnaires, measurement tasks, risk follow-up tasks, outcomes, the shared journal and site content (docs/api-measures.md). */
import { apiFetch, apiSend } from '../../api/client';

/** Questionnaires staff may enter for a patient (CADSS-6 is rated at the chair). */
export type EnterableInstrument = 'pcl5-month' | 'pcl5-week' | 'phq9' | 'gad7' | 'cssrs';
export const ENTERABLE_INSTRUMENTS: readonly EnterableInstrument[] = ['pcl5-month', 'pcl5-week', 'phq9', 'gad7', 'cssrs'];

export type CssrsFormVariant = 'since-last-contact' | 'lifetime-recent';

/** A questionnaire's form as the server sends it: core's type (the web may import core). */
import type { FormItem, FormOption, QuestionnaireForm } from '@kairos/core';
export type { FormItem, FormOption, QuestionnaireForm };

export type MeasurementTaskState = 'upcoming' | 'due' | 'overdue' | 'done';

export interface MeasurementTask {
  key: string;
  date: string;
  instrument: string;
  purposes: string[];
  labels: string[];
  opensOn: string;
  dueBy: string;
  state: MeasurementTaskState;
  responseId: string | null;
  enrollmentId: string;
  programTemplate: string;
}

/** A scale's answers (item scores) or the C-SSRS screener's. */
export type Answers = number[] | { form?: CssrsFormVariant; answers: Record<string, boolean> };

/** Core's score: which fields are present depends on the questionnaire. */
export interface Score {
  total?: number;
  severity?: string;
  item9Positive?: boolean;
  clusters?: Record<string, number>;
  provisionalPtsd?: { byCutoff: boolean; byClusterRule: boolean; cutoff: number };
  risk?: 'none' | 'low' | 'moderate' | 'high';
  positiveQuestions?: number[];
  form?: string;
}

export interface QuestionnaireResponse {
  id: string;
  instrument: string;
  answers: Answers;
  score: Score;
  total: number | null;
  enrollmentId: string | null;
  sessionId: string | null;
  dueDate: string | null;
  completedAt: string;
  channel: 'staff' | 'portal';
  enteredBy: string | null;
}

export interface RiskRouting {
  urgency: 'same-day' | 'urgent';
  recipients: string[];
  reason: string;
}

export interface EnteredQuestionnaire {
  id: string;
  instrument: string;
  score: Score;
  total: number | null;
  risk: RiskRouting | null;
  taskId: string | null;
}

export interface EnterQuestionnaireInput {
  instrument: EnterableInstrument;
  answers: Answers;
  enrollmentId?: string;
  dueDate?: string;
  completedAt?: string;
}

export interface RiskTask {
  id: string;
  kind: 'risk-follow-up' | 'unacknowledged-escalation' | 'screening-review';
  urgency: 'same-day' | 'urgent';
  reason: string;
  dueDate: string;
  createdAt: string;
  patient: { id: string; name: string; mrn: string };
  assignees: { userId: string; displayName: string }[];
  completedAt: string | null;
  completedBy: string | null;
  outcomeNote: string | null;
}

export interface JournalEntry {
  id: string;
  body: string;
  shared: true;
  sharedAt: string;
  createdAt: string;
}

export interface Pcl5PointOutcome {
  changePoints?: number;
  reductionPoints: number;
  reductionPercent: number | null;
  response: boolean | null;
  reliableImprovement: boolean | null;
  remission: boolean | null;
}

export interface OutcomePoint {
  responseId: string;
  date: string;
  completedAt: string;
  instrument: string;
  total: number;
  answers: number[];
  clusters?: Record<string, number>;
  severity?: string;
  outcome?: Pcl5PointOutcome;
}

export interface AssessedPcl5 {
  date: string;
  total: number;
  reductionPercent: number;
  days: number;
}

export interface CourseAssessment {
  responder: boolean | null;
  missingReason?: 'no-pcl5-after-last-dosing' | 'baseline-zero';
  responseAssessment: AssessedPcl5 | null;
  loss: AssessedPcl5 | null;
  survival: { days: number; event: boolean } | null;
}

export interface PatientOutcomes {
  pcl5: OutcomePoint[];
  phq9: OutcomePoint[];
  gad7: OutcomePoint[];
  baseline: { total: number; date: string } | null;
  lines: { responseAtOrBelow: number | null; remissionAtOrBelow: number; reductionPercent: number; remissionMaxTotal: number };
  lastDosingDate: string | null;
  course: CourseAssessment | null;
}

export interface SiteContentItem {
  key: string;
  body: string;
  updatedAt: string;
  updatedBy: string | null;
}

export interface SiteContent {
  items: SiteContentItem[];
  portal: { showResults: boolean };
}

const patient = (id: string) => `/api/patients/${encodeURIComponent(id)}`;
const site = (id: string) => `/api/sites/${encodeURIComponent(id)}`;

export const getQuestionnaireForm = (id: string, cssrsForm?: CssrsFormVariant): Promise<QuestionnaireForm> =>
  apiFetch(`/api/questionnaires/forms/${encodeURIComponent(id)}${id === 'cssrs' && cssrsForm !== undefined ? `?cssrsForm=${cssrsForm}` : ''}`);
export const listMeasurementTasks = (patientId: string): Promise<{ today: string; tasks: MeasurementTask[] }> => apiFetch(`${patient(patientId)}/measurement-tasks`);
export const listResponses = (patientId: string): Promise<{ items: QuestionnaireResponse[] }> => apiFetch(`${patient(patientId)}/questionnaires`);
export const enterQuestionnaire = (patientId: string, input: EnterQuestionnaireInput): Promise<EnteredQuestionnaire> => apiSend('POST', `${patient(patientId)}/questionnaires`, input);
export const listRiskTasks = (patientId: string, includeDone = false): Promise<{ items: RiskTask[] }> =>
  apiFetch(`/api/tasks?patientId=${encodeURIComponent(patientId)}${includeDone ? '&includeDone=true' : ''}`);
/** A site's open risk tasks (urgent first), for the Today board. */
export const listSiteRiskTasks = (siteId: string): Promise<{ items: RiskTask[] }> => apiFetch(`/api/tasks?siteId=${encodeURIComponent(siteId)}`);
/** Questionnaires due or overdue today at a site (done today included), by patient. */
export const listSiteMeasurementTasks = (siteId: string): Promise<{ today: string; items: { patient: { id: string; name: string; mrn: string }; tasks: { key: string; enrollmentId: string; instrument: string; date: string; dueBy: string; state: MeasurementTaskState }[] }[] }> =>
  apiFetch(`${site(siteId)}/measurement-tasks`);
export const completeRiskTask = (taskId: string, note: string): Promise<void> => apiSend('POST', `/api/tasks/${encodeURIComponent(taskId)}/complete`, { note });
export const getOutcomes = (patientId: string): Promise<PatientOutcomes> => apiFetch(`${patient(patientId)}/outcomes`);
export const listSharedJournal = (patientId: string): Promise<{ items: JournalEntry[] }> => apiFetch(`${patient(patientId)}/journal`);
export const getSiteContent = (siteId: string): Promise<SiteContent> => apiFetch(`${site(siteId)}/content`);
export const writeSiteContent = (siteId: string, key: string, body: string): Promise<SiteContentItem> => apiSend('PUT', `${site(siteId)}/content/${encodeURIComponent(key)}`, { body });
export const setPortalSettings = (siteId: string, showResults: boolean): Promise<{ showResults: boolean }> => apiSend('PUT', `${site(siteId)}/portal-settings`, { showResults });
