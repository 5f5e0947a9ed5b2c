/**
 * The facts of many dosing sessions at once, for the Today board and the timed-alarm sweep: a fixed
 * number of set queries whatever the number of sessions (the console's `sessionView` runs about a
 * dozen per session). Each session's facts are judged by the same functions as its console view
 * (`infusionCourseOf`, `monitoringOf`, `checklistFrom`), so the board and the console agree.
 *
 * @module
 */
import type { ChecklistItem } from '@kairos/core';
import { ivCalculation, type SessionAlert, type SessionMonitoring, type SessionReading } from '@kairos/api';
import type { Selectable } from 'kysely';
import { protocolInForce } from '../../protocol/protocol-in-force.js';
import { rowInForce, siteProtocolOf, versionsOf, type SiteProtocol } from '../../protocol/internal/versions.js';
import { AppError } from '../../../errors.js';
import type { Db } from '../../../store/database.js';
import type { DosingSessionTable } from '../../../store/schema.js';
import { anyOf } from '../../../store/any-of.js';
import { calculationOf, readingOf, alertOf } from './session-rows.js';
import { checklistFrom, closerReasonsFrom, latestPreDoseFullSets, maintenanceCountsOf, type ChecklistInputs } from './session-facts.js';
import { infusionCourseOf, monitoringOf } from './session-view.js';
import { groupBy } from '../../group-by.js';

export type SessionRow = Selectable<DosingSessionTable>;

/** What the board and the sweep know of one session. */
export interface SessionFacts {
  protocol: SiteProtocol;
  /** The pump's course (as the console's `infusion`): planned minutes, and the progress once started with an order. */
  course: ReturnType<typeof infusionCourseOf>;
  /** The latest reading with a full set of vital signs (a blood pressure), as the console shows it. */
  latestVitals: SessionReading | null;
  /** Alerts neither acknowledged nor closed, oldest first. */
  openAlerts: SessionAlert[];
  monitoring: SessionMonitoring | null;
  /** The pre-dose checklist's items, for the sessions asked for (`checklistFor`), else null. */
  checklist: readonly ChecklistItem[] | null;
}

/** The first row of each key (as `Array.find` would find it). */
const firstBy = <T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T> => {
  const m = new Map<K, T>();
  for (const r of rows) if (!m.has(key(r))) m.set(key(r), r);
  return m;
};

/**
 * The facts of the given sessions at `now`, in a fixed number of queries. `checklistFor` names the
 * sessions whose pre-dose checklist is wanted (the board shows what holds a session before its start).
 */
