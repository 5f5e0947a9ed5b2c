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
  /** Vital signs by phase, a reading overdue, or the pump (the planned minutes reached, the ordered bag infused). */
  kind: 'vitals:pre-dose' | 'vitals:infusing' | 'vitals:observing' | 'overdue' | 'infusion:planned-end' | 'infusion:bag-complete' | (string & {});
  level: AlertLevel;
  details: {
    clientId?: string;
    measuredAt?: string;
    fired?: FiredThreshold[];
    /** overdue: the kind of recording and when it was due. */
    item?: string;
    dueAt?: string;
    /** infusion:planned-end */
    plannedMinutes?: number;
    reachedAt?: string;
    /** infusion:bag-complete */
    bagTotalMl?: number;
    completeAt?: string;
  };
  raisedAt: string;
  acknowledgedAt: string | null;
  note: string | null;
  /** When an escalation nobody with the authority acknowledged in time went to the prescriber and the medical directors (urgent task and message). */
  escalatedAt?: string | null;
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

export type ChecklistItemId = 'pre-dose-vitals' | 'cssrs-today' | 'fasting' | 'benzodiazepine-hold' | 'stimulant-hold' | 'pregnancy-test' | 'escort' | 'intention' | 'premedication';

/** `done`; `to-do` (a fact missing or not yet far enough back); `hold` (stops the infusion until a prescriber acts); `not-required`. */
export type ChecklistItemStatus = 'done' | 'to-do' | 'hold' | 'not-required';

export interface ChecklistItem {
  id: ChecklistItemId | (string & {});
  label: string;
  required: boolean;
  status: ChecklistItemStatus;
  /** Done or not required. */
  done: boolean;
  /** What is missing (or what meets it), in plain words. */
  detail: string;
  parameters: string[];
}

/** The facts of the pre-dose checklist as staff enter them (ISO instants), PUT /api/sessions/:id/checklist. */
export interface ChecklistInput {
  fasting?: { lastSolidsAt: string; lastClearLiquidsAt: string };
  benzodiazepineLastDoseAt?: string;
  stimulantHeldToday?: boolean;
  pregnancyTest?: { at: string; result: 'negative' | 'positive' };
  escort?: { name: string; phone: string };
  /** The therapist's (or medical director's). */
  intention?: string;
  /** Why no premedication was given. */
  premedicationNone?: string;
}

/** What is recorded: the facts, and prescribers' overrides of holds. */
export interface ChecklistValues extends ChecklistInput {
  overrides?: Partial<Record<string, { reason: string; by: string; at: string }>>;
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
  /** `stop-corrected`: a stop entered late, corrected to `at` (the recorded one is kept, `details.originalAt`). */
  kind: 'start' | 'pause' | 'resume' | 'rate' | 'stop' | 'stop-corrected';
  at: string;
  rateMlPerHour: number | null;
  reason: string | null;
  details?: { originalAt?: string; vitalSign?: boolean; approvedBy?: string; orderedRateMlPerHour?: number; deviationPercent?: number; withinTolerance?: boolean };
}

/** Why the infusion is paused, and whether the nurse may resume it. */
export interface PauseStatus {
  /** Paused for vital signs (a recommended pause, or after a pause-level reading). */
  vitalSign: boolean;
  /** False: a prescriber resumes it (their step-up proof of purpose `pause.resume`) with a reason. */
  resumeOpenToNurse: boolean;
  /** Plain words. */
  why: string;
}

/** The pump's course, as of the view's time (running minutes exclude pauses; the volume stops at the bag). */
export interface Infusion {
  events: InfusionEvent[];
  infusedMl: number;
  bagTotalMl: number | null;
  orderedRateMlPerHour: number | null;
  /** 0 while paused or stopped. */
  currentRateMlPerHour: number;
  /** Beyond this % of the ordered rate a change needs a prescriber. */
  tolerancePercent: number;
  concentrationMgPerMl: number | null;
  infusedMg: number;
  orderedMg: number | null;
  runningMinutes: number;
  plannedMinutes: number;
  /** While running: when the planned minutes will be reached at this pace. */
  plannedEndAt?: string | null;
  plannedMinutesReachedAt?: string | null;
  bagCompleteAt?: string | null;
  pause: PauseStatus | null;
}

