/**
 * The facts of a dosing session that its rules are judged on, loaded for core: the timed readings,
 * the pre-dose checklist's status (core's `assessChecklist`), the latest dose order, where a pause
 * stands, discharge readiness (core's `assessDischargeReadiness`), and the patient's medication
 * interactions and reasons for closer monitoring.
 *
 * @module
 */
import {
  SESSION_RECHECKED_ITEMS,
  assessChecklist,
  assessDischargeReadiness,
  type DosingRoute,
  assessPreDoseVitals,
  classifyVitals,
  findMedicationInteractions,
  latestFullSet,
  localDateOf,
  maintenance1Template,
  startOfLocalDay,
  type AldreteScores,
  type ChecklistFacts,
  type ChecklistItem,
  type DischargeReadiness,
  type TimedReading,
} from '@kairos/core';
import type { PatientFact } from '@kairos/api';
import { activeFacts } from '../../patients/active-facts.js';
import { openScreeningHold } from '../../screening/open-screening-hold.js';
import { parameterRefs } from '../../protocol/parameter-refs.js';
import { type SiteProtocol } from '../../protocol/internal/versions.js';
import { ketamineDrawsFact } from '../../stock/internal/draw-accounts.js';
import type { Db } from '../../../store/database.js';
import { sql } from 'kysely';
import { storedChecklist } from './session-guards.js';
import { toReading } from './session-rows.js';
import { anyOf } from '../../../store/any-of.js';

/** Every reading of a session as core takes them (time and values). */
async function timedReadings(tx: Db, sessionId: string): Promise<TimedReading[]> {
  const q = tx.selectFrom('vital_reading').selectAll().where('session_id', '=', sessionId);
  return (await q.orderBy('measured_at').execute()).map((r) => ({ at: r.measured_at.toISOString(), reading: toReading(r) }));
}

/**
 * Each session's latest full set of pre-dose vital signs measured at or before `now`: all that core's
 * `assessPreDoseVitals` looks at (the latest full set by then, inside its window or older), so a
 * session that has posted pre-dose readings for hours costs one index probe, not all its readings
 * (vital_reading_pre_dose_baseline, migration 0019).
 */
export async function latestPreDoseFullSets(tx: Db, sessionIds: readonly string[], now: Date): Promise<Map<string, TimedReading[]>> {
  const out = new Map<string, TimedReading[]>(sessionIds.map((id) => [id, []]));
  if (sessionIds.length === 0) return out;
  const rows = await tx
    .selectFrom('dosing_session as d')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('vital_reading as v')
          .selectAll('v')
          .whereRef('v.session_id', '=', 'd.id')
          // Literals, not parameters, so the planner matches the partial index's predicate.
          .where(sql<boolean>`v.phase = 'pre-dose' AND v.systolic IS NOT NULL`)
          .where('v.diastolic', 'is not', null)
          .where('v.heart_rate', 'is not', null)
          .where('v.spo2', 'is not', null)
          .where('v.measured_at', '<=', now)
          .orderBy('v.measured_at', 'desc')
          .limit(1)
          .as('r'),
      (join) => join.onTrue(),
    )
    .selectAll('r')
    .where('d.id', '=', anyOf([...new Set(sessionIds)]))
    .execute();
  for (const r of rows) out.get(r.session_id)?.push({ at: r.measured_at.toISOString(), reading: toReading(r) });
  return out;
}

/**
 * The recorded facts the pre-dose checklist is judged on (loaded per session here, for a whole
 * board at once by `loadBoardFacts`): both feed {@link checklistFrom}, so both judge alike.
 */
