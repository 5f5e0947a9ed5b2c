/**
 * The rows of the research export: the site's courses the filters match (the program dashboard's
 * rule: a course is of its booked cohort's template, or of the enrollment's before it is booked; a
 * date range keeps only booked courses whose first day falls in it), their patients' study ids,
 * and, a page of patients at a time, everything exported about their courses, already
 * de-identified (`CourseRecord`). Each kind of row is one query over the page, so the number of
 * queries grows with the pages, not the patients; identifiers (names, MRNs, contact details, birth
 * dates, internal ids, free text) are read only where a transformation needs them (a birth date
 * for the age group, ids to join) and never reach a record.
 *
 * @module
 */
import { localDateOf, type DosingRoute } from '@kairos/core';
import { ivCalculation, type ResearchExportQuery } from '@kairos/api';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SiteProtocol } from '../../protocol/internal/versions.js';
import { calculationOf } from '../../dosing-session/internal/session-rows.js';
import { infusionCourseOf } from '../../dosing-session/internal/session-view.js';
import type { Db } from '../../../store/database.js';
import type { Database } from '../../../store/schema.js';
import { ageGroupOn, dayFrom, newStudyId } from './de-identify.js';
import { groupBy } from '../../group-by.js';

/** Migration 0032: a patient's study id (the only link from a study id back to the patient; never exported). */
export interface ResearchStudyIdTable {
  patient_id: string;
  study_id: string;
  created_at: Date;
}

/** The database with the study id table. */
export type ExportDb = Kysely<Database & { research_study_id: ResearchStudyIdTable }>;
export const withStudyIds = (db: Db): ExportDb => db.withTables<{ research_study_id: ResearchStudyIdTable }>();

/** The questionnaires exported: PCL-5 (past month, past week), PHQ-9, GAD-7 and the C-SSRS screener. */
export const EXPORTED_INSTRUMENTS = ['pcl5-month', 'pcl5-week', 'phq9', 'gad7', 'cssrs'] as const;

export type ExportFilters = Omit<ResearchExportQuery, 'format'>;

/** One course as exported (every field is in `research-fields.ts`). */
export interface CourseRecord {
  studyId: string;
  course: number;
  synthetic: boolean;
  template: string;
  ageGroup: string | null;
  sex: string;
  enrollmentState: string;
  withdrawnFrom: string | null;
  courseStartDay: number | null;
  stateChanges: { day: number; toState: string }[];
  events: { day: number; programDay: number; eventKind: string; eventState: string }[];
  sessions: {
    session: number;
    day: number | null;
    programDay: number | null;
    sessionState: string;
    route: DosingRoute;
    doseMgPerKg: number | null;
    plannedMinutes: number | null;
    infusionMinutes: number | null;
    paused: boolean;
    stoppedEarly: boolean;
    minutesToDischarge: number | null;
    bloodPressureLevel: BpLevel;
    adverseEvents: { kind: string; severity: string; serious: boolean }[];
  }[];
  measures: { day: number; dueDay: number | null; instrument: string; total: number | null; riskLevel: string | null }[];
}

const BP_LEVEL_RANK = { none: 0, warn: 1, hold: 2, pause: 3, escalate: 4 } as const;
type BpLevel = keyof typeof BP_LEVEL_RANK;
const isBpLevel = (l: string): l is BpLevel => l in BP_LEVEL_RANK;

/** The site's enrollments the filters match, with the course booked for each (its latest planned cohort). */
export function coursesInScope(db: ExportDb, siteId: string, f: ExportFilters) {
  let q = db
    .selectFrom('enrollment as e')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('scheduled_event as ev')
          .innerJoin('cohort as c', 'c.id', 'ev.cohort_id')
          .select(['c.program_template as cohort_template', 'c.start_date'])
          .whereRef('ev.enrollment_id', '=', 'e.id')
          .where('c.state', '=', 'planned')
          .orderBy('c.created_at', 'desc')
          .limit(1)
          .as('k'),
      (join) => join.onTrue(),
    )
    .where('e.site_id', '=', siteId);
  if (f.template !== undefined) {
    const template = f.template;
    q = q.where((eb) =>
      eb.or([
        eb('k.cohort_template', '=', template),
        eb.and([eb('k.cohort_template', 'is', null), eb('e.program_template', '=', template)]),
      ]),
    );
  }
  if (f.from !== undefined) q = q.where('k.start_date', '>=', f.from);
  if (f.to !== undefined) q = q.where('k.start_date', '<=', f.to);
  return q;
}

