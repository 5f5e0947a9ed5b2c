/** Words for states, steps, alert levels and vital signs (core's one table, session/labels.ts) with their colours: every level has text and a symbol, never colour alone. */
import {
  ALERT_KIND_PHASE_LABELS,
  ALERT_LEVEL_LABELS,
  SESSION_STATE_LABELS,
  SESSION_STEP_LABELS,
  VITAL_SIGN_LABELS,
  type AlertLevel,
  type FiredThreshold,
  type MonitoringKind,
} from '@kairos/core';
import type { DosingSessionState, DosingSessionStep, SessionAlert, SessionAlertKind } from '@kairos/api';

export const STATE_LABELS: Record<DosingSessionState, string> = SESSION_STATE_LABELS;

export const STATE_COLORS: Record<DosingSessionState, string> = {
  scheduled: 'gray',
  'checked-in': 'blue',
  'pre-dose': 'indigo',
  infusing: 'teal',
  paused: 'orange',
  observing: 'cyan',
  discharged: 'green',
  aborted: 'dark',
};

export const STEP_LABELS: Record<DosingSessionStep, string> = SESSION_STEP_LABELS;

export const LEVEL_INFO: Record<AlertLevel, { label: string; color: string; rank: number }> = {
  escalate: { label: ALERT_LEVEL_LABELS.escalate, color: 'red', rank: 4 },
  pause: { label: ALERT_LEVEL_LABELS.pause, color: 'red', rank: 3 },
  hold: { label: ALERT_LEVEL_LABELS.hold, color: 'orange', rank: 2 },
  warn: { label: ALERT_LEVEL_LABELS.warn, color: 'yellow', rank: 1 },
};

export const VITAL_LABELS: Readonly<Record<string, { label: string; unit: string }>> = VITAL_SIGN_LABELS;

export const PHASE_LABELS: Readonly<Record<SessionAlertKind, string>> = ALERT_KIND_PHASE_LABELS;

/** Alerts that mean the infusion should stop now (the console offers Stop beside them). */
export const STOP_ALERT_KINDS: readonly SessionAlertKind[] = ['infusion:planned-end', 'infusion:bag-complete'];

const RECORDING_WORDS: Record<MonitoringKind, string> = { vitals: 'Vital signs', moaas: 'MOAA/S', cadss6: 'CADSS-6' };

/** An alert's headline in words: the fired thresholds of a vital-sign alert, or what the pump or the monitoring schedule needs. */
/** What an alert's words are made of: its kind and the details of that kind. */
export type AlertHeadline = SessionAlert extends infer A ? (A extends SessionAlert ? Pick<A, 'kind' | 'details'> : never) : never;

export function alertTitle(alert: AlertHeadline, timeZone?: string): string {
  if (alert.kind === 'infusion:planned-end') return 'Planned infusion time reached: stop the infusion';
  if (alert.kind === 'infusion:bag-complete') return 'The ordered bag is infused: stop the infusion';
  if (alert.kind === 'overdue') {
    // An item's id is `${kind}@${minute from the start}` (core's monitoring schedule).
    const minute = /@(\d+)$/.exec(alert.details.itemId)?.[1];
    return minute !== undefined
      ? `${RECORDING_WORDS[alert.details.item]} at ${minute} min overdue (due ${formatClock(alert.details.dueAt, timeZone)})`
      : `${RECORDING_WORDS[alert.details.item]} overdue (due ${formatClock(alert.details.dueAt, timeZone)})`;
  }
  return vitalsTitle(alert.details.fired, alert.details.episode?.worst);
}

/** What a level asks of the people at the chair. */
const LEVEL_ASKS: Record<AlertLevel, string> = {
  warn: 'warning',
  hold: 'hold before dosing',
  pause: 'pause recommended',
  escalate: 'call the prescriber',
};

/**
 * "Blood pressure 182/104 mmHg: pause recommended", "SpO2 88%: warning": the parameter, its worst
 * value in the episode (else the reading's), and what its level asks.
 */
