/**
 * The view of a dosing session that every act at the console answers (the contract's
 * `DosingSessionView`): state and open steps, protocol, checklist, dose order, the pump's course,
 * medications, readings, alerts, monitoring schedule and discharge readiness.
 *
 * @module
 */
import {
  allowedStepsForRoute,
  buildMonitoringSchedule,
  findOverdue,
  monitoringSpanOf,
  pumpEventsOf,
  trackInfusion,
  type DosingRoute,
  type MonitoringRecord,
} from '@kairos/core';
import {
  ivCalculation,
  READINGS_IN_FULL,
  type DosingSessionView,
  type ProtocolParamValue,
  type IvDoseCalculation,
  type SessionMonitoring,
  type SessionReadingsHistory,
} from '@kairos/api';
import { sql, type Selectable } from 'kysely';
import type { DosingSessionTable, VitalReadingTable } from '../../../store/schema.js';
import type { SiteProtocol } from '../../protocol/internal/versions.js';
import { overridesOf } from '../../protocol/parameter-refs.js';
import { protocolForSession } from '../../protocol/protocol-for-session.js';
import type { Db } from '../../../store/database.js';
import { activeFacts } from '../../patients/active-facts.js';
import { storedChecklist } from './session-guards.js';
import { recordedPumpEvents, calculationOf, readingOf, alertOf, infusionEventOf, dischargeEscortOf } from './session-rows.js';
import { checklistStatus, latestOrder, pauseStatus, dischargeReadiness, closerMonitoringReasons } from './session-facts.js';

