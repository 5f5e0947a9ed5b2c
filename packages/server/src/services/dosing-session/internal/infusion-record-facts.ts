/**
 * What the infusion record PDF shows, gathered in the reading transaction: the console view
 * (`sessionView`: dose order, pump, alerts, CADSS-6, medications, the readings summarised per
 * bucket for the chart), the patient and the site, the booked event, who did what (display names),
 * the vital-sign readings for the table (bounded in SQL: at most about twice the PDF's row limit,
 * see `sampledReadings`), MOAA/S scores, adverse events, and the discharge: who, when, and the
 * criteria judged at that instant, with a prescriber's override when there was one.
 *
 * @module
 */
import { ADVERSE_EVENT_KIND_LABELS, ADVERSE_EVENT_SEVERITY_LABELS, routeOfCalculation, type SessionAlert } from '@kairos/api';
import {
  DOSING_ROUTE_LABELS,
  SESSION_DUTY_LABELS,
  doseOrderWords,
  isInfusionRoute,
  localDateOf,
  type DosingRoute,
  type SessionState,
} from '@kairos/core';
import { sql, type Selectable } from 'kysely';
import type { RequestMeta } from '../../context.js';
import type { Db } from '../../../store/database.js';
import type { DosingSessionTable } from '../../../store/schema.js';
import { pdfPatient } from '../../pdf-printable.js';
import { protocolForSession } from '../../protocol/protocol-for-session.js';
import { listAdverseEvents } from '../list-adverse-events.js';
import { INFUSION_RECORD_PDF_LIMITS, type InfusionRecordPdfFacts, type RecordReadingRow } from '../render-infusion-record-pdf.js';
import { dischargeReadiness } from './session-facts.js';
import { sessionView } from './session-view.js';

const STATE_WORDS: Record<SessionState, string> = {
  scheduled: 'Scheduled',
  'checked-in': 'Checked in',
  'pre-dose': 'Pre-dose checks',
  infusing: 'Infusing',
  paused: 'Paused',
  observing: 'Observing',
  discharged: 'Discharged',
  aborted: 'Aborted',
};

const STEP_WORDS: Partial<Record<SessionState, string>> = {
  'checked-in': 'Checked in',
  'pre-dose': 'Pre-dose checks begun',
  discharged: 'Discharged',
  aborted: 'Session aborted',
};

const GIVEN_WORDS: Record<DosingRoute, string> = {
  IV: 'Infusion started',
  IM: 'Intramuscular injection given',
  SL: 'Oral/sublingual dose given',
};

const PUMP_WORDS = {
  start: 'Infusion started',
  pause: 'Infusion paused',
  resume: 'Infusion resumed',
  rate: 'Rate changed',
  stop: 'Infusion stopped',
  'stop-corrected': 'Stop time corrected',
} as const;

const RECORDING_WORDS = { vitals: 'Vital signs', moaas: 'MOAA/S', cadss6: 'CADSS-6' } as const;
const LEVEL_ASKS: Record<string, string> = {
  warn: 'warning',
  hold: 'hold before dosing',
  pause: 'pause recommended',
  escalate: 'call the prescriber',
};
const VITAL_WORDS: Record<string, { label: string; unit: string }> = {
  heartRate: { label: 'Heart rate', unit: ' /min' },
  spo2: { label: 'SpO2', unit: '%' },
  respiratoryRate: { label: 'Respiratory rate', unit: ' /min' },
  moaas: { label: 'MOAA/S', unit: '' },
  temperature: { label: 'Temperature', unit: ' °C' },
};
const RANK: Record<string, number> = { escalate: 4, pause: 3, hold: 2, warn: 1 };

/** An alert in words, as the console says it ("Blood pressure 186/104 mmHg: pause recommended"). */
export function alertWords(a: SessionAlert): string {
  if (a.kind === 'infusion:planned-end') return 'Planned infusion time reached: stop the infusion';
  if (a.kind === 'infusion:bag-complete') return 'The ordered bag is infused: stop the infusion';
  if (a.kind === 'overdue') {
    // An item's id is `${kind}@${minute from the start}` (core's monitoring schedule).
    const minute = /@(\d+)$/.exec(a.details.itemId)?.[1];
    return `${RECORDING_WORDS[a.details.item]}${minute === undefined ? '' : ` at ${minute} min`} overdue`;
  }
  const fired = a.details.fired;
  if (fired.length === 0) return 'Vital signs past a threshold';
  const top = fired.reduce((x, y) => ((RANK[y.level] ?? 0) > (RANK[x.level] ?? 0) ? y : x));
  const worst = a.details.episode?.worst as Partial<Record<string, { value: number }>> | undefined;
  const value = (vital: string) => worst?.[vital]?.value ?? fired.find((f) => f.vital === vital)?.value;
  const what =
    top.vital === 'systolic' || top.vital === 'diastolic'
      ? `Blood pressure ${value('systolic') ?? '-'}/${value('diastolic') ?? '-'} mmHg`
      : `${VITAL_WORDS[top.vital]?.label ?? top.vital} ${value(top.vital) ?? top.value}${VITAL_WORDS[top.vital]?.unit ?? ''}`;
  return `${what}: ${LEVEL_ASKS[top.level] ?? top.level}`;
}