export async function loadSessionFacts(
  tx: Db,
  sessions: readonly SessionRow[],
  now: Date,
  checklistFor: (s: SessionRow) => boolean = () => false,
): Promise<Map<string, SessionFacts>> {
  const out = new Map<string, SessionFacts>();
  if (sessions.length === 0) return out;
  const ids = sessions.map((s) => s.id);
  const siteIds = [...new Set(sessions.map((s) => s.site_id))];
  const patientIds = [...new Set(sessions.map((s) => s.patient_id))];
  const started = sessions.filter((s) => s.infusion_started_at !== null).map((s) => s.id);
  const pre = sessions.filter(checklistFor);
  const preIds = pre.map((s) => s.id);

  // The protocol of each session: the version it started under, else the site's in force (as protocolForSession).
  const versionRows = await versionsOf(tx, siteIds);
  const versionsBySite = groupBy(versionRows, (r) => r.site_id);
  const protocols = new Map<string, SiteProtocol>();
  const protocolOf = async (s: SessionRow): Promise<SiteProtocol> => {
    const rows = versionsBySite.get(s.site_id) ?? [];
    const row = s.protocol_version === null ? rowInForce(rows) : rows.find((r) => r.version === s.protocol_version);
    if (row === undefined) {
      if (s.protocol_version !== null)
        throw new AppError('CONFLICT', `the protocol version ${s.protocol_version} this session started under is missing`);
      // A site never configured: its shipped defaults become version 1 (once, as protocolInForce does).
      const p = await protocolInForce(tx, s.site_id, now);
      protocols.set(`${s.site_id}:in-force`, p);
      return p;
    }
    const key = `${s.site_id}:${row.version}`;
    const known = protocols.get(key);
    if (known !== undefined) return known;
    const p = siteProtocolOf(row);
    protocols.set(key, p);
    return p;
  };

  const orders = await tx
    .selectFrom('dose_order')
    .selectAll()
    .distinctOn('session_id')
    .where('session_id', '=', anyOf(ids))
    .orderBy('session_id')
    .orderBy('ordered_at', 'desc')
    .orderBy('id')
    .execute();
  const orderOf = new Map(orders.map((o) => [o.session_id, o]));
  const events = groupBy(
    started.length === 0
      ? []
      : await tx.selectFrom('infusion_event').selectAll().where('session_id', '=', anyOf(started)).orderBy('id').execute(),
    (e) => e.session_id,
  );
  // The latest full set of each session: one index probe per session (vital_reading_latest_vitals).
  const latest = await tx
    .selectFrom('dosing_session as d')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('vital_reading as v')
          .selectAll('v')
          .whereRef('v.session_id', '=', 'd.id')
          .where('v.systolic', 'is not', null)
          .orderBy('v.measured_at', 'desc')
          .limit(1)
          .as('r'),
      (join) => join.onTrue(),
    )
    .selectAll('r')
    .where('d.id', '=', anyOf(ids))
    .execute();
  const latestOf = new Map(latest.map((r) => [r.session_id, r]));
  // What the monitoring schedule counts as recorded: the times of full sets and MOAA/S scores, and CADSS-6 ratings.
  const recordedRows =
    started.length === 0
      ? []
      : await tx
          .selectFrom('vital_reading')
          .select(['session_id', 'measured_at', 'systolic', 'moaas'])
          .where('session_id', '=', anyOf(started))
          .where((eb) => eb.or([eb('systolic', 'is not', null), eb('moaas', 'is not', null)]))
          .orderBy('session_id')
          .orderBy('measured_at')
          .execute();
  const recordedOf = groupBy(recordedRows, (r) => r.session_id);
  const cadss6 = groupBy(
    started.length === 0
      ? []
      : await tx
          .selectFrom('questionnaire_response')
          .select(['session_id', 'completed_at'])
          .where('session_id', '=', anyOf(started))
          .where('instrument', '=', 'cadss6')
          .orderBy('completed_at')
          .execute(),
    (c) => c.session_id,
  );
  const facts = groupBy(
    await tx
      .selectFrom('patient_fact')
      .select(['patient_id', 'kind', 'data'])
      .where('patient_id', '=', anyOf(patientIds))
      .where('retired_at', 'is', null)
      .where('kind', 'in', ['medication', 'condition'])
      .orderBy('recorded_at')
      .orderBy('id')
      .execute(),
    (f) => f.patient_id,
  );
  // Alerts not acknowledged: the open ones, and the pre-dose ones the checklist counts.
  const unacknowledged = groupBy(
    await tx
      .selectFrom('session_alert')
      .selectAll()
      .where('session_id', '=', anyOf(ids))
      .where('acknowledged_at', 'is', null)
      .orderBy('raised_at')
      .execute(),
    (a) => a.session_id,
  );

  // The checklist's facts, for the sessions before their start only.
  const checklistInputs = new Map<string, ChecklistInputs>();
  if (pre.length > 0) {
    const enrollmentIds = [...new Set(pre.map((s) => s.enrollment_id))];
    const inputs = await tx
      .selectFrom('screening_input')
      .select(['enrollment_id', 'data'])
      .where('enrollment_id', '=', anyOf(enrollmentIds))
      .execute();
    const holds = await tx
      .selectFrom('screening_hold')
      .select(['enrollment_id', 'kind', 'reasons'])
      .where('enrollment_id', '=', anyOf(enrollmentIds))
      .where('released_at', 'is', null)
      .execute();
    const starts = await tx
      .selectFrom('scheduled_event')
      .select(['id', 'starts_at'])
      .where('id', '=', anyOf(pre.map((s) => s.event_id)))
      .execute();
    const preDose = await latestPreDoseFullSets(tx, preIds, now);
    const maintenance = await maintenanceCountsOf(tx, preIds, now);
    const zones = await tx.selectFrom('site').select(['id', 'time_zone']).where('id', 'in', siteIds).execute();
    const cssrs = await tx
      .selectFrom('questionnaire_response')
      .select(['patient_id', 'completed_at', 'score'])
      .distinctOn('patient_id')
      .where('patient_id', '=', anyOf(pre.map((s) => s.patient_id)))
      .where('instrument', '=', 'cssrs')
      .where('completed_at', '<=', now)
      .orderBy('patient_id')
      .orderBy('completed_at', 'desc')
      .execute();
    const premedicated = new Set(
      (
        await tx
          .selectFrom('session_medication')
          .select('session_id')
          .distinct()
          .where('session_id', '=', anyOf(preIds))
          .where('purpose', '=', 'premedication')
          .execute()
      ).map((m) => m.session_id),
    );
    // By key, each looked up once per session (a board of 500 sessions searched lists 500 times each).
    const zoneOf = firstBy(zones, (z) => z.id);
    const startOf = firstBy(starts, (e) => e.id);
    const holdOf = firstBy(holds, (h) => h.enrollment_id);
    const cssrsOf = firstBy(cssrs, (q) => q.patient_id);
    const inputOf = firstBy(inputs, (i) => i.enrollment_id);
    for (const s of pre) {
      const zone = zoneOf.get(s.site_id);
      const start = startOf.get(s.event_id);
      if (zone === undefined || start === undefined) throw new Error('a session without its site or event');
      const hold = holdOf.get(s.enrollment_id);
      const c = cssrsOf.get(s.patient_id);
      checklistInputs.set(s.id, {
        medications: medicationsOf(facts.get(s.patient_id)),
        screeningInput: inputOf.get(s.enrollment_id)?.data,
        hold: hold === undefined ? undefined : { kind: hold.kind, reasons: hold.reasons },
        eventStartsAt: start.starts_at,
        preDoseReadings: preDose.get(s.id) ?? [],
        openPreDoseAlerts: (unacknowledged.get(s.id) ?? []).filter((a) => a.kind === 'vitals:pre-dose').length,
        timeZone: zone.time_zone,
        cssrs: c === undefined ? undefined : { completed_at: c.completed_at, score: c.score },
        premedicationGiven: premedicated.has(s.id),
        maintenance: maintenance.has(s.id) ? { priorInfusionsIn12Months: maintenance.get(s.id) ?? 0 } : undefined,
      });
    }
  }

  for (const s of sessions) {
    const protocol = await protocolOf(s);
    const order = orderOf.get(s.id);
    const calc = order === undefined ? undefined : ivCalculation(calculationOf(order));
    const course = infusionCourseOf(s, calc, events.get(s.id) ?? [], protocol, now);
    const patientFacts = facts.get(s.patient_id);
    const monitoring =
      s.infusion_started_at === null
        ? null
        : monitoringOf(
            s,
            course.plannedMinutes,
            protocol,
            [
              ...(recordedOf.get(s.id) ?? []).flatMap((r) => [
                ...(r.systolic !== null ? [{ kind: 'vitals' as const, at: r.measured_at.toISOString() }] : []),
                ...(r.moaas !== null ? [{ kind: 'moaas' as const, at: r.measured_at.toISOString() }] : []),
              ]),
              ...(cadss6.get(s.id) ?? []).map((c) => ({ kind: 'cadss6' as const, at: c.completed_at.toISOString() })),
            ],
            closerReasonsFrom(
              medicationsOf(patientFacts),
              (patientFacts ?? []).filter((f) => f.kind === 'condition').map((f) => (f.data as { code?: unknown }).code),
              protocol,
            ),
            now,
          );
    const inputs = checklistInputs.get(s.id);
    const l = latestOf.get(s.id);
    out.set(s.id, {
      protocol,
      course,
      latestVitals: l === undefined ? null : readingOf(l),
      openAlerts: (unacknowledged.get(s.id) ?? []).filter((a) => a.closed_at === null).map(alertOf),
      monitoring,
      // Judged at the start once the infusion has started (what it started on), else now (as the console).
      checklist: inputs === undefined ? null : checklistFrom(s, inputs, protocol, s.infusion_started_at ?? now).items,
    });
  }
  return out;
}

const medicationsOf = (facts: readonly { kind: string; data: unknown }[] | undefined) =>
  (facts ?? [])
    .filter((f) => f.kind === 'medication')
    .map((f) => {
      const d = f.data as { name?: unknown; dailyDoseMg?: unknown };
      return { name: String(d.name), dailyDoseMg: d.dailyDoseMg };
    });
