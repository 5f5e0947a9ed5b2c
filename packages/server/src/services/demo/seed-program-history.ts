/**
 * Finished courses of a program, written as history (issue 24): synthetic patients who were
 * referred, screened eligible, booked, dosed and followed up weeks or months ago, with their
 * questionnaires at each time point, adverse events, blood-pressure alerts, pauses and early stops.
 * The live services refuse to backdate acts (a dose ordered last spring, a discharge two months
 * ago), so this writes the rows those services would have left, the way an import of a clinic's
 * past records would: the schedule from core's `generateSchedule`, the dose from `calculateDose`,
 * each questionnaire scored by core. Every patient is marked synthetic.
 *
 * Courses of one template that start on the same day form one cohort. Used by the program
 * outcomes tests, which describe each course (and, with issue 24's demo, by the Outcomes page's demo).
 *
 * @module
 */
import {
  addDaysToIsoDate,
  calculateDose,
  findProgramTemplate,
  generateSchedule,
  localDateOf,
  questionnaireTotal,
  scoreQuestionnaire,
  type ProgramTimePoint,
} from '@kairos/core';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import type { Db } from '../../store/database.js';
import type { EnrollmentState } from '../../store/schema.js';
import { itemsFor } from './seed-measures.js';

/** What happened in one dosing session of a course (by its order in the course). */
export interface HistorySession {
  adverse?: readonly { kind: string; severity: 'mild' | 'moderate' | 'severe' }[];
  /** The highest blood-pressure alert level the session reached. */
  bloodPressure?: 'warn' | 'pause';
  paused?: boolean;
  /** Stopped 15 minutes before the planned end. */
  stoppedEarly?: boolean;
}

/** One finished (or withdrawn) course. Scores by time point; a time point left out was not answered. */
export interface HistoryCourse {
  mrn: string;
  givenName: string;
  familyName: string;
  template: 'retreat-5-day' | 'infusion-series-6';
  /** Day 1, a working day (a Monday for the series). */
  startDate: string;
  pcl5: Partial<Record<ProgramTimePoint, number>>;
  phq9?: Partial<Record<ProgramTimePoint, number>>;
  gad7?: number;
  /** By dosing session, in order; a session left out went by without incident. */
  sessions?: readonly HistorySession[];
  /** Withdrawn after this many dosing sessions (0: before the first), with the reason given. */
  withdrawn?: { afterSessions: number; reason: string };
  /** The demo's care team 1 (prescriber, therapist, nurse) or 2 (their seconds); none when left out. */
  careTeam?: 1 | 2;
}

const CARE_TEAMS = {
  1: { prescriber: 'prescriber@demo.test', therapist: 'therapist@demo.test', nurse: 'nurse@demo.test' },
  2: { prescriber: 'prescriber2@demo.test', therapist: 'therapist2@demo.test', nurse: 'nurse2@demo.test' },
} as const;

const DAY_MS = 86_400_000;
const FOLLOW_UP = { 'plus-7': 7, 'plus-30': 30, 'plus-90': 90 } as const;