export interface ChecklistInputs {
  /** The patient's active medications (what the protocol's interaction classes flag). */
  medications: readonly { name: string; dailyDoseMg: unknown }[];
  screeningInput:
    | { pregnancyPossible?: boolean | null; cardiovascularRiskFactors?: boolean | null; completed?: Record<string, string | null> }
    | undefined;
  hold: { kind: 'needs-review' | 'absolute'; reasons: readonly string[] } | undefined;
  eventStartsAt: Date;
  preDoseReadings: TimedReading[];
  /** Pre-dose alerts not acknowledged. */
  openPreDoseAlerts: number;
  timeZone: string;
  /** The patient's latest C-SSRS at or before the time judged. */
  cssrs: { completed_at: Date; score: unknown } | undefined;
  premedicationGiven: boolean;
  /** A session of a maintenance course: the patient's infusions started in the 12 months before it ({@link maintenanceCountsOf}). */
  maintenance: { priorInfusionsIn12Months: number } | undefined;
}

/** A session of a maintenance course (its enrollment's template is the maintenance session). */
export async function isMaintenanceSession(tx: Db, enrollmentId: string): Promise<boolean> {
  const e = await tx.selectFrom('enrollment').select('program_template').where('id', '=', enrollmentId).executeTakeFirst();
  return e?.program_template === maintenance1Template.id;
}

/**
 * For the sessions of maintenance courses among `sessionIds` (protocol-defaults.md "cumulative
 * infusions"): the infusions their patient started, in any course, in the 12 months (calendar,
 * PostgreSQL's `interval '1 year'`) before the session's own start, or before `now` while it has
 * not started; the session itself is not counted. A session of another course has no entry.
 */
export async function maintenanceCountsOf(tx: Db, sessionIds: readonly string[], now: Date): Promise<Map<string, number>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await sql<{ id: string; prior: number }>`
    SELECT s.id,
      (SELECT count(*)::int FROM dosing_session o
        WHERE o.enrollment_id IN (SELECT id FROM enrollment WHERE patient_id = s.patient_id)
          AND o.id <> s.id
          AND o.infusion_started_at >= COALESCE(s.infusion_started_at, ${now}) - interval '1 year'
          AND o.infusion_started_at < COALESCE(s.infusion_started_at, ${now})) AS prior
    FROM dosing_session s JOIN enrollment e ON e.id = s.enrollment_id
    WHERE s.id = ${anyOf([...new Set(sessionIds)])} AND e.program_template = ${maintenance1Template.id}`.execute(tx);
  return new Map(rows.rows.map((r) => [r.id, r.prior]));
}

/** What the pre-dose checklist needs for this patient at `now`, and what is done (core's rules on the recorded facts). */
export async function checklistStatus(
  tx: Db,
  s: { id: string; patient_id: string; enrollment_id: string; site_id: string; event_id: string; checklist: Record<string, unknown> },
  protocol: SiteProtocol,
  now: Date,
  /** The patient's active facts when the caller has read them (the console view reads them once for both uses). */
  patientFacts?: readonly PatientFact[],
) {
  const medications = (patientFacts ?? (await activeFacts(tx, s.patient_id, 'medication'))).flatMap((m) =>
    m.kind === 'medication' ? [{ name: String(m.data.name), dailyDoseMg: m.data.dailyDoseMg }] : [],
  );
  const hold = await openScreeningHold(tx, s.enrollment_id);
  const preDoseReadings = (await latestPreDoseFullSets(tx, [s.id], now)).get(s.id) ?? [];
  const prior = (await maintenanceCountsOf(tx, [s.id], now)).get(s.id);
  // The rest in one statement (one row of scalar reads; the C-SSRS as json, its time parsed below).
  const one = (
    await sql<{
      screening: ChecklistInputs['screeningInput'] | null;
      starts_at: Date | null;
      open_pre_dose: number;
      time_zone: string | null;
      cssrs: { completed_at: string; score: unknown } | null;
      premedication: boolean;
    }>`SELECT
        (SELECT data FROM screening_input WHERE enrollment_id = ${s.enrollment_id}) AS screening,
        (SELECT starts_at FROM scheduled_event WHERE id = ${s.event_id}) AS starts_at,
        (SELECT count(*)::int FROM session_alert
          WHERE session_id = ${s.id} AND kind = 'vitals:pre-dose' AND acknowledged_at IS NULL) AS open_pre_dose,
        (SELECT time_zone FROM site WHERE id = ${s.site_id}) AS time_zone,
        (SELECT json_build_object('completed_at', completed_at, 'score', score) FROM questionnaire_response
          WHERE patient_id = ${s.patient_id} AND instrument = 'cssrs' AND completed_at <= ${now}
          ORDER BY completed_at DESC LIMIT 1) AS cssrs,
        EXISTS (SELECT 1 FROM session_medication WHERE session_id = ${s.id} AND purpose = 'premedication') AS premedication`.execute(tx)
  ).rows[0];
  if (one === undefined || one.starts_at === null || one.time_zone === null) throw new Error('a session without its site or event');
  return checklistFrom(
    s,
    {
      medications,
      screeningInput: one.screening ?? undefined,
      hold,
      eventStartsAt: one.starts_at,
      preDoseReadings,
      openPreDoseAlerts: one.open_pre_dose,
      timeZone: one.time_zone,
      cssrs: one.cssrs === null ? undefined : { completed_at: new Date(one.cssrs.completed_at), score: one.cssrs.score },
      premedicationGiven: one.premedication,
      maintenance: prior === undefined ? undefined : { priorInfusionsIn12Months: prior },
    },
    protocol,
    now,
  );
}