/** Everything the session console shows (the contract's `DosingSessionView`). */
export async function sessionView(
  tx: Db,
  sessionId: string,
  now: Date,
  /** The session's row when the caller has just read it in this transaction (a read; an act re-reads what it changed). */
  loaded?: Selectable<DosingSessionTable>,
): Promise<DosingSessionView> {
  const s =
    loaded?.id === sessionId
      ? loaded
      : await tx.selectFrom('dosing_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
  const protocol = await protocolForSession(tx, s, now);
  const order = await latestOrder(tx, s.id);
  const calc = order === undefined ? undefined : calculationOf(order);
  const events = await tx.selectFrom('infusion_event').selectAll().where('session_id', '=', s.id).orderBy('id').execute();
  const alerts = await tx.selectFrom('session_alert').selectAll().where('session_id', '=', s.id).orderBy('raised_at').execute();
  const { readings, history } = await boundedReadings(tx, s.id, alerts);
  const medications = await tx
    .selectFrom('session_medication as m')
    .innerJoin('app_user as u', 'u.id', 'm.given_by')
    .select([
      'm.id',
      'm.purpose',
      'm.adverse_event_id',
      'm.drug',
      'm.dose',
      'm.unit',
      'm.route',
      'm.given_at',
      'm.given_by',
      'u.display_name',
    ])
    .where('m.session_id', '=', s.id)
    .orderBy('m.given_at')
    .execute();
  const iv = ivCalculation(calc);
  const { plannedMinutes, progress } = infusionCourseOf(s, iv, events, protocol, now);
  const concentration = iv === undefined ? null : Number(iv.doseMg) / Number(iv.bagTotalMl);
  // CADSS-6 ratings at the chair are questionnaire responses of the session (item level, scored by core).
  const cadss6 = await tx
    .selectFrom('questionnaire_response')
    .select(['id', 'answers', 'total', 'completed_at'])
    .where('session_id', '=', s.id)
    .where('instrument', '=', 'cadss6')
    .orderBy('completed_at')
    .execute();
  const patientFacts = await activeFacts(tx, s.patient_id);
  const closer = await closerMonitoringReasons(tx, s.patient_id, protocol, patientFacts);
  const monitoring = monitoringOf(
    s,
    plannedMinutes,
    protocol,
    s.infusion_started_at === null ? [] : await recordedTimes(tx, s.id, cadss6),
    closer,
    now,
  );
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    id: s.id,
    siteId: s.site_id,
    eventId: s.event_id,
    patientId: s.patient_id,
    state: s.state,
    route: s.route,
    allowed: allowedStepsForRoute(s.state, s.route),
    protocolVersion: protocol.version,
    /**
     * The protocol this session runs under (the version it started under, or the site's in force
     * before the start): its values that differ from core's defaults, for the console's bands and
     * schedule. A client that cannot apply them must say so, never fall back to the defaults.
     */
    // (values of the configuration in force: core checked each against its parameter's shape)
    protocol: {
      version: protocol.version,
      signed: protocol.signed,
      overrides: overridesOf(protocol.config, ['vitals.', 'dosing.', 'preDose.']) as Record<string, ProtocolParamValue>,
    },
    pauseRecommended: s.pause_recommended,
    infusionStartedAt: s.infusion_started_at?.toISOString() ?? null,
    infusionEndedAt: s.infusion_ended_at?.toISOString() ?? null,
    // Judged at the start once the infusion has started (what it started on), else now.
    checklist: { values: storedChecklist(s), ...(await checklistStatus(tx, s, protocol, s.infusion_started_at ?? now, patientFacts)) },
    doseOrder:
      order === undefined || calc === undefined
        ? null
        : {
            id: order.id,
            orderedBy: order.ordered_by,
            orderedAt: order.ordered_at.toISOString(),
            calculation: calc,
            doubleCheckedBy: order.double_checked_by,
            doubleCheckedAt: order.double_checked_at?.toISOString() ?? null,
          },
    infusion: {
      events: events.map(infusionEventOf),
      infusedMl: progress?.infusedMl ?? 0,
      bagTotalMl: iv === undefined ? null : Number(iv.bagTotalMl),
      orderedRateMlPerHour: iv === undefined ? null : Number(iv.rateMlPerHour),
      currentRateMlPerHour: progress?.currentRateMlPerHour ?? 0,
      tolerancePercent: protocol.config.dosing.rateChangeTolerancePercent.value,
      concentrationMgPerMl: concentration === null ? null : Math.round(concentration * 1000) / 1000,
      infusedMg: progress === null || concentration === null ? 0 : round1(progress.infusedMl * concentration),
      orderedMg: calc === undefined ? null : Number(calc.doseMg),
      runningMinutes: progress?.runningMinutes ?? 0,
      plannedMinutes,
      plannedEndAt: progress?.plannedEndAt ?? null,
      plannedMinutesReachedAt: progress?.plannedMinutesReachedAt ?? null,
      bagCompleteAt: progress?.bagCompleteAt ?? null,
      pause: s.state === 'paused' ? await pauseStatus(tx, s.id, protocol, now) : null,
    },
    medications: medications.map((m) => ({
      id: m.id,
      purpose: m.purpose,
      adverseEventId: m.adverse_event_id,
      drug: m.drug,
      dose: Number(m.dose),
      unit: m.unit,
      route: m.route,
      givenAt: m.given_at.toISOString(),
      givenBy: m.given_by,
      givenByName: m.display_name,
    })),
    readings: readings.map(readingOf),
    history,
    // The item scores of a CADSS-6 as the measures route stores them (scored by core).
    cadss6: cadss6.map((c) => ({ id: c.id, answers: c.answers as number[], total: c.total, ratedAt: c.completed_at.toISOString() })),
    alerts: alerts.map(alertOf),
    monitoring,
    dischargeEscort: dischargeEscortOf(s.discharge_escort),
    // (an observing session has started its infusion)
    discharge:
      s.state === 'observing' && s.infusion_started_at !== null
        ? await dischargeReadiness(tx, { ...s, infusion_started_at: s.infusion_started_at }, protocol, now)
        : null,
    credentialOverrides: await credentialOverridesOf(tx, s.id),
  };
}

/** The medical director's overrides of lapsed credentials for a session, with the names of the holder and the director. */
async function credentialOverridesOf(tx: Db, sessionId: string) {
  const rows = await tx
    .selectFrom('credential_override as o')
    .leftJoin('app_user as h', 'h.id', 'o.user_id')
    .leftJoin('app_user as d', 'd.id', 'o.decided_by')
    .select(['o.duty', 'o.lapses', 'o.reason', 'o.decided_at', 'h.display_name as holder', 'd.display_name as director'])
    .where('o.session_id', '=', sessionId)
    .orderBy('o.decided_at')
    .execute();
  return rows.map((r) => ({
    holder: r.holder ?? 'a former staff member',
    duty: r.duty,
    lapses: r.lapses,
    reason: r.reason,
    by: r.director ?? 'a former staff member',
    at: r.decided_at.toISOString(),
  }));
}

