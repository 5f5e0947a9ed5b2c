/**
 * The demo's measurement-based care, through the services the API uses: a retreat completed
 * about six weeks ago whose two patients answered their questionnaires from baseline to +30 days
 * (one a sustained responder in remission, one who lost the response by +30 days), baseline
 * answers for a patient of this week's retreat and the series patient's answers so far, journal entries, and the site's written content
 * (crisis resources, discharge instructions, preparation material for each retreat day).
 *
 * @module
 */
import { addDaysToIsoDate, localDateOf } from '@kairos/core';
import { followCourse } from '../enrollment/follow-course.js';
import { writeJournalEntry } from '../portal/write-journal-entry.js';
import { listMeasurementTasks } from '../measurement-tasks/internal/measurement-tasks.js';
import { currentProtocol } from '../protocol/current-protocol.js';
import { storeResponse, type ResponseInput } from '../questionnaires/internal/store-response.js';
import { internalMeta, type Actor, type RequestMeta } from '../context.js';
import { setPortalSettings } from '../site-content/set-portal-settings.js';
import { writeSiteContent } from '../site-content/write-site-content.js';
import { bookDemoRetreat, makeDemoPatientEligible } from './seed-intake.js';
import { completeDemoSession } from './seed-sessions.js';
import type { Db } from '../../store/database.js';

const DAY_MS = 86_400_000;

/** Days before today the completed demo retreat started (its +30-day follow-up lies in the past). */
export const COMPLETED_RETREAT_DAYS_AGO = 40;

async function actorOf(db: Db, email: string): Promise<Actor> {
  const u = await db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
}

/** Item scores summing to `total`, spread over `n` items of 0..`max` (deterministic, uneven). */
export function itemsFor(total: number, n: number, max: number): number[] {
  const items = Array.from({ length: n }, () => 0);
  let left = Math.min(total, n * max);
  for (let pass = 0; left > 0; pass++) {
    for (let i = 0; i < n && left > 0; i++) {
      if (items[i] === max || (pass === 0 && i % 3 === 2)) continue;
      items[i] = (items[i] ?? 0) + 1;
      left--;
    }
  }
  return items;
}

const none = { form: 'since-last-contact' as const, answers: { q1: false, q2: false, q6: false } };

/** One patient's questionnaires on a course day: PCL-5 (form), PHQ-9 (item 9 at 0), GAD-7, C-SSRS. */
interface Answered {
  day: number;
  pcl5?: { form: 'pcl5-month' | 'pcl5-week'; total: number };
  phq9?: number;
  gad7?: number;
  cssrs?: 'lifetime' | 'since-last';
}

