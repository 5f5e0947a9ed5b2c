/** The dosing session API (docs/api-sessions.md): the Today board and the session console. */
import { apiFetch, apiSend } from '../../api/client';

export type SessionState = 'scheduled' | 'checked-in' | 'pre-dose' | 'infusing' | 'paused' | 'observing' | 'discharged' | 'aborted';
export type SessionStep = 'check-in' | 'begin-pre-dose' | 'start' | 'pause' | 'resume' | 'stop' | 'discharge' | 'abort';
export type AlertLevel = 'warn' | 'hold' | 'pause' | 'escalate';

export interface FiredThreshold {
  vital: string;
  value: number;
  threshold: number;
  comparator: string;
  level: AlertLevel;
}

export interface SessionAlert {
  id: string;
  kind: 'vitals:pre-dose' | 'vitals:infusing' | 'vitals:observing' | string;
  level: AlertLevel;
  details: { clientId?: string; measuredAt?: string; fired?: FiredThreshold[] };
  raisedAt: string;
  acknowledgedAt: string | null;
  note: string | null;
  /** The protocol version the alert was raised under, and the rules behind it (`id@version`). */
  protocolVersion?: number | null;
  ruleIds?: string[];
}

export interface Reading {
  clientId: string;
  measuredAt: string;
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  moaas: number | null;
  temperature?: number | null;
  phase: 'pre-dose' | 'infusing' | 'observing';
  level: 'normal' | AlertLevel;
  source: 'manual' | 'device';
}

export interface ChecklistItem {
  id: string;
  label: string;
  required: boolean;
  done: boolean;
  /** What is missing (or what meets it), in plain words. */
  detail?: string;
  parameters?: string[];
}

export interface ChecklistValues {
  fastingConfirmed?: boolean;
  benzodiazepineHoldConfirmed?: boolean;
  stimulantHoldConfirmed?: boolean;
  pregnancyTestNegativeToday?: boolean;
  escortConfirmed?: boolean;
  intention?: string;
  premedication?: string;
}

export interface DoseCalculation {
  inputs: { weightKg: number; mgPerKg: number; minutes: number; vialMgPerMl: number; diluentMl: number; weightMeasuredOn?: string; asOf?: string };
  doseMg: number;
  drawnVolumeMl: number;
  bagTotalMl: number;
  rateMlPerHour: number;
  pump: 'syringe' | 'bag';
  weightAgeDays?: number;
  doubleCheckRequired: boolean;
  limits: { minimumMgPerKg: number; maximumMgPerKg: number; weightKg: { min: number; max: number }; weightMaxAgeDays: number; minutes: { min: number; max: number } };
}

export interface DoseOrder {
  id: string;
  orderedBy: string;
  orderedAt: string;
  calculation: DoseCalculation;
  doubleCheckedBy: string | null;
  doubleCheckedAt: string | null;
}

export interface InfusionEvent {
  kind: 'start' | 'pause' | 'resume' | 'rate' | 'stop';
  at: string;
  rateMlPerHour: number | null;
  reason: string | null;
}

export interface MonitoringItem {
  id?: string;
  kind: 'vitals' | 'moaas' | 'cadss6';
  dueAt: string;
  minuteFromStart: number;
}

export interface OverdueItem {
  item: MonitoringItem;
  overdueSince: string;
  minutesPastDue: number;
}

export interface DischargeCondition {
  id: string;
  status: 'met' | 'unmet' | 'missing' | 'not-applicable';
  message: string;
  metAt?: string;
  expiresAt?: string;
  parameters?: string[];
}

export interface AldreteScores {
  activity?: number;
  respiration?: number;
  circulation?: number;
  consciousness?: number;
  spo2?: number;
}

export interface Discharge {
  ready: boolean;
  conditions: DischargeCondition[];
  unmet: { id: string; message: string; metAt?: string }[];
  minimumObservationEndsAt?: string;
  aldrete?: { total?: number; missing: string[]; items: { item: string; score: number; description: string }[] };
}