/**
 * The planned minutes of a session's infusion and the pump's course so far (null before the start,
 * without an order, or without an infusion). Without an infusion the planned minutes are the site
 * protocol's: the monitoring window counted from the administration.
 */
export function infusionCourseOf(
  s: { infusion_started_at: Date | null },
  calc: IvDoseCalculation | undefined,
  events: readonly { kind: string; at: Date; rate_ml_per_hour: string | null }[],
  protocol: SiteProtocol,
  now: Date,
) {
  const plannedMinutes = Number(calc?.inputs.minutes ?? protocol.config.dosing.infusionMinutes.value);
  const progress =
    calc === undefined || s.infusion_started_at === null
      ? null
      : trackInfusion(pumpEventsOf(recordedPumpEvents(events)), { bagTotalMl: Number(calc.bagTotalMl), plannedMinutes }, now.toISOString());
  return { plannedMinutes, progress };
}

/** The monitoring schedule of a started session and what of it is overdue at `now` (null before the start). */
export function monitoringOf(
  s: { infusion_started_at: Date | null; infusion_ended_at: Date | null; route: DosingRoute },
  plannedMinutes: number,
  protocol: SiteProtocol,
  recorded: readonly MonitoringRecord[],
  closer: readonly string[],
  now: Date,
): SessionMonitoring | null {
  if (s.infusion_started_at === null) return null;
  const span = monitoringSpanOf(
    s.route,
    { startedAt: s.infusion_started_at.toISOString(), endedAt: s.infusion_ended_at?.toISOString() ?? null },
    plannedMinutes,
  );
  const schedule = buildMonitoringSchedule(span.start, span.end, protocol.config.vitals, {
    untilAt: now.toISOString(),
    closerBloodPressure: closer.length > 0,
  });
  return {
    items: schedule.items,
    overdue: findOverdue(schedule, recorded, now.toISOString(), protocol.config.vitals),
    closer:
      closer.length === 0
        ? null
        : {
            reasons: [...closer],
            everyMinutes: protocol.config.vitals.schedule.closerVitalsEveryMinutes.value,
            minutesAfterEnd: protocol.config.vitals.schedule.closerMonitoringMinutesAfterEnd.value,
          },
  };
}

/** About this many buckets summarise a whole session's readings (a few hundred points for the chart). */
const HISTORY_BUCKETS = 240;

/**
 * A session's readings for the console, bounded however long the session: the latest
 * `READINGS_IN_FULL` in full with every reading that raised an alert (the one an alert names and
 * each that raised, worsened or escalated its episode), and all of them as the minimum and maximum
 * of each vital sign per time bucket.
 */