/**
 * The session's vital-sign readings for the table, bounded in one statement: readings outside the
 * normal range and those within it, each group all of it up to the PDF's row limit, else an even
 * sample of it (every k-th, the first and last included). The renderer makes the final choice
 * (`readingsToPrint`); the counts are the session's whole.
 */
async function sampledReadings(tx: Db, sessionId: string): Promise<InfusionRecordPdfFacts['readings']> {
  const limit = INFUSION_RECORD_PDF_LIMITS.readingRows;
  const rows = (
    await sql<{
      measured_at: Date;
      systolic: number | null;
      diastolic: number | null;
      heart_rate: number | null;
      spo2: number | null;
      respiratory_rate: number | null;
      temperature_c: string | number | null;
      level: string;
      source: 'manual' | 'device';
      outside: boolean;
      group_total: number;
    }>`
      WITH r AS (
        SELECT measured_at, client_id, systolic, diastolic, heart_rate, spo2, respiratory_rate, temperature_c, level, source,
               level <> 'normal' AS outside,
               row_number() OVER (PARTITION BY level <> 'normal' ORDER BY measured_at, client_id) AS k,
               count(*) OVER (PARTITION BY level <> 'normal') AS group_total
        FROM vital_reading
        WHERE session_id = ${sessionId}
          AND (systolic IS NOT NULL OR diastolic IS NOT NULL OR heart_rate IS NOT NULL OR spo2 IS NOT NULL
               OR respiratory_rate IS NOT NULL OR temperature_c IS NOT NULL)
      )
      SELECT measured_at, systolic, diastolic, heart_rate, spo2, respiratory_rate, temperature_c, level, source, outside,
             group_total::int AS group_total
      FROM r
      WHERE group_total <= ${limit} OR k = group_total OR (k - 1) % ceil(group_total::numeric / ${limit})::int = 0
      ORDER BY measured_at, client_id`.execute(tx)
  ).rows;
  const outsideRange = rows.find((r) => r.outside)?.group_total ?? 0;
  const within = rows.find((r) => !r.outside)?.group_total ?? 0;
  return {
    total: outsideRange + within,
    outsideRange,
    rows: rows.map((r): RecordReadingRow => ({
      at: r.measured_at,
      systolic: r.systolic,
      diastolic: r.diastolic,
      heartRate: r.heart_rate,
      spo2: r.spo2,
      respiratoryRate: r.respiratory_rate,
      temperature: r.temperature_c === null ? null : Number(r.temperature_c),
      level: r.level,
      source: r.source,
    })),
  };
}

/** The session's MOAA/S scores: all up to the PDF's limit, else an even sample (the first and last included). */
async function sampledMoaas(tx: Db, sessionId: string): Promise<InfusionRecordPdfFacts['moaas']> {
  const limit = INFUSION_RECORD_PDF_LIMITS.scores;
  const rows = (
    await sql<{ measured_at: Date; moaas: number; total: number }>`
      WITH r AS (
        SELECT measured_at, client_id, moaas, row_number() OVER (ORDER BY measured_at, client_id) AS k, count(*) OVER () AS total
        FROM vital_reading WHERE session_id = ${sessionId} AND moaas IS NOT NULL
      )
      SELECT measured_at, moaas, total::int AS total FROM r
      WHERE total <= ${limit} OR k = total OR (k - 1) % ceil(total::numeric / ${limit})::int = 0
      ORDER BY measured_at, client_id`.execute(tx)
  ).rows;
  return { total: rows[0]?.total ?? 0, rows: rows.map((r) => ({ at: r.measured_at, score: r.moaas })) };
}

/** " (first recorded at 14:52)": the recorded stop a correction replaced, at the site. */
function correctedFrom(details: Record<string, unknown>, timeZone: string): string {
  const original = typeof details.originalAt === 'string' ? new Date(details.originalAt) : null;
  if (original === null || Number.isNaN(original.getTime())) return '';
  const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(original);
  return ` (first recorded at ${clock})`;
}

