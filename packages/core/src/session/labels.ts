/**
 * A dosing session's words: its states, its steps, the levels of its alerts, the vital signs and
 * the phase each kind of alert belongs to. The one table every page and message reads (with the
 * screening checks' in screening/check-labels.ts); colours and symbols stay with the pages.
 *
 * @module
 */
import type { AlertLevel } from '../monitoring/vital-signs.js';
import type { SessionState, SessionStep } from './steps.js';

export const SESSION_STATE_LABELS: Readonly<Record<SessionState, string>> = Object.freeze({
  scheduled: 'Scheduled',
  'checked-in': 'Checked in',
  'pre-dose': 'Pre-dose checks',
  infusing: 'Infusing',
  paused: 'Paused',
  observing: 'Observing',
  discharged: 'Discharged',
  aborted: 'Aborted',
});

export const SESSION_STEP_LABELS: Readonly<Record<SessionStep, string>> = Object.freeze({
  'check-in': 'Check in',
  'begin-pre-dose': 'Begin pre-dose checks',
  start: 'Start infusion',
  pause: 'Pause infusion',
  resume: 'Resume infusion',
  stop: 'Stop infusion',
  discharge: 'Discharge',
  abort: 'Abort session',
});

export const ALERT_LEVEL_LABELS: Readonly<Record<AlertLevel, string>> = Object.freeze({
  escalate: 'Escalate',
  pause: 'Pause level',
  hold: 'Hold',
  warn: 'Warning',
});

/** The readings of a session, with the unit each is shown in. */
export const VITAL_SIGN_LABELS: Readonly<Record<string, { label: string; unit: string }>> = Object.freeze({
  systolic: { label: 'Systolic', unit: 'mmHg' },
  diastolic: { label: 'Diastolic', unit: 'mmHg' },
  heartRate: { label: 'Heart rate', unit: '/min' },
  spo2: { label: 'SpO2', unit: '%' },
  respiratoryRate: { label: 'Resp. rate', unit: '/min' },
  moaas: { label: 'MOAA/S', unit: '' },
});

/** The kinds of a session's alerts: vital signs by phase, overdue monitoring, the pump's end. */
export const SESSION_ALERT_KINDS = [
  'vitals:pre-dose',
  'vitals:infusing',
  'vitals:observing',
  'overdue',
  'infusion:planned-end',
  'infusion:bag-complete',
] as const;
export type SessionAlertKindName = (typeof SESSION_ALERT_KINDS)[number];

/** Where in the session each kind of alert belongs, in words ("during infusion"). */
export const ALERT_KIND_PHASE_LABELS: Readonly<Record<SessionAlertKindName, string>> = Object.freeze({
  'vitals:pre-dose': 'pre-dose',
  'vitals:infusing': 'during infusion',
  'vitals:observing': 'while observing',
  overdue: 'monitoring',
  'infusion:planned-end': 'infusion pump',
  'infusion:bag-complete': 'infusion pump',
});