/** Study ids inserted per statement. */
const ASSIGN_BATCH = 500;

/**
 * Gives every patient of the scope without a study id a new one (random, kept). Drawn in batches,
 * so a large first export never holds the event loop; a drawn id another patient holds already
 * (practically never) is skipped by the insert and drawn again.
 */
export async function assignStudyIds(tx: ExportDb, siteId: string, f: ExportFilters, now: Date): Promise<number> {
  let assigned = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const missing = await tx
      .selectFrom('patient as p')
      .select('p.id')
      .where('p.id', 'in', coursesInScope(tx, siteId, f).select('e.patient_id'))
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('research_study_id as s').select('s.patient_id').whereRef('s.patient_id', '=', 'p.id'))),
      )
      .execute();
    if (missing.length === 0) return assigned;
    for (let i = 0; i < missing.length; i += ASSIGN_BATCH) {
      const rows = missing.slice(i, i + ASSIGN_BATCH).map((p) => ({ patient_id: p.id, study_id: newStudyId(), created_at: now }));
      const inserted = await tx
        .insertInto('research_study_id')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returning('patient_id')
        .execute();
      assigned += inserted.length;
    }
  }
  throw new Error('could not draw distinct study ids');
}

/** How many patients, courses and CSV rows the export holds (for its audit event; no ids). */
export async function countExport(
  db: ExportDb,
  siteId: string,
  f: ExportFilters,
): Promise<{ patients: number; courses: number; items: number }> {
  const scope = () => coursesInScope(db, siteId, f).select('e.id');
  const totals = await coursesInScope(db, siteId, f)
    .select((eb) => [eb.fn.countAll<string>().as('courses'), eb.fn.count<string>('e.patient_id').distinct().as('patients')])
    .executeTakeFirstOrThrow();
  const count = async (table: 'enrollment_transition' | 'scheduled_event' | 'dosing_session') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('enrollment_id', 'in', scope())
          .executeTakeFirstOrThrow()
      ).n,
    );
  const measures = await sql<{ n: string }>`
    SELECT count(*)::text AS n FROM (${measureRows(sql`r.patient_id IN (${coursesInScope(db, siteId, f).select('e.patient_id')})`)}) m
    WHERE m.enrollment_id IN (${scope()})`.execute(db);
  const items =
    (await count('enrollment_transition')) +
    (await count('scheduled_event')) +
    (await count('dosing_session')) +
    Number(measures.rows[0]?.n ?? 0);
  return { patients: Number(totals.patients), courses: Number(totals.courses), items };
}

/**
 * The questionnaires of some patients, each with the course it belongs to: its enrollment, or for
 * one stored without (entered on the spot), the patient's latest enrollment made on or before it
 * was answered (else their first).
 */
function measureRows(patients: RawBuilder<unknown>) {
  return sql<{
    enrollment_id: string | null;
    instrument: string;
    total: number | null;
    risk: string | null;
    due_date: string | null;
    completed_at: Date;
  }>`
    SELECT COALESCE(r.enrollment_id, (
             SELECT e2.id FROM enrollment e2 WHERE e2.patient_id = r.patient_id
             ORDER BY (e2.created_at <= r.completed_at) DESC,
                      CASE WHEN e2.created_at <= r.completed_at THEN e2.created_at END DESC NULLS LAST,
                      e2.created_at, e2.id
             LIMIT 1)) AS enrollment_id,
           r.instrument, r.total, r.score->>'risk' AS risk, r.due_date, r.completed_at, r.id
    FROM questionnaire_response r
    WHERE ${patients} AND r.instrument IN (${sql.join(EXPORTED_INSTRUMENTS)})`;
}

/** The next `limit` study ids of the scope after `after` (in the order of the study ids: random, so telling nothing). */
export async function nextStudyIds(db: ExportDb, siteId: string, f: ExportFilters, after: string | null, limit: number): Promise<string[]> {
  let q = coursesInScope(db, siteId, f)
    .innerJoin('research_study_id as s', 's.patient_id', 'e.patient_id')
    .select('s.study_id')
    .distinct()
    .orderBy('s.study_id')
    .limit(limit);
  if (after !== null) q = q.where('s.study_id', '>', after);
  return (await q.execute()).map((r) => r.study_id);
}