export interface DosingSession {
  id: string;
  siteId: string;
  eventId: string;
  patientId: string;
  state: SessionState;
  allowed: SessionStep[];
  protocolVersion: number;
  /** The protocol this session runs under: its version and its values that differ from core's defaults. */
  protocol: { version: number; signed: boolean; overrides: Record<string, unknown> };
  pauseRecommended: boolean;
  infusionStartedAt: string | null;
  infusionEndedAt: string | null;
  checklist: { values: ChecklistValues; items: ChecklistItem[]; complete: boolean };
  doseOrder: DoseOrder | null;
  infusion: { events: InfusionEvent[]; infusedMl: number };
  readings: Reading[];
  alerts: SessionAlert[];
  monitoring: { items: MonitoringItem[]; overdue: OverdueItem[] } | null;
  discharge: Discharge | null;
  /** CADSS-6 ratings at the chair (item scores in CADSS item order 1, 2, 6, 7, 15, 22). */
  cadss6: { id: string; answers: number[]; total: number; ratedAt: string }[];
}

export interface BoardItem {
  sessionId: string;
  chair: { id: string; name: string; room: string } | null;
  patient: { id: string | null; name: string; mrn: string | null };
  staff: { userId: string; name: string; role: string }[];
  startsAt: string;
  state: SessionState;
  pauseRecommended: boolean;
  minutesSinceStart: number | null;
  /** When the infusion started (null before): the board counts the minutes since from it. */
  infusionStartedAt?: string | null;
  latestVitals: Reading | null;
  openAlerts: SessionAlert[];
  overdue: OverdueItem[];
}

export interface ReadingInput {
  clientId: string;
  measuredAt: string;
  systolic?: number;
  diastolic?: number;
  heartRate?: number;
  spo2?: number;
  respiratoryRate?: number;
  moaas?: number;
}

export interface DoseOrderInput {
  vialMgPerMl: number;
  diluentMl: number;
  mgPerKg?: number;
  minutes?: number;
}

const path = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

export function listBoard(siteId: string, from: string, to: string): Promise<{ items: BoardItem[] }> {
  return apiFetch(`/api/sessions?${new URLSearchParams({ siteId, from, to }).toString()}`);
}
export const getSession = (id: string): Promise<DosingSession> => apiFetch(path(id));
export const stepSession = (id: string, step: SessionStep, extra: { reason?: string; override?: { reason: string; stepUpToken: string } } = {}): Promise<DosingSession> =>
  apiSend('POST', `${path(id)}/steps`, { step, ...extra });
export const updateChecklist = (id: string, values: ChecklistValues): Promise<DosingSession> => apiSend('PUT', `${path(id)}/checklist`, values);
export const orderDose = (id: string, input: DoseOrderInput): Promise<DosingSession> => apiSend('POST', `${path(id)}/dose-order`, input);
export const doubleCheckDose = (id: string, stepUpToken: string): Promise<DosingSession> => apiSend('POST', `${path(id)}/dose-order/double-check`, { stepUpToken });
export const recordReadings = (id: string, readings: ReadingInput[]): Promise<{ stored: number; duplicates: number }> => apiSend('POST', `${path(id)}/vitals`, { readings });
export const acknowledgeAlert = (alertId: string, note?: string): Promise<DosingSession> => apiSend('POST', `/api/alerts/${encodeURIComponent(alertId)}/acknowledge`, note === undefined || note === '' ? {} : { note });
export const declinePause = (id: string, reason: string): Promise<DosingSession> => apiSend('POST', `${path(id)}/decline-pause`, { reason });
export const recordAldrete = (id: string, scores: Required<AldreteScores>): Promise<DosingSession> => apiSend('PUT', `${path(id)}/aldrete`, scores);
export const changeRate = (id: string, rateMlPerHour: number, reason: string): Promise<DosingSession> => apiSend('POST', `${path(id)}/rate`, { rateMlPerHour, reason });

/** Rates a CADSS-6 at the chair (stored as the patient's questionnaire response, scored by core). */
export const rateCadss6 = (id: string, answers: number[], measuredAt: string): Promise<{ id: string; total: number }> => apiSend('POST', `${path(id)}/cadss6`, { answers, measuredAt });