/** The pre-dose checklist judged by core on its recorded facts at `now`. */
export function checklistFrom(s: { checklist: Record<string, unknown> }, inputs: ChecklistInputs, protocol: SiteProtocol, now: Date) {
  const c = storedChecklist(s);
  const classes = new Set(interactionsFrom(inputs.medications, protocol).map((i) => i.class));
  const screeningInput = inputs.screeningInput;
  const pregnancyPossible = screeningInput?.pregnancyPossible;
  const { hold, cssrs } = inputs;
  const preDoseVitals = assessPreDoseVitals(inputs.preDoseReadings, now.toISOString(), protocol.config.vitals);
  const facts: ChecklistFacts = {
    ...(c.fasting ? { fasting: c.fasting } : {}),
    ...(c.benzodiazepineLastDoseAt ? { benzodiazepineLastDoseAt: c.benzodiazepineLastDoseAt } : {}),
    ...(c.stimulantHeldToday !== undefined ? { stimulantHeldToday: c.stimulantHeldToday } : {}),
    ...(c.pregnancyTest ? { pregnancyTest: c.pregnancyTest } : {}),
    ...(c.escort ? { escort: c.escort } : {}),
    ...(c.intention !== undefined ? { intention: c.intention } : {}),
    ...(inputs.premedicationGiven
      ? { premedication: { given: true } }
      : c.premedicationNone !== undefined
        ? { premedication: { given: false, reason: c.premedicationNone } }
        : {}),
    ...(c.bladderSymptoms ? { bladderSymptoms: c.bladderSymptoms } : {}),
  };
  // An override answers the C-SSRS it was given on: a later high-risk answer holds again.
  const given = c.overrides?.['cssrs-today'];
  const override = given !== undefined && cssrs !== undefined && Date.parse(given.at) >= cssrs.completed_at.getTime() ? given : undefined;
  return assessChecklist(
    facts,
    {
      asOf: now.toISOString(),
      dayStartAt: startOfLocalDay(now, inputs.timeZone),
      flags: {
        benzodiazepine: classes.has('benzodiazepine'),
        stimulant: classes.has('stimulant'),
        pregnancyPossible: pregnancyPossible !== false,
      },
      preDoseVitals,
      openPreDoseAlerts: inputs.openPreDoseAlerts,
      ...(cssrs !== undefined
        ? {
            cssrs: {
              answeredAt: cssrs.completed_at.toISOString(),
              risk: (cssrs.score as { risk?: 'none' | 'low' | 'moderate' | 'high' }).risk ?? 'high',
            },
          }
        : {}),
      ...(override !== undefined ? { cssrsOverride: { reason: override.reason } } : {}),
      ...(inputs.maintenance !== undefined
        ? {
            maintenance: inputs.maintenance,
            maintenanceOverrides: {
              ...(c.overrides?.['bladder-symptoms'] ? { 'bladder-symptoms': { reason: c.overrides['bladder-symptoms'].reason } } : {}),
              ...(c.overrides?.['cumulative-infusions']
                ? { 'cumulative-infusions': { reason: c.overrides['cumulative-infusions'].reason } }
                : {}),
            },
          }
        : {}),
      ...(hold !== undefined ? { screeningHold: { kind: hold.kind, reasons: hold.reasons } } : {}),
      screeningItems: {
        sessionDate: localDateOf(inputs.eventStartsAt, inputs.timeZone),
        completed: Object.fromEntries(SESSION_RECHECKED_ITEMS.map((id) => [id, screeningInput?.completed?.[id] ?? null])),
        // Not recorded counts as present (the cautious reading, as at screening).
        ecgRequired: screeningInput?.cardiovascularRiskFactors !== false,
      },
    },
    protocol.config,
  );
}