/** Everything the infusion record PDF of session `s` shows (read in the caller's transaction). */
export async function infusionRecordFacts(tx: Db, s: Selectable<DosingSessionTable>, meta: RequestMeta): Promise<InfusionRecordPdfFacts> {
  const view = await sessionView(tx, s.id, meta.now, s);
  const patient = await tx
    .selectFrom('patient')
    .select(['given_name', 'family_name', 'birth_date', 'mrn', 'synthetic'])
    .where('id', '=', s.patient_id)
    .executeTakeFirstOrThrow();
  const site = await tx.selectFrom('site').select(['name', 'time_zone']).where('id', '=', s.site_id).executeTakeFirstOrThrow();
  const event = await tx
    .selectFrom('scheduled_event as e')
    .leftJoin('chair as c', 'c.id', 'e.chair_id')
    .leftJoin('room as r', 'r.id', 'e.room_id')
    .select(['e.starts_at', 'c.name as chair', 'r.name as room'])
    .where('e.id', '=', s.event_id)
    .executeTakeFirst();
  const transitions = await tx
    .selectFrom('session_transition')
    .select(['from_state', 'to_state', 'at', 'actor_id', 'reason'])
    .where('session_id', '=', s.id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const pump = await tx
    .selectFrom('infusion_event')
    .select(['kind', 'at', 'actor_id', 'rate_ml_per_hour', 'reason', 'details'])
    .where('session_id', '=', s.id)
    .orderBy('id')
    .execute();
  const acknowledgers = await tx
    .selectFrom('session_alert')
    .select(['id', 'acknowledged_by'])
    .where('session_id', '=', s.id)
    .where('acknowledged_by', 'is not', null)
    .execute();
  // The prescriber who discharged by override (the step records it in its audit event only).
  const override = await tx
    .selectFrom('audit_event')
    .select(['user_id', 'details'])
    .where('record_type', '=', 'dosing_session')
    .where('record_id', '=', s.id)
    .where('action', '=', 'session.discharge-override')
    .where('outcome', '=', 'allowed')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  const ids = new Set<string>();
  const add = (id: string | null | undefined) => {
    if (typeof id === 'string') ids.add(id);
  };
  add(view.doseOrder?.orderedBy);
  add(view.doseOrder?.doubleCheckedBy);
  transitions.forEach((t) => add(t.actor_id));
  pump.forEach((e) => add(e.actor_id));
  acknowledgers.forEach((a) => add(a.acknowledged_by));
  add(override?.user_id);
  const names = new Map(
    ids.size === 0
      ? []
      : (
          await tx
            .selectFrom('app_user')
            .select(['id', 'display_name'])
            .where('id', 'in', [...ids])
            .execute()
        ).map((u) => [u.id, u.display_name]),
  );
  const who = (id: string | null | undefined) => (id === null || id === undefined ? null : (names.get(id) ?? 'a former staff member'));

  const timings: InfusionRecordPdfFacts['timings'] = [
    ...transitions.flatMap((t) => {
      // Without an infusion, the step from pre-dose to observing is the dose given.
      const what = t.from_state === 'pre-dose' && t.to_state === 'observing' ? GIVEN_WORDS[s.route] : STEP_WORDS[t.to_state];
      return what === undefined ? [] : [{ at: t.at, what, by: who(t.actor_id), note: t.to_state === 'aborted' ? t.reason : null }];
    }),
    ...pump.map((e) => ({
      at: e.at,
      what:
        e.kind === 'rate'
          ? `Rate changed to ${Number(e.rate_ml_per_hour)} mL/h`
          : e.kind === 'stop-corrected'
            ? `Infusion stop time corrected${correctedFrom(e.details, site.time_zone)}`
            : PUMP_WORDS[e.kind],
      by: who(e.actor_id),
      note: e.reason,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  const ended = [...transitions].reverse().find((t) => t.to_state === 'discharged' || t.to_state === 'aborted');
  let criteria: InfusionRecordPdfFacts['discharge']['criteria'] = null;
  let aldrete: number | null = null;
  const started = s.infusion_started_at;
  if (started !== null && (s.state === 'discharged' || s.state === 'observing')) {
    const judgedAt = s.state === 'discharged' && ended !== undefined ? ended.at : meta.now;
    const readiness =
      s.state === 'observing' && view.discharge !== null
        ? view.discharge
        : await dischargeReadiness(tx, { ...s, infusion_started_at: started }, await protocolForSession(tx, s, meta.now), judgedAt);
    criteria = {
      judgedAt,
      ready: readiness.ready,
      conditions: readiness.conditions.map((c) => ({ status: c.status, message: c.message })),
    };
    // (a total only when every item is scored)
    aldrete = readiness.aldrete.total ?? null;
  }
  const escort = view.dischargeEscort;
  const calc = view.doseOrder?.calculation;
  const adverse = await listAdverseEvents(tx, s.id);
  const acknowledgedBy = new Map(acknowledgers.map((a) => [a.id, a.acknowledged_by]));
  const atOf = (iso: string | null) => (iso === null ? null : new Date(iso));

  return {
    clinicName: site.name,
    timeZone: site.time_zone,
    patient: pdfPatient(patient),
    sessionDate: localDateOf((event?.starts_at ?? s.infusion_started_at ?? s.created_at).toISOString(), site.time_zone),
    bookedAt: event?.starts_at ?? null,
    place: event?.chair === null || event?.chair === undefined ? null : `${event.chair}${event.room === null ? '' : `, ${event.room}`}`,
    state: STATE_WORDS[s.state],
    protocolVersion: s.protocol_version,
    dose:
      view.doseOrder === null || calc === undefined
        ? null
        : {
            orderedBy: who(view.doseOrder.orderedBy) ?? '',
            orderedAt: new Date(view.doseOrder.orderedAt),
            route: DOSING_ROUTE_LABELS[routeOfCalculation(calc)],
            ...doseOrderWords(calc),
            doubleCheckedBy: who(view.doseOrder.doubleCheckedBy),
            doubleCheckedAt: atOf(view.doseOrder.doubleCheckedAt),
          },
    timings,
    course: isInfusionRoute(s.route)
      ? {
          infusion: true,
          runningMinutes: view.infusion.runningMinutes,
          plannedMinutes: view.infusion.plannedMinutes,
          infusedMg: view.infusion.infusedMg,
          infusedMl: view.infusion.infusedMl,
        }
      : { infusion: false, givenAt: s.infusion_started_at, doseMg: s.infusion_started_at === null ? null : (calc?.doseMg ?? null) },
    chart: {
      bucketSeconds: view.history.bucketSeconds,
      points: view.history.buckets.map((b) => ({
        at: new Date(b.from),
        systolic: b.systolic,
        diastolic: b.diastolic,
        heartRate: b.heartRate,
        spo2: b.spo2,
      })),
      infusionStartedAt: s.infusion_started_at,
      infusionEndedAt: s.infusion_ended_at,
    },
    readings: await sampledReadings(tx, s.id),
    moaas: await sampledMoaas(tx, s.id),
    cadss6: view.cadss6.map((c) => ({ at: new Date(c.ratedAt), total: c.total })),
    medications: view.medications.map((m) => ({
      at: new Date(m.givenAt),
      what: `${m.drug} ${m.dose} ${m.unit} ${m.route}`,
      purpose: m.purpose === 'premedication' ? 'premedication' : 'treatment of an adverse event',
      by: m.givenByName,
    })),
    alerts: view.alerts.map((a) => {
      const by = acknowledgedBy.get(a.id);
      return {
        raisedAt: new Date(a.raisedAt),
        level: a.level,
        what: alertWords(a),
        acknowledged: a.acknowledgedAt === null ? null : { by: who(by) ?? 'not recorded', at: new Date(a.acknowledgedAt) },
        note: a.note,
        closedAt: atOf(a.closedAt),
      };
    }),
    adverseEvents: adverse.map((e) => ({
      occurredAt: new Date(e.occurredAt),
      kind: ADVERSE_EVENT_KIND_LABELS[e.kind],
      severity: ADVERSE_EVENT_SEVERITY_LABELS[e.severity],
      serious: e.serious,
      description: e.description,
      actionTaken: e.actionTaken,
      reportedBy: e.reportedBy,
      reviewed: e.reviewedAt === null ? null : { by: e.reviewedBy ?? 'not recorded', at: new Date(e.reviewedAt), note: e.reviewNote },
    })),
    credentialOverrides: view.credentialOverrides.map((o) => ({
      at: new Date(o.at),
      by: o.by,
      holder: o.holder,
      duty: SESSION_DUTY_LABELS[o.duty],
      lapses: o.lapses,
      reason: o.reason,
    })),
    discharge: {
      outcome: s.state === 'discharged' ? 'discharged' : s.state === 'aborted' ? 'aborted' : 'open',
      at: ended?.at ?? null,
      by: who(ended?.actor_id),
      reason: ended === undefined ? null : ended.to_state === 'aborted' || override !== undefined ? ended.reason : null,
      overrideBy: s.state === 'discharged' && override !== undefined ? who(override.user_id) : null,
      criteria,
      aldreteTotal: aldrete,
      escort: escort === null ? null : { name: escort.name, at: new Date(escort.at) },
    },
    generatedAt: meta.now,
  };
}

/**
 * The PDF's file name: the session's day only. Neither the patient's name nor the MRN: a download
 * folder, a browser's download list or a mail attachment shows file names to whoever looks, and the
 * record itself names the patient on every page.
 */
export const infusionRecordPdfName = (facts: Pick<InfusionRecordPdfFacts, 'sessionDate'>) =>
  `infusion-record-${facts.sessionDate.replace(/[^0-9-]/g, '')}.pdf`;