/** The exported courses of the patients with these study ids, ordered by study id and course. */
export async function readCoursePage(
  db: ExportDb,
  site: { id: string; time_zone: string },
  f: ExportFilters,
  studyIds: readonly string[],
  protocol: SiteProtocol,
  now: Date,
): Promise<CourseRecord[]> {
  if (studyIds.length === 0) return [];
  const zone = site.time_zone;
  const courses = await coursesInScope(db, site.id, f)
    .innerJoin('research_study_id as s', 's.patient_id', 'e.patient_id')
    .innerJoin('patient as p', 'p.id', 'e.patient_id')
    .select(['e.id', 'e.patient_id', 'e.state', 'e.program_template', 'e.created_at', 'k.cohort_template', 'k.start_date'])
    .select(['s.study_id', 'p.birth_date', 'p.sex', 'p.synthetic'])
    .select((eb) =>
      eb
        .selectFrom('enrollment as e2')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('e2.patient_id', '=', 'e.patient_id')
        .where((w) =>
          w.or([
            w('e2.created_at', '<', w.ref('e.created_at')),
            w.and([w('e2.created_at', '=', w.ref('e.created_at')), w('e2.id', '<=', w.ref('e.id'))]),
          ]),
        )
        .as('course'),
    )
    .where('s.study_id', 'in', studyIds)
    .execute();
  if (courses.length === 0) return [];
  const ids = courses.map((c) => c.id);
  const patientIds = [...new Set(courses.map((c) => c.patient_id))];

  const transitions = await db
    .selectFrom('enrollment_transition')
    .select(['enrollment_id', 'from_state', 'to_state', 'at'])
    .where('enrollment_id', 'in', ids)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const events = await db
    .selectFrom('scheduled_event')
    .select(['enrollment_id', 'kind', 'program_day', 'starts_at', 'state'])
    .where('enrollment_id', 'in', ids)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  const sessions = await db
    .selectFrom('dosing_session as s')
    .leftJoin('scheduled_event as ev', 'ev.id', 's.event_id')
    .select([
      's.id',
      's.enrollment_id',
      's.state',
      's.route',
      's.infusion_started_at',
      's.infusion_ended_at',
      'ev.program_day',
      'ev.starts_at',
    ])
    .where('s.enrollment_id', 'in', ids)
    .orderBy(sql`coalesce(s.infusion_started_at, ev.starts_at)`)
    .orderBy('s.created_at')
    .execute();
  const sessionIds = sessions.map((s) => s.id);
  /** The rows of `read` for the page's sessions; none to read without a session. */
  const ofSessions = async <R>(read: (ids: readonly string[]) => Promise<R[]>): Promise<R[]> =>
    sessionIds.length > 0 ? read(sessionIds) : [];
  const orders = await ofSessions((ids) =>
    db
      .selectFrom('dose_order')
      .distinctOn('session_id')
      .select(['session_id', 'calculation'])
      .where('session_id', 'in', ids)
      .orderBy('session_id')
      .orderBy('ordered_at', 'desc')
      .execute(),
  );
  const pump = await ofSessions((ids) =>
    db
      .selectFrom('infusion_event')
      .select(['session_id', 'kind', 'at', 'rate_ml_per_hour'])
      .where('session_id', 'in', ids)
      .orderBy('id')
      .execute(),
  );
  const discharges = await ofSessions((ids) =>
    db
      .selectFrom('session_transition')
      .select(['session_id', 'at'])
      .where('to_state', '=', 'discharged')
      .where('session_id', 'in', ids)
      .execute(),
  );
  const adverse = await ofSessions((ids) =>
    db
      .selectFrom('adverse_event')
      .select(['session_id', 'kind', 'severity', 'serious'])
      .where('session_id', 'in', ids)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute(),
  );
  const bp = await ofSessions((ids) =>
    db
      .selectFrom('session_alert')
      .select(['session_id', 'level'])
      .where('session_id', 'in', ids)
      .where('episode_key', 'like', 'bloodPressure%')
      .execute(),
  );
  const measures = (
    await sql<{
      enrollment_id: string | null;
      instrument: string;
      total: number | null;
      risk: string | null;
      due_date: string | null;
      completed_at: Date;
    }>`SELECT * FROM (${measureRows(sql`r.patient_id IN (${sql.join(patientIds)})`)}) m ORDER BY m.completed_at, m.id`.execute(db)
  ).rows;

  const transitionsOf = groupBy(transitions, (t) => t.enrollment_id);
  const eventsOf = groupBy(events, (e) => e.enrollment_id);
  const sessionsOf = groupBy(sessions, (s) => s.enrollment_id);
  const measuresOf = groupBy(measures, (m) => m.enrollment_id);
  const orderOf = new Map(orders.map((o) => [o.session_id, o]));
  const pumpOf = groupBy(pump, (e) => e.session_id);
  const dischargedAt = new Map(discharges.map((d) => [d.session_id, d.at]));
  const adverseOf = groupBy(adverse, (a) => a.session_id);
  const bpOf = groupBy(bp, (a) => a.session_id);
  const minutes = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));

  const records = courses.map((c): CourseRecord => {
    const enrolled = localDateOf(c.created_at, zone);
    const day = (at: Date) => dayFrom(enrolled, localDateOf(at, zone)) as number;
    const changes = transitionsOf.get(c.id) ?? [];
    const withdrawal = changes.filter((t) => t.to_state === 'withdrawn').at(-1);
    return {
      studyId: c.study_id,
      course: Number(c.course),
      synthetic: c.synthetic,
      template: c.cohort_template ?? c.program_template,
      ageGroup: ageGroupOn(c.birth_date, enrolled),
      sex: c.sex,
      enrollmentState: c.state,
      withdrawnFrom: c.state === 'withdrawn' ? (withdrawal?.from_state ?? null) : null,
      courseStartDay: dayFrom(enrolled, c.start_date),
      stateChanges: changes.map((t) => ({ day: day(t.at), toState: t.to_state })),
      events: (eventsOf.get(c.id) ?? []).map((e) => ({
        day: day(e.starts_at),
        programDay: e.program_day,
        eventKind: e.kind,
        eventState: e.state,
      })),
      sessions: (sessionsOf.get(c.id) ?? []).map((s, i) => {
        const order = orderOf.get(s.id);
        const recorded = order === undefined ? undefined : calculationOf(order);
        const calc = ivCalculation(recorded);
        const pumpEvents = pumpOf.get(s.id) ?? [];
        const { progress } = infusionCourseOf(s, calc, pumpEvents, protocol, now);
        const stopped = pumpEvents.some((e) => e.kind === 'stop') || s.state === 'aborted';
        const discharged = dischargedAt.get(s.id);
        const startedOn = s.infusion_started_at ?? s.starts_at;
        const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
        return {
          session: i + 1,
          day: startedOn === null ? null : day(startedOn),
          programDay: s.program_day,
          sessionState: s.state,
          route: s.route,
          doseMgPerKg: num(calc === undefined ? (recorded as { mgPerKg?: unknown } | undefined)?.mgPerKg : calc.inputs.mgPerKg),
          plannedMinutes: num(calc?.inputs.minutes),
          infusionMinutes:
            s.route !== 'IV' || s.infusion_started_at === null || s.infusion_ended_at === null
              ? null
              : minutes(s.infusion_started_at, s.infusion_ended_at),
          paused: pumpEvents.some((e) => e.kind === 'pause'),
          // As the program dashboard counts it: stopped (or aborted) before the pump ran its planned minutes.
          stoppedEarly: stopped && progress !== null && progress.plannedMinutesReachedAt === undefined,
          minutesToDischarge: discharged === undefined || s.infusion_ended_at === null ? null : minutes(s.infusion_ended_at, discharged),
          bloodPressureLevel: (bpOf.get(s.id) ?? [])
            .map((a) => a.level)
            .filter(isBpLevel)
            .reduce<BpLevel>((worst, l) => (BP_LEVEL_RANK[l] > BP_LEVEL_RANK[worst] ? l : worst), 'none'),
          adverseEvents: (adverseOf.get(s.id) ?? []).map((a) => ({ kind: a.kind, severity: a.severity, serious: a.serious })),
        };
      }),
      measures: (measuresOf.get(c.id) ?? []).map((m) => ({
        day: day(m.completed_at),
        dueDay: dayFrom(enrolled, m.due_date),
        instrument: m.instrument,
        total: m.total,
        riskLevel: m.instrument === 'cssrs' ? m.risk : null,
      })),
    };
  });
  return records.sort((a, b) => (a.studyId < b.studyId ? -1 : a.studyId > b.studyId ? 1 : a.course - b.course));
}