async function boundedReadings(
  tx: Db,
  sessionId: string,
  alerts: readonly { kind: string; details: unknown }[],
): Promise<{ readings: Selectable<VitalReadingTable>[]; history: SessionReadingsHistory }> {
  const latest = await tx
    .selectFrom('vital_reading')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('measured_at', 'desc')
    .limit(READINGS_IN_FULL)
    .execute();
  const raisedBy = alertReadings(alerts);
  const alerting =
    latest.length < READINGS_IN_FULL || (raisedBy.clientIds.length === 0 && raisedBy.times.length === 0)
      ? []
      : await tx
          .selectFrom('vital_reading')
          .selectAll()
          .where('session_id', '=', sessionId)
          .where((eb) =>
            eb.or([
              ...(raisedBy.clientIds.length === 0 ? [] : [eb('client_id', 'in', raisedBy.clientIds)]),
              ...(raisedBy.times.length === 0
                ? []
                : [
                    eb(
                      'measured_at',
                      'in',
                      raisedBy.times.map((t) => new Date(t)),
                    ),
                  ]),
            ]),
          )
          .execute();
  const byId = new Map([...latest, ...alerting].map((r) => [r.client_id, r]));
  const readings = [...byId.values()].sort(
    (a, b) => a.measured_at.getTime() - b.measured_at.getTime() || (a.client_id < b.client_id ? -1 : a.client_id > b.client_id ? 1 : 0),
  );
  // One statement: the span of the session's readings chooses the bucket (whole minutes, so that a
  // bucket starts on a minute; about HISTORY_BUCKETS of them), and each bucket's count and ranges.
  // MATERIALIZED: the width is computed once (inlined, a planner with stale statistics rescanned the
  // span for every reading: minutes for 50,000 readings).
  const rows = (
    await sql<Record<string, number | null> & { bucket_seconds: number; from_s: number; count: number }>`
      WITH span AS MATERIALIZED (
        SELECT min(measured_at) AS lo, max(measured_at) AS hi FROM vital_reading WHERE session_id = ${sessionId}
      ), width AS MATERIALIZED (
        SELECT greatest(60, ceil(coalesce(date_part('epoch', hi - lo), 0) / ${HISTORY_BUCKETS} / 60) * 60)::int AS s FROM span
      )
      SELECT width.s AS bucket_seconds,
             floor(date_part('epoch', v.measured_at) / width.s) * width.s AS from_s,
             count(*)::int AS count,
             min(v.systolic) AS min_systolic, max(v.systolic) AS max_systolic,
             min(v.diastolic) AS min_diastolic, max(v.diastolic) AS max_diastolic,
             min(v.heart_rate) AS min_heart_rate, max(v.heart_rate) AS max_heart_rate,
             min(v.spo2) AS min_spo2, max(v.spo2) AS max_spo2,
             min(v.respiratory_rate) AS min_respiratory_rate, max(v.respiratory_rate) AS max_respiratory_rate
      FROM vital_reading v CROSS JOIN width
      WHERE v.session_id = ${sessionId}
      GROUP BY 1, 2
      ORDER BY 2`.execute(tx)
  ).rows;
  const bucketSeconds = rows[0]?.bucket_seconds ?? 60;
  const range = (r: Record<string, unknown>, c: string) => {
    const min = r[`min_${c}`];
    const max = r[`max_${c}`];
    return min === null || max === null || min === undefined || max === undefined ? null : { min: Number(min), max: Number(max) };
  };
  return {
    readings,
    history: {
      total: rows.reduce((n, r) => n + r.count, 0),
      bucketSeconds,
      buckets: rows.map((r) => ({
        from: new Date(Number(r.from_s) * 1000).toISOString(),
        count: r.count,
        systolic: range(r, 'systolic'),
        diastolic: range(r, 'diastolic'),
        heartRate: range(r, 'heart_rate'),
        spo2: range(r, 'spo2'),
        respiratoryRate: range(r, 'respiratory_rate'),
      })),
    },
  };
}

/** The readings the vital-sign alerts name: the one that raised each, and each that raised, worsened or escalated its episode. */
function alertReadings(alerts: readonly { kind: string; details: unknown }[]): { clientIds: string[]; times: string[] } {
  const clientIds = new Set<string>();
  const times = new Set<string>();
  for (const a of alerts) {
    if (!a.kind.startsWith('vitals:')) continue;
    const d = a.details as { clientId?: unknown; episode?: { history?: { event?: unknown; measuredAt?: unknown }[] } } | null;
    if (typeof d?.clientId === 'string') clientIds.add(d.clientId);
    for (const h of d?.episode?.history ?? [])
      if (h.event !== 'acknowledged' && typeof h.measuredAt === 'string' && !Number.isNaN(Date.parse(h.measuredAt)))
        times.add(h.measuredAt);
  }
  return { clientIds: [...clientIds], times: [...times] };
}

/** What the monitoring schedule counts as recorded: the times of full sets and MOAA/S scores (a narrow read), and CADSS-6 ratings. */
async function recordedTimes(tx: Db, sessionId: string, cadss6: readonly { completed_at: Date }[]): Promise<MonitoringRecord[]> {
  const rows = await tx
    .selectFrom('vital_reading')
    .select(['measured_at', sql<boolean>`systolic IS NOT NULL`.as('vitals'), sql<boolean>`moaas IS NOT NULL`.as('moaas')])
    .where('session_id', '=', sessionId)
    .where((eb) => eb.or([eb('systolic', 'is not', null), eb('moaas', 'is not', null)]))
    .orderBy('measured_at')
    .execute();
  return [
    ...rows.flatMap((r) => [
      ...(r.vitals ? [{ kind: 'vitals' as const, at: r.measured_at.toISOString() }] : []),
      ...(r.moaas ? [{ kind: 'moaas' as const, at: r.measured_at.toISOString() }] : []),
    ]),
    ...cadss6.map((c) => ({ kind: 'cadss6' as const, at: c.completed_at.toISOString() })),
  ];
}