export const MEDICATION_UNITS = ['mg', 'mcg', 'mL', 'units'] as const;
export type MedicationUnit = (typeof MEDICATION_UNITS)[number];
export const MEDICATION_ROUTES = ['IV', 'IM', 'PO', 'SL', 'IN', 'SC'] as const;
export type MedicationRoute = (typeof MEDICATION_ROUTES)[number];

/** One administration as staff enter it. */
export interface AdministrationInput {
  drug: string;
  dose: number;
  unit: MedicationUnit;
  route: MedicationRoute;
  givenAt: string;
  /** A user id; the person recording it by default. */
  givenBy?: string;
}

export interface MedicationInput extends AdministrationInput {
  purpose: 'premedication' | 'treatment';
  adverseEventId?: string;
}

/** A medication given at the chair. */
export interface SessionMedication {
  id: string;
  purpose: 'premedication' | 'treatment';
  adverseEventId: string | null;
  drug: string;
  dose: number;
  unit: MedicationUnit;
  route: MedicationRoute;
  givenAt: string;
  givenBy: string;
  givenByName: string;
}

export interface MonitoringItem {
  id?: string;
  kind: 'vitals' | 'moaas' | 'cadss6';
  dueAt: string;
  minuteFromStart: number;
}

export interface Monitoring {
  items: MonitoringItem[];
  overdue: OverdueItem[];
  /** Closer blood-pressure monitoring, with its reasons in plain words (null when not needed). */
  closer?: { reasons: string[]; everyMinutes?: number; minutesAfterEnd?: number } | null;
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
  infusion: Infusion;
  /** Medications given at the chair (premedication, treatments of adverse events). */
  medications: SessionMedication[];
  readings: Reading[];
  alerts: SessionAlert[];
  monitoring: Monitoring | null;
  /** The adult taking the patient home, confirmed at discharge. */
  dischargeEscort?: { name: string; at: string } | null;
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
  /** Before the start: what holds the infusion, in plain words. */
  holds?: string[];
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
export const stepSession = (id: string, step: SessionStep, extra: { reason?: string; stepUpToken?: string; override?: { reason: string; stepUpToken: string } } = {}): Promise<DosingSession> =>
  apiSend('POST', `${path(id)}/steps`, { step, ...extra });
export const updateChecklist = (id: string, values: ChecklistInput): Promise<DosingSession> => apiSend('PUT', `${path(id)}/checklist`, values);
/** A prescriber overrides the hold of today's high-risk C-SSRS (their own screen, or their step-up proof of purpose `checklist.override`). */
export const overrideChecklistItem = (id: string, item: 'cssrs-today', reason: string, stepUpToken?: string): Promise<DosingSession> =>
  apiSend('POST', `${path(id)}/checklist/override`, { item, reason, ...(stepUpToken === undefined ? {} : { stepUpToken }) });
export const orderDose = (id: string, input: DoseOrderInput): Promise<DosingSession> => apiSend('POST', `${path(id)}/dose-order`, input);
export const doubleCheckDose = (id: string, stepUpToken: string): Promise<DosingSession> => apiSend('POST', `${path(id)}/dose-order/double-check`, { stepUpToken });
export const recordReadings = (id: string, readings: ReadingInput[]): Promise<{ stored: number; duplicates: number }> => apiSend('POST', `${path(id)}/vitals`, { readings });
/** A pre-dose, pause-level or escalate-level alert is a prescriber's: their own screen, or their step-up proof of purpose `alert.acknowledge`. */
export const acknowledgeAlert = (alertId: string, input: { note?: string; stepUpToken?: string } = {}): Promise<DosingSession> =>
  apiSend('POST', `/api/alerts/${encodeURIComponent(alertId)}/acknowledge`, {
    ...(input.note === undefined || input.note === '' ? {} : { note: input.note }),
    ...(input.stepUpToken === undefined ? {} : { stepUpToken: input.stepUpToken }),
  });
/** A prescriber declines the recommended pause (their own screen, or their step-up proof of purpose `pause.decline`). */
export const declinePause = (id: string, reason: string, stepUpToken?: string): Promise<DosingSession> => apiSend('POST', `${path(id)}/decline-pause`, { reason, ...(stepUpToken === undefined ? {} : { stepUpToken }) });
export const recordAldrete = (id: string, scores: Required<AldreteScores>): Promise<DosingSession> => apiSend('PUT', `${path(id)}/aldrete`, scores);
/** Beyond the tolerance of the ordered rate: a prescriber's step-up proof of purpose `rate.change`. */
export const changeRate = (id: string, rateMlPerHour: number, reason: string, stepUpToken?: string): Promise<DosingSession> =>
  apiSend('POST', `${path(id)}/rate`, { rateMlPerHour, reason, ...(stepUpToken === undefined ? {} : { stepUpToken }) });
/** Corrects a stop entered late (while observing): `at` between the last start or resume and the recorded stop. */
export const correctStopTime = (id: string, at: string, reason: string): Promise<DosingSession> => apiSend('POST', `${path(id)}/stop-time`, { at, reason });
/** The adult taking the patient home, confirmed at discharge (while observing). */
export const confirmDischargeEscort = (id: string, name: string): Promise<DosingSession> => apiSend('PUT', `${path(id)}/discharge-escort`, { name });
/** A medication given at the chair: a premedication, or the treatment of one of the session's adverse events. */
export const recordMedication = (id: string, input: MedicationInput): Promise<{ id: string }> => apiSend('POST', `${path(id)}/medications`, input);

/** Rates a CADSS-6 at the chair (stored as the patient's questionnaire response, scored by core). */
export const rateCadss6 = (id: string, answers: number[], measuredAt: string): Promise<{ id: string; total: number }> => apiSend('POST', `${path(id)}/cadss6`, { answers, measuredAt });

export const ADVERSE_EVENT_KINDS = ['nausea', 'vomiting', 'hypertension', 'hypotension', 'tachycardia', 'bradycardia', 'desaturation', 'oversedation', 'respiratory-depression', 'emergence-reaction', 'anxiety', 'other'] as const;
export type AdverseEventKind = (typeof ADVERSE_EVENT_KINDS)[number];
export type AdverseEventSeverity = 'mild' | 'moderate' | 'severe';

/** A medication given to treat an adverse event, as listed with it. */
export interface Treatment {
  id: string;
  drug: string;
  dose: number;
  unit: MedicationUnit;
  route: MedicationRoute;
  givenAt: string;
  givenByName: string;
}

export interface AdverseEvent {
  id: string;
  kind: AdverseEventKind | (string & {});
  description: string | null;
  severity: AdverseEventSeverity | (string & {});
  serious: boolean;
  occurredAt: string;
  actionTaken: string;
  reportedBy: string;
  reviewedAt: string | null;
  reviewNote: string | null;
  treatments?: Treatment[];
}

export interface AdverseEventInput {
  kind: AdverseEventKind;
  description?: string;
  severity: AdverseEventSeverity;
  serious: boolean;
  occurredAt: string;
  actionTaken: string;
  treatments?: AdministrationInput[];
}

export const listAdverseEvents = (id: string): Promise<{ items: AdverseEvent[] }> => apiFetch(`${path(id)}/adverse-events`);
export const reportAdverseEvent = (id: string, input: AdverseEventInput): Promise<{ id: string }> => apiSend('POST', `${path(id)}/adverse-events`, input);