/** The unmet required items of a checklist as a refusal names them: id, what is missing, the protocol parameters with provenance. */
export const unmetItems = (items: readonly ChecklistItem[], protocol: SiteProtocol) =>
  items
    .filter((i) => !i.done)
    .map((i) => ({
      id: i.id,
      status: i.status,
      label: i.label,
      detail: i.detail,
      parameters: parameterRefs(protocol.config, i.parameters),
    }));

export async function latestOrder(tx: Db, sessionId: string) {
  return tx
    .selectFrom('dose_order')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('ordered_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Where a paused infusion stands (null unless paused): a pause for vital signs may be resumed by
 * the nurse once a full set taken after the last pause-level reading is below the warning level
 * (protocol-defaults.md "who handles a pause"); otherwise a prescriber decides, with a reason.
 */
export async function pauseStatus(
  tx: Db,
  sessionId: string,
  protocol: SiteProtocol,
  now: Date,
): Promise<{ vitalSign: boolean; resumeOpenToNurse: boolean; why: string } | null> {
  const last = await tx
    .selectFrom('infusion_event')
    .select(['kind', 'at', 'details', 'reason'])
    .where('session_id', '=', sessionId)
    .where('kind', 'in', ['pause', 'resume', 'stop'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last === undefined || last.kind !== 'pause') return null;
  if ((last.details as { vitalSign?: boolean }).vitalSign !== true)
    return { vitalSign: false, resumeOpenToNurse: true, why: `paused: ${last.reason ?? 'no reason given'}` };
  const alerts = await tx
    .selectFrom('session_alert')
    .select('details')
    .where('session_id', '=', sessionId)
    .where('kind', '=', 'vitals:infusing')
    .where('level', '=', 'pause')
    .execute();
  const lastPauseReading = alerts
    .map((a) => (a.details as { measuredAt?: string }).measuredAt)
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
  const after = latestFullSet(await timedReadings(tx, sessionId), {
    ...(lastPauseReading === undefined ? {} : { from: Date.parse(lastPauseReading) + 1 }),
    to: now.getTime() + 60_000,
  });
  if (after === undefined)
    return {
      vitalSign: true,
      resumeOpenToNurse: false,
      why: 'paused for vital signs: no full set of vital signs since; take one (a prescriber may resume with a reason)',
    };
  const c = classifyVitals(after.reading, 'infusing', undefined, protocol.config.vitals);
  return c.level === 'normal'
    ? { vitalSign: true, resumeOpenToNurse: true, why: 'paused for vital signs; the latest full set is below the warning level' }
    : {
        vitalSign: true,
        resumeOpenToNurse: false,
        why: `paused for vital signs; the latest full set is still at the ${c.level} level (a prescriber may resume with a reason)`,
      };
}

/** Discharge readiness of a session whose infusion started: core's rule on its facts. */
export async function dischargeReadiness(
  tx: Db,
  s: {
    id: string;
    site_id: string;
    discharge_escort: unknown;
    infusion_started_at: Date;
    infusion_ended_at: Date | null;
    aldrete: AldreteScores | null;
    route: DosingRoute;
  },
  protocol: SiteProtocol,
  now: Date,
): Promise<DischargeReadiness> {
  const escalations = await tx
    .selectFrom('session_alert')
    .select(['raised_at', 'acknowledged_at', 'details'])
    .where('session_id', '=', s.id)
    .where('level', '=', 'escalate')
    .execute();
  return assessDischargeReadiness(
    {
      route: s.route,
      infusionStart: s.infusion_started_at.toISOString(),
      ...(s.infusion_ended_at ? { infusionEnd: s.infusion_ended_at.toISOString() } : {}),
      readings: await timedReadings(tx, s.id),
      ...(s.aldrete ? { aldrete: s.aldrete } : {}),
      // Confirmed at discharge, or not yet (missing): never read as "no escort".
      ...(typeof (s.discharge_escort as { name?: unknown } | null)?.name === 'string' ? { escortConfirmed: true } : {}),
      // When the escalating reading was measured (a late batch is raised after it).
      escalations: escalations.map((e) => ({
        at: (e.details as { measuredAt?: string }).measuredAt ?? e.raised_at.toISOString(),
        acknowledged: e.acknowledged_at !== null,
      })),
      ketamineDraws: s.route === 'SL' ? 'not-from-stock' : await ketamineDrawsFact(tx, s),
    },
    now.toISOString(),
    protocol.config.vitals,
  );
}

/** The patient's medication interactions by the protocol's classes. */
function interactionsFrom(medications: readonly { name: string; dailyDoseMg: unknown }[], protocol: SiteProtocol) {
  const meds = medications.map((m) => ({ name: m.name, dailyDoseMg: (m.dailyDoseMg ?? null) as number | null }));
  return findMedicationInteractions(meds, protocol.config).interactions;
}

const CLASS_WORDS: Record<string, string> = { maoi: 'an MAOI', stimulant: 'a stimulant', sympathomimetic: 'a sympathomimetic' };

/** Why this patient's blood pressure is watched more closely (a flagged class of the protocol's list, or controlled hypertension); empty when it is not. */
export async function closerMonitoringReasons(
  tx: Db,
  patientId: string,
  protocol: SiteProtocol,
  patientFacts?: readonly PatientFact[],
): Promise<string[]> {
  // Both kinds in one read.
  const facts = patientFacts ?? (await activeFacts(tx, patientId));
  const medications = facts.flatMap((m) =>
    m.kind === 'medication' ? [{ name: String(m.data.name), dailyDoseMg: m.data.dailyDoseMg }] : [],
  );
  const conditionCodes = facts.flatMap((f) => (f.kind === 'condition' ? [f.data.code] : []));
  return closerReasonsFrom(medications, conditionCodes, protocol);
}

/** {@link closerMonitoringReasons} on the patient's active medications and condition codes. */
export function closerReasonsFrom(
  medications: readonly { name: string; dailyDoseMg: unknown }[],
  conditionCodes: readonly unknown[],
  protocol: SiteProtocol,
): string[] {
  const classes = new Set(protocol.config.vitals.schedule.closerMonitoringMedicationClasses.value);
  const flagged = interactionsFrom(medications, protocol)
    .filter((i) => classes.has(i.class))
    .map((i) => `${i.medication} (${CLASS_WORDS[i.class] ?? i.class})`);
  const conditions = conditionCodes.filter((c) => c === 'controlled-hypertension').map(() => 'controlled hypertension');
  return [...new Set([...flagged, ...conditions])];
}