export function vitalsTitle(fired: readonly FiredThreshold[] | undefined, worst?: Partial<Record<string, { value: number }>>): string {
  const list = fired ?? [];
  if (list.length === 0) return 'Vital signs past a threshold';
  const top = list.reduce((a, b) => ((LEVEL_INFO[b.level]?.rank ?? 0) > (LEVEL_INFO[a.level]?.rank ?? 0) ? b : a));
  const value = (vital: string): number | undefined => worst?.[vital]?.value ?? list.find((f) => f.vital === vital)?.value;
  const bp = top.vital === 'systolic' || top.vital === 'diastolic';
  const what = bp
    ? `Blood pressure ${value('systolic') ?? '—'}/${value('diastolic') ?? '—'} mmHg`
    : `${VITAL_LABELS[top.vital]?.label ?? top.vital} ${value(top.vital) ?? top.value}${unitOf(top.vital)}`;
  return `${what}: ${LEVEL_ASKS[top.level]}`;
}

const unitOf = (vital: string): string => {
  const u = VITAL_LABELS[vital]?.unit ?? '';
  return u === '' ? '' : u === '%' ? '%' : ` ${u}`;
};

/** When the reading behind a vital-sign alert was measured (other alerts have no reading). */
export function alertMeasuredAt(alert: AlertHeadline): string | undefined {
  return 'measuredAt' in alert.details ? alert.details.measuredAt : undefined;
}

const COMPARATORS: Record<string, string> = { '>=': '≥', '<=': '≤', '<': '<' };
const LEVEL_WORDS: Record<AlertLevel, string> = { warn: 'warning', hold: 'hold', pause: 'pause', escalate: 'escalate' };

/** "Systolic 182 mmHg ≥ 180 (pause)" for a fired threshold. */
export function describeFired(f: { vital: string; value: number; threshold: number; comparator: string; level?: AlertLevel }): string {
  const v = VITAL_LABELS[f.vital] ?? { label: f.vital, unit: '' };
  const unit = v.unit === '' ? '' : ` ${v.unit}`;
  return `${v.label} ${f.value}${unit} ${COMPARATORS[f.comparator] ?? f.comparator} ${f.threshold}${f.level === undefined ? '' : ` (${LEVEL_WORDS[f.level]})`}`;
}

/** The fired thresholds of an alert, one per vital (its highest level), as text. */
export function describeAlert(fired: readonly FiredThreshold[] | undefined): string {
  const top = new Map<string, FiredThreshold>();
  for (const f of fired ?? []) {
    const seen = top.get(f.vital);
    if (seen === undefined || (LEVEL_INFO[f.level]?.rank ?? 0) > (LEVEL_INFO[seen.level]?.rank ?? 0)) top.set(f.vital, f);
  }
  return top.size === 0 ? 'Vital signs past a threshold' : [...top.values()].map(describeFired).join('; ');
}

/** "BP 128/80 · HR 76 · SpO2 98% · RR 14" */
export function describeVitals(r: {
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
}): string {
  const parts: string[] = [];
  if (r.systolic !== null || r.diastolic !== null) parts.push(`BP ${r.systolic ?? '—'}/${r.diastolic ?? '—'}`);
  if (r.heartRate !== null) parts.push(`HR ${r.heartRate}`);
  if (r.spo2 !== null) parts.push(`SpO2 ${r.spo2}%`);
  if (r.respiratoryRate !== null) parts.push(`RR ${r.respiratoryRate}`);
  return parts.length === 0 ? 'no values' : parts.join(' · ');
}

/** "12:05", 24-hour, at the site when its time zone is given (else the browser's). */
export function formatClock(iso: string | null | undefined, timeZone?: string): string {
  if (iso === null || iso === undefined) return '—';
  return new Date(iso).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone === undefined ? {} : { timeZone }),
  });
}

/** "1:05:09" or "23:04" from milliseconds (negative shown as 0). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
