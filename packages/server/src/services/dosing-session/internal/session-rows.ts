/**
 * Stored rows of a dosing session as core and the contract take them: a reading's values, the pump's
 * events, a dose order's calculation, a stored reading, alert or pump event as the console shows it,
 * the escort confirmed at discharge, and the columns of an adverse event as every list shows it.
 *
 * @module
 */
import type { RecordedPumpEvent, VitalsPhase, VitalsReading } from '@kairos/core';
import type { DosingSessionView, SessionAlert, SessionDoseCalculation, SessionInfusionEvent, SessionReading } from '@kairos/api';
import type { Selectable } from 'kysely';
import type { InfusionEventTable, SessionAlertTable, VitalReadingTable } from '../../../store/schema.js';

export const toReading = (r: {
  systolic?: number | null;
  diastolic?: number | null;
  heart_rate?: number | null;
  heartRate?: number | null;
  spo2?: number | null;
  respiratory_rate?: number | null;
  respiratoryRate?: number | null;
  moaas?: number | null;
  temperature?: number | null;
  temperature_c?: string | number | null;
}): VitalsReading => {
  const out: Record<string, number> = {};
  const put = (k: string, v: number | string | null | undefined) => {
    if (v !== null && v !== undefined) out[k] = Number(v);
  };
  put('systolic', r.systolic);
  put('diastolic', r.diastolic);
  put('heartRate', r.heartRate ?? r.heart_rate);
  put('spo2', r.spo2);
  put('respiratoryRate', r.respiratoryRate ?? r.respiratory_rate);
  put('moaas', r.moaas);
  put('temperature', r.temperature ?? r.temperature_c);
  return out;
};

/** The pump's events as stored, as core takes them (core's `pumpEventsOf` applies a corrected stop). */
export const recordedPumpEvents = (events: readonly { kind: string; at: Date; rate_ml_per_hour: string | null }[]): RecordedPumpEvent[] =>
  events.map((e) => ({
    kind: e.kind as RecordedPumpEvent['kind'],
    at: e.at.toISOString(),
    rateMlPerHour: e.rate_ml_per_hour === null ? null : Number(e.rate_ml_per_hour),
  }));

/**
 * A dose order's calculation as `orderDose` records it: core's calculation with the protocol
 * version and the rule behind it (absent on orders recorded before they were kept).
 */
export const calculationOf = (order: { calculation: Record<string, unknown> }): SessionDoseCalculation =>
  order.calculation as SessionDoseCalculation;

/** A stored reading as the console shows it (its phase and level are core's, as `recordReadings` classified it). */
export function readingOf(r: Selectable<VitalReadingTable>): SessionReading {
  return {
    clientId: r.client_id,
    measuredAt: r.measured_at.toISOString(),
    systolic: r.systolic,
    diastolic: r.diastolic,
    heartRate: r.heart_rate,
    spo2: r.spo2,
    respiratoryRate: r.respiratory_rate,
    moaas: r.moaas,
    temperature: r.temperature_c === null ? null : Number(r.temperature_c),
    phase: r.phase as VitalsPhase,
    level: r.level as SessionReading['level'],
    source: r.source,
    protocolVersion: r.protocol_version,
  };
}

/** A stored alert: its kind, level and details are written together by `recordReadings` (vital signs) and `raiseTimedAlerts` (overdue, the pump). */
export function alertOf(a: Selectable<SessionAlertTable>): SessionAlert {
  const common = {
    id: a.id,
    raisedAt: a.raised_at.toISOString(),
    acknowledgedAt: a.acknowledged_at?.toISOString() ?? null,
    note: a.note,
    escalatedAt: a.escalated_at?.toISOString() ?? null,
    protocolVersion: a.protocol_version,
    ruleIds: a.rule_ids,
    alertedAt: a.alerted_at.toISOString(),
    reminders: a.reminders,
    episodeEndedAt: a.episode_ended_at?.toISOString() ?? null,
    closedAt: a.closed_at?.toISOString() ?? null,
  };
  return { ...common, kind: a.kind, level: a.level, details: a.details } as SessionAlert;
}

/** A pump event: its details are what the step, the rate change or the stop-time correction of its kind recorded. */
export function infusionEventOf(e: Selectable<InfusionEventTable>): SessionInfusionEvent {
  const common = {
    at: e.at.toISOString(),
    rateMlPerHour: e.rate_ml_per_hour === null ? null : Number(e.rate_ml_per_hour),
    reason: e.reason,
  };
  return { ...common, kind: e.kind, details: e.details } as SessionInfusionEvent;
}

/** The stored escort confirmed at discharge (`confirmDischargeEscort` writes `{ name, by, at }`). */
export const dischargeEscortOf = (stored: unknown): DosingSessionView['dischargeEscort'] => {
  const e = stored as { name: string; at: string } | null;
  return e === null ? null : { name: e.name, at: e.at };
};

/** The columns of an adverse event (`adverse_event as a`, reporter `app_user as u`) that every list of them shows. */
export const ADVERSE_EVENT_COLUMNS = [
  'a.id',
  'a.kind',
  'a.description',
  'a.severity',
  'a.occurred_at',
  'a.action_taken',
  'u.display_name as reported_by',
] as const;