export async function seedDemoMeasures(db: Db, siteId: string, now: Date, password: string): Promise<void> {
  const site = await db.selectFrom('site').select('time_zone').where('id', '=', siteId).executeTakeFirstOrThrow();
  const director = await actorOf(db, 'director@demo.test');
  const therapist = await actorOf(db, 'therapist@demo.test');
  const meta = (ms: number): RequestMeta => internalMeta('demo-loader', new Date(ms));
  const today = localDateOf(now, site.time_zone);
  const dateMs = (date: string, hour: number) => Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

  // The site's written content (fasting times quoted from the site's protocol), and results shown in the portal.
  const { fasting } = (await currentProtocol(db, siteId, now)).config.preDose;
  const content: [string, string][] = [
    [
      'crisis-resources',
      'If you are thinking about harming yourself or feel unsafe:\n- Call or text 988 (Suicide & Crisis Lifeline, US), any time.\n- Call 911 or go to the nearest emergency department if you are in danger now.\n- Clinic on-call line (demo): 555-0100.',
    ],
    [
      'discharge-instructions',
      'Do not drive, cycle or operate machinery until the next day, and do not make important decisions today.\nGo home with your escort; rest, eat lightly and drink water.\nIt is normal to feel tired, a little unsteady, or emotional for the rest of the day.\nCall the clinic (555-0100) for nausea that does not settle, a bad headache, chest pain, or if you feel unsafe; call 911 in an emergency.',
    ],
    [
      'preparation:retreat-5-day:day-1',
      'Day 1: assessment with your prescriber and therapist, then preparation. Bring your medication list. We will talk about your intentions for the dosing days.',
    ],
    [
      'preparation:retreat-5-day:day-2',
      `Day 2: first dosing session. No food for ${fasting.solidsHours.value} hours and only clear liquids until ${fasting.clearLiquidsHours.value} hours before. Wear comfortable clothes; bring an eye mask if you like. Your escort takes you home.`,
    ],
    [
      'preparation:retreat-5-day:day-3',
      'Day 3: integration therapy (EMDR or Progressive Counting). Notice what came up after day 2; your journal can help.',
    ],
    ['preparation:retreat-5-day:day-4', 'Day 4: second dosing session. The same preparation as day 2.'],
    [
      'preparation:retreat-5-day:day-5',
      'Day 5: review and your continuing care plan: goals, maintenance and follow-up questionnaires at 1 week, 1 month and 3 months.',
    ],
  ];
  for (const [key, body] of content) await writeSiteContent(db, director, siteId, key, body, meta(now.getTime()));
  await setPortalSettings(db, director, siteId, { showResults: true }, meta(now.getTime()));

  // A retreat completed about six weeks ago.
  const start = addDaysToIsoDate(today, -COMPLETED_RETREAT_DAYS_AGO);
  const workedUp = dateMs(addDaysToIsoDate(start, -14), 15);
  const enrollments: [string, string] = [
    await makeDemoPatientEligible(db, siteId, new Date(workedUp), password, 'DEMO-0014'),
    await makeDemoPatientEligible(db, siteId, new Date(workedUp), password, 'DEMO-0015'),
  ];
  await bookDemoRetreat(db, siteId, start, enrollments, new Date(workedUp + DAY_MS));
  // The enrollments follow the course by themselves (protocol-defaults.md, enrollment states): in
  // treatment at the first infusion's start, follow-up once day 5's review is over (the server's sweep).
  const sessions = await db
    .selectFrom('dosing_session as s')
    .innerJoin('scheduled_event as ev', 'ev.id', 's.event_id')
    .select(['s.id', 's.enrollment_id'])
    .where('s.enrollment_id', 'in', enrollments)
    .orderBy('ev.starts_at')
    .execute();
  for (const s of sessions)
    await completeDemoSession(
      db,
      s.id,
      password,
      'normal',
      s.enrollment_id === enrollments[0] ? 'nurse@demo.test' : 'prescriber@demo.test',
    );
  const afterDay5 = meta(dateMs(addDaysToIsoDate(start, 4), 18));
  for (const e of enrollments) await db.transaction().execute((tx) => followCourse(tx, e, afterDay5));

  const course = async (mrn: string, enrollmentId: string, answered: Answered[]) => {
    const p = await db.selectFrom('patient').select('id').where('mrn', '=', mrn).executeTakeFirstOrThrow();
    for (const a of answered) {
      const date = addDaysToIsoDate(start, a.day);
      const at = dateMs(date, 14);
      if (at > now.getTime()) continue;
      const inputs: ResponseInput[] = [];
      if (a.pcl5 !== undefined) inputs.push({ instrument: a.pcl5.form, answers: itemsFor(a.pcl5.total, 20, 4) });
      if (a.phq9 !== undefined) inputs.push({ instrument: 'phq9', answers: [...itemsFor(a.phq9, 8, 3), 0] });
      if (a.gad7 !== undefined) inputs.push({ instrument: 'gad7', answers: itemsFor(a.gad7, 7, 3) });
      // A dosing day's C-SSRS was asked at the chair before the infusion (seed-sessions.ts): not twice.
      const askedAtChair = await db
        .selectFrom('questionnaire_response')
        .select('id')
        .where('patient_id', '=', p.id)
        .where('instrument', '=', 'cssrs')
        .where('completed_at', '>=', new Date(dateMs(date, 0)))
        .where('completed_at', '<', new Date(dateMs(addDaysToIsoDate(date, 1), 0)))
        .executeTakeFirst();
      if (a.cssrs !== undefined && askedAtChair === undefined)
        inputs.push({ instrument: 'cssrs', answers: a.cssrs === 'lifetime' ? { ...none, form: 'lifetime-recent' } : none });
      for (const input of inputs) {
        await db
          .transaction()
          .execute((tx) =>
            storeResponse(
              tx,
              p.id,
              { ...input, enrollmentId, dueDate: date, completedAt: new Date(at).toISOString() },
              a.day > 4 ? undefined : therapist,
              meta(at),
            ),
          );
      }
    }
    return p.id;
  };
  // Day numbers count from day 1 = 0: day 5 is 4; +7 and +30 days after day 5 are 11 and 34.
  const responder = await course('DEMO-0014', enrollments[0], [
    { day: 0, pcl5: { form: 'pcl5-month', total: 52 }, phq9: 16, gad7: 13, cssrs: 'lifetime' },
    { day: 1, cssrs: 'since-last' },
    { day: 3, cssrs: 'since-last' },
    { day: 4, pcl5: { form: 'pcl5-week', total: 31 }, phq9: 9 },
    { day: 11, pcl5: { form: 'pcl5-week', total: 27 }, phq9: 7, cssrs: 'since-last' },
    { day: 34, pcl5: { form: 'pcl5-month', total: 30 }, phq9: 8, cssrs: 'since-last' },
  ]);
  await course('DEMO-0015', enrollments[1], [
    { day: 0, pcl5: { form: 'pcl5-month', total: 58 }, phq9: 18, gad7: 15, cssrs: 'lifetime' },
    { day: 1, cssrs: 'since-last' },
    { day: 3, cssrs: 'since-last' },
    { day: 4, pcl5: { form: 'pcl5-week', total: 36 }, phq9: 11 },
    { day: 11, pcl5: { form: 'pcl5-week', total: 39 }, phq9: 12, cssrs: 'since-last' },
    { day: 34, pcl5: { form: 'pcl5-month', total: 47 }, phq9: 15, cssrs: 'since-last' },
  ]);

  // This week's retreat: DEMO-0010 answered the baseline yesterday (DEMO-0009 has not yet).
  const p10 = await db
    .selectFrom('patient as p')
    .innerJoin('enrollment as e', 'e.patient_id', 'p.id')
    .select(['p.id', 'e.id as enrollment_id'])
    .where('p.mrn', '=', 'DEMO-0010')
    .executeTakeFirstOrThrow();
  const yesterday = dateMs(addDaysToIsoDate(today, -1), 13);
  for (const input of [
    { instrument: 'pcl5-month', answers: itemsFor(49, 20, 4) },
    { instrument: 'phq9', answers: [...itemsFor(14, 8, 3), 0] },
    { instrument: 'gad7', answers: itemsFor(12, 7, 3) },
    { instrument: 'cssrs', answers: { ...none, form: 'lifetime-recent' } },
  ] as ResponseInput[]) {
    await db
      .transaction()
      .execute((tx) =>
        storeResponse(
          tx,
          p10.id,
          { ...input, enrollmentId: p10.enrollment_id, completedAt: new Date(yesterday).toISOString() },
          therapist,
          meta(yesterday),
        ),
      );
  }

  // The series in progress: DEMO-0013 answered every questionnaire due before today.
  const series = await db
    .selectFrom('patient as p')
    .innerJoin('enrollment as e', 'e.patient_id', 'p.id')
    .select(['p.id', 'e.id as enrollment_id'])
    .where('p.mrn', '=', 'DEMO-0013')
    .executeTakeFirst();
  if (series !== undefined) {
    const totals: Record<string, number> = { 'pcl5-month': 54, 'pcl5-week': 41, phq9: 15, gad7: 12 };
    for (const t of await listMeasurementTasks(db, series.enrollment_id, today, now)) {
      if (t.date >= today || t.state === 'done') continue;
      const at = dateMs(t.date, 13);
      const answers: ResponseInput['answers'] =
        t.instrument === 'cssrs'
          ? { ...none, form: t.purposes.includes('baseline') ? 'lifetime-recent' : 'since-last-contact' }
          : t.instrument === 'phq9'
            ? [...itemsFor(totals.phq9 ?? 0, 8, 3), 0]
            : itemsFor(totals[t.instrument] ?? 0, t.instrument === 'gad7' ? 7 : 20, t.instrument === 'gad7' ? 3 : 4);
      await db.transaction().execute((tx) =>
        storeResponse(
          tx,
          series.id,
          {
            instrument: t.instrument,
            answers,
            enrollmentId: series.enrollment_id,
            dueDate: t.date,
            completedAt: new Date(at).toISOString(),
          },
          therapist,
          meta(at),
        ),
      );
    }
  }

  // Journal entries.
  await writeJournalEntry(
    db,
    responder,
    {
      body: 'After the second session I could think about the accident without my chest tightening. I want to hold on to that.',
      shared: true,
    },
    meta(dateMs(addDaysToIsoDate(start, 3), 20)),
  );
  await writeJournalEntry(
    db,
    responder,
    { body: 'Slept through the night for the first time in months.', shared: false },
    meta(dateMs(addDaysToIsoDate(start, 9), 8)),
  );
  await writeJournalEntry(
    db,
    p10.id,
    { body: 'Nervous about tomorrow, but the preparation helped.', shared: true },
    meta(yesterday + 6 * 3_600_000),
  );
}