/** Writes each course at the site as of `now`; returns the enrollment ids, in order. */
export async function seedProgramHistory(db: Db, siteId: string, now: Date, courses: readonly HistoryCourse[]): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const site = await tx
      .selectFrom('site')
      .select(['id', 'time_zone', 'working_days', 'closed_dates'])
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    const staff = await tx.selectFrom('app_user').select(['id', 'email']).where('site_id', '=', siteId).execute();
    const userOf = (email: string) => staff.find((u) => u.email === email)?.id ?? staff[0]?.id ?? null;
    const prescriber = userOf('prescriber@demo.test');
    const nurse = userOf('nurse@demo.test');
    const protocol = await protocolInForce(tx, siteId, now);
    const calendar = { timeZone: site.time_zone, workingDays: site.working_days, closedDates: site.closed_dates };
    const today = localDateOf(now, site.time_zone);
    const ids: string[] = [];
    // Courses of one template starting on one day are one cohort.
    const cohorts = new Map<string, { id: string }>();
    for (const c of courses) {
      const template = findProgramTemplate(c.template);
      if (template === undefined) throw new Error(`unknown template ${c.template}`);
      const schedule = generateSchedule(template, c.startDate, calendar, protocol.config);
      const dayOne = new Date(schedule.events[0]?.startAt ?? `${c.startDate}T09:00:00Z`);
      const referredAt = new Date(dayOne.getTime() - 21 * DAY_MS);
      const lastDosing = schedule.events.filter((e) => e.kind === 'dosing').at(-1);
      const endOfCourse = schedule.end;
      const followUpEnd = addDaysToIsoDate(endOfCourse, 90 + protocol.config.outcomes.measureWindow.overdueAfterDays.value);
      const state: EnrollmentState = c.withdrawn !== undefined ? 'withdrawn' : today > followUpEnd ? 'completed' : 'follow-up';

      const patient = await tx
        .insertInto('patient')
        .values({
          site_id: siteId,
          mrn: c.mrn,
          given_name: c.givenName,
          family_name: c.familyName,
          birth_date: '1984-05-17',
          phone: null,
          email: null,
          synthetic: true,
          created_at: referredAt,
          updated_at: referredAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('patient_vitals')
        .values({
          patient_id: patient.id,
          measured_at: referredAt,
          weight_kg: 72,
          systolic: 124,
          diastolic: 78,
          heart_rate: 70,
          spo2: 98,
          respiratory_rate: 14,
          recorded_at: referredAt,
          recorded_by: nurse,
        })
        .execute();
      const enrollment = await tx
        .insertInto('enrollment')
        .values({
          patient_id: patient.id,
          site_id: siteId,
          program_template: c.template,
          state,
          created_at: referredAt,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(enrollment.id);
      if (c.careTeam !== undefined)
        for (const [role, email] of Object.entries(CARE_TEAMS[c.careTeam]) as ['prescriber' | 'therapist' | 'nurse', string][]) {
          const user = staff.find((u) => u.email === email);
          if (user !== undefined)
            await tx.insertInto('care_team_member').values({ patient_id: patient.id, role, user_id: user.id }).execute();
        }
      const path: [EnrollmentState | null, EnrollmentState, Date, string | null][] = [
        [null, 'referred', referredAt, null],
        ['referred', 'screening', new Date(referredAt.getTime() + DAY_MS), null],
        ['screening', 'eligible', new Date(referredAt.getTime() + 7 * DAY_MS), null],
        ['eligible', 'scheduled', new Date(referredAt.getTime() + 8 * DAY_MS), null],
      ];
      const assessment = await tx
        .insertInto('screening_assessment')
        .values({
          enrollment_id: enrollment.id,
          computed_at: new Date(referredAt.getTime() + 7 * DAY_MS),
          as_of: localDateOf(new Date(referredAt.getTime() + 7 * DAY_MS), site.time_zone),
          facts: JSON.stringify({ synthetic: true }),
          result: JSON.stringify({ decision: 'eligible', checks: [] }),
          decision: 'eligible',
          protocol_version: protocol.version,
          computed_by: prescriber,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('screening_decision')
        .values({
          enrollment_id: enrollment.id,
          assessment_id: assessment.id,
          outcome: 'eligible',
          reason: null,
          by_user: prescriber ?? '',
          at: new Date(referredAt.getTime() + 7 * DAY_MS),
        })
        .execute();
      const cohortKey = `${c.template} ${c.startDate}`;
      const cohort =
        cohorts.get(cohortKey) ??
        (await tx
          .insertInto('cohort')
          .values({
            site_id: siteId,
            program_template: c.template,
            start_date: c.startDate,
            cancel_reason: null,
            created_at: new Date(referredAt.getTime() + 8 * DAY_MS),
            created_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow());
      cohorts.set(cohortKey, cohort);

      // The course's events; dosing sessions up to a withdrawal.
      let dosingIndex = 0;
      let withdrawnAt: Date | null = null;
      for (const ev of schedule.events) {
        const isDosing = ev.kind === 'dosing';
        const held = c.withdrawn === undefined || !isDosing || dosingIndex < c.withdrawn.afterSessions;
        if (isDosing && !held && withdrawnAt === null) withdrawnAt = new Date(new Date(ev.startAt).getTime() - DAY_MS);
        const event = await tx
          .insertInto('scheduled_event')
          .values({
            cohort_id: cohort.id,
            enrollment_id: enrollment.id,
            site_id: siteId,
            kind: ev.kind,
            title: ev.title,
            program_day: ev.day,
            starts_at: ev.startAt,
            ends_at: ev.endAt,
            chair_id: null,
            room_id: null,
            infusion: JSON.stringify(ev.infusion ?? null),
            state: held ? 'scheduled' : 'cancelled',
            cancel_reason: held ? null : 'withdrawn',
            created_at: new Date(referredAt.getTime() + 8 * DAY_MS),
            updated_at: new Date(referredAt.getTime() + 8 * DAY_MS),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (!isDosing) continue;
        const index = dosingIndex++;
        if (!held || ev.infusion === undefined) continue;
        const what = c.sessions?.[index] ?? {};
        const start = new Date(ev.infusion.startAt);
        const planned = ev.infusion.minutes;
        const runMinutes = what.stoppedEarly === true ? planned - 15 : planned;
        const pauseMinutes = what.paused === true ? 5 : 0;
        const end = new Date(start.getTime() + (runMinutes + pauseMinutes) * 60_000);
        const discharged = new Date(Math.max(end.getTime() + 60 * 60_000, start.getTime() + 120 * 60_000) + 10 * 60_000);
        const session = await tx
          .insertInto('dosing_session')
          .values({
            event_id: event.id,
            enrollment_id: enrollment.id,
            patient_id: patient.id,
            site_id: siteId,
            state: 'discharged',
            protocol_version: protocol.version,
            checklist: JSON.stringify({ synthetic: true }),
            infusion_started_at: start,
            infusion_ended_at: end,
            aldrete: JSON.stringify({ activity: 2, respiration: 2, circulation: 2, consciousness: 2, oxygenSaturation: 2 }),
            created_at: new Date(referredAt.getTime() + 8 * DAY_MS),
            updated_at: discharged,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // The day's C-SSRS screener, asked at check-in (no risk): no infusion starts without one.
        const cssrs = { form: 'since-last-contact' as const, answers: { q1: false, q2: false, q6: false } };
        const askedAt = new Date(start.getTime() - 38 * 60_000);
        const cssrsScore = scoreQuestionnaire('cssrs', cssrs);
        await tx
          .insertInto('questionnaire_response')
          .values({
            patient_id: patient.id,
            enrollment_id: enrollment.id,
            session_id: session.id,
            instrument: 'cssrs',
            instrument_version: '1',
            answers: JSON.stringify(cssrs),
            score: JSON.stringify(cssrsScore),
            total: questionnaireTotal(cssrsScore),
            due_date: localDateOf(start, site.time_zone),
            completed_at: askedAt,
            channel: 'staff',
            entered_by: null,
            created_at: askedAt,
          })
          .execute();
        const dose = calculateDose(
          {
            weightKg: 72,
            mgPerKg: protocol.config.dosing.doseMgPerKg.value,
            minutes: planned,
            vialMgPerMl: 50,
            diluentMl: 100,
            weightMeasuredOn: localDateOf(referredAt, site.time_zone),
          },
          protocol.config,
          localDateOf(start, site.time_zone),
        );
        if (dose.ok)
          await tx
            .insertInto('dose_order')
            .values({
              session_id: session.id,
              ordered_by: prescriber ?? '',
              ordered_at: new Date(start.getTime() - 30 * 60_000),
              calculation: JSON.stringify({ ...dose.calculation, protocolVersion: protocol.version }),
              double_checked_by: nurse,
              double_checked_at: new Date(start.getTime() - 25 * 60_000),
            })
            .execute();
        const steps: [string, string, Date][] = [
          ['scheduled', 'checked-in', new Date(start.getTime() - 45 * 60_000)],
          ['checked-in', 'pre-dose', new Date(start.getTime() - 40 * 60_000)],
          ['pre-dose', 'infusing', start],
        ];
        const pump: { kind: 'start' | 'pause' | 'resume' | 'stop'; at: Date; reason: string | null }[] = [
          { kind: 'start', at: start, reason: null },
        ];
        if (what.paused === true) {
          const pausedAt = new Date(start.getTime() + 15 * 60_000);
          const resumedAt = new Date(pausedAt.getTime() + pauseMinutes * 60_000);
          steps.push(['infusing', 'paused', pausedAt], ['paused', 'infusing', resumedAt]);
          pump.push(
            { kind: 'pause', at: pausedAt, reason: 'blood pressure above the pause level' },
            { kind: 'resume', at: resumedAt, reason: null },
          );
        }
        steps.push(['infusing', 'observing', end], ['observing', 'discharged', discharged]);
        pump.push({ kind: 'stop', at: end, reason: what.stoppedEarly === true ? 'patient asked to stop' : null });
        for (const [from, to, at] of steps)
          await tx
            .insertInto('session_transition')
            .values({ session_id: session.id, from_state: from as never, to_state: to as never, at, actor_id: nurse, reason: null })
            .execute();
        for (const p of pump)
          await tx
            .insertInto('infusion_event')
            .values({
              session_id: session.id,
              kind: p.kind,
              at: p.at,
              actor_id: nurse,
              rate_ml_per_hour: p.kind === 'start' && dose.ok ? dose.calculation.rateMlPerHour : null,
              reason: p.reason,
            })
            .execute();
        for (const a of what.adverse ?? [])
          await tx
            .insertInto('adverse_event')
            .values({
              session_id: session.id,
              patient_id: patient.id,
              kind: a.kind as never,
              description: null,
              severity: a.severity,
              serious: false,
              occurred_at: new Date(start.getTime() + 20 * 60_000),
              action_taken: 'observed; resolved before discharge',
              reported_by: nurse ?? '',
              reported_at: new Date(start.getTime() + 25 * 60_000),
            })
            .execute();
        if (what.bloodPressure !== undefined)
          await tx
            .insertInto('session_alert')
            .values({
              session_id: session.id,
              kind: 'vitals:infusion',
              level: what.bloodPressure,
              details: JSON.stringify({ synthetic: true }),
              raised_at: new Date(start.getTime() + 15 * 60_000),
              alerted_at: new Date(start.getTime() + 15 * 60_000),
              episode_key: 'bloodPressure:high',
              protocol_version: protocol.version,
              note: null,
              acknowledged_by: nurse,
              acknowledged_at: new Date(start.getTime() + 16 * 60_000),
            })
            .execute();
      }

      // Enrollment transitions after booking.
      const firstStart = schedule.events.find((e) => e.kind === 'dosing')?.infusion?.startAt;
      if (c.withdrawn !== undefined) {
        if (c.withdrawn.afterSessions > 0 && firstStart !== undefined) path.push(['scheduled', 'in-treatment', new Date(firstStart), null]);
        path.push([path.at(-1)?.[1] ?? 'scheduled', 'withdrawn', withdrawnAt ?? new Date(dayOne.getTime() + DAY_MS), c.withdrawn.reason]);
      } else {
        if (firstStart !== undefined) path.push(['scheduled', 'in-treatment', new Date(firstStart), null]);
        const lastEvent = schedule.events.at(-1);
        path.push(['in-treatment', 'follow-up', new Date(lastEvent?.endAt ?? dayOne), null]);
        if (state === 'completed') path.push(['follow-up', 'completed', new Date(`${followUpEnd}T23:00:00Z`), null]);
      }
      for (const [from, to, at, reason] of path)
        await tx
          .insertInto('enrollment_transition')
          .values({ enrollment_id: enrollment.id, from_state: from, to_state: to, at, actor_id: null, reason })
          .execute();

      // Questionnaires: each answered on its scheduled date at 14:00 UTC.
      const dateOf = (t: ProgramTimePoint): string =>
        t === 'baseline'
          ? addDaysToIsoDate(c.startDate, -1)
          : t === 'end-of-course'
            ? (schedule.measures.find((m) => m.purposes.includes('end-of-course'))?.date ?? endOfCourse)
            : (schedule.measures.find((m) => m.labels.some((l) => l.startsWith(`+${FOLLOW_UP[t]} days`)))?.date ??
              addDaysToIsoDate(lastDosing?.date ?? endOfCourse, FOLLOW_UP[t]));
      const answer = async (instrument: 'pcl5-month' | 'pcl5-week' | 'phq9' | 'gad7', total: number, t: ProgramTimePoint) => {
        const date = dateOf(t);
        if (date > today) return;
        const answers =
          instrument === 'phq9' ? [...itemsFor(total, 8, 3), 0] : instrument === 'gad7' ? itemsFor(total, 7, 3) : itemsFor(total, 20, 4);
        const score = scoreQuestionnaire(instrument, answers, protocol.config.instruments.pcl5);
        const at = new Date(`${date}T14:00:00Z`);
        await tx
          .insertInto('questionnaire_response')
          .values({
            patient_id: patient.id,
            enrollment_id: enrollment.id,
            session_id: null,
            instrument,
            instrument_version: '1',
            answers: JSON.stringify(answers),
            score: JSON.stringify(score),
            total: questionnaireTotal(score),
            due_date: t === 'baseline' ? null : date,
            completed_at: at,
            channel: 'portal',
            entered_by: null,
            created_at: at,
          })
          .execute();
      };
      for (const [t, total] of Object.entries(c.pcl5) as [ProgramTimePoint, number][])
        await answer(t === 'baseline' || t === 'plus-30' || t === 'plus-90' ? 'pcl5-month' : 'pcl5-week', total, t);
      for (const [t, total] of Object.entries(c.phq9 ?? {}) as [ProgramTimePoint, number][]) await answer('phq9', total, t);
      if (c.gad7 !== undefined) await answer('gad7', c.gad7, 'baseline');
    }
    return ids;
  });
}
