/**
 * A program's finished courses for the program outcomes tests (API and browser): seven courses of
 * the summer of 2026 written as history (seed-program-history.ts), every figure worked by hand.
 */
import { seedProgramHistory, type HistoryCourse } from '../src/services/demo/seed-program-history.js';
import type { Db } from '../src/store/database.js';

const person = (mrn: string, givenName: string) => ({ mrn, givenName, familyName: 'History' });
/**
 * Worked by hand (protocol defaults: response 30% below baseline, remission response and <= 28,
 * reliable improvement 15 points, loss of response below 30%):
 * - A 50 -> 30 (responder: 30 <= 35; reliable: 20), +7 28, +30 32, +90 40 (20% below: the response is lost);
 * - B 60 -> 40 (responder: 40 <= 42; reliable), +7 38, +30 36, +90 35 (kept);
 * - C 44 -> 40 (not: 9%; 4 points), +7 42, then no answer at +30 or +90 (lost to follow-up);
 * - D 56 -> 20 (responder, remission, reliable), +7 18, +30 22, +90 24 (kept);
 * - E 48 -> 36 (not: 25%; 12 points), +30 30;
 * - F (series) 52 -> 30 (responder: 42%; reliable: 22), +7 29, +90 33 (37% below: kept);
 * - G withdrawn after its first dosing session ("moved away"), baseline 58.
 * All seven: PCL-5 baseline mean 368/7 = 52.6, end of course 196/6 = 32.7. The retreats alone: six
 * started, baseline 316/6 = 52.7, end of course 166/5 = 33.2, three responders.
 */
export const SUMMER_COURSES: HistoryCourse[] = [
  {
    ...person('HIST-A', 'Avery'),
    template: 'retreat-5-day',
    startDate: '2026-06-01',
    pcl5: { baseline: 50, 'end-of-course': 30, 'plus-7': 28, 'plus-30': 32, 'plus-90': 40 },
    phq9: { baseline: 16, 'end-of-course': 9 },
    gad7: 12,
    sessions: [{ adverse: [{ kind: 'nausea', severity: 'mild' }], bloodPressure: 'warn' }],
  },
  {
    ...person('HIST-B', 'Blake'),
    template: 'retreat-5-day',
    startDate: '2026-06-01',
    pcl5: { baseline: 60, 'end-of-course': 40, 'plus-7': 38, 'plus-30': 36, 'plus-90': 35 },
    phq9: { baseline: 18, 'end-of-course': 11 },
    gad7: 14,
    sessions: [{}, { paused: true, bloodPressure: 'pause' }],
  },
  {
    ...person('HIST-C', 'Casey'),
    template: 'retreat-5-day',
    startDate: '2026-06-08',
    pcl5: { baseline: 44, 'end-of-course': 40, 'plus-7': 42 },
    gad7: 10,
  },
  {
    ...person('HIST-D', 'Dana'),
    template: 'retreat-5-day',
    startDate: '2026-06-08',
    pcl5: { baseline: 56, 'end-of-course': 20, 'plus-7': 18, 'plus-30': 22, 'plus-90': 24 },
    sessions: [{ stoppedEarly: true, adverse: [{ kind: 'anxiety', severity: 'moderate' }] }],
  },
  {
    ...person('HIST-E', 'Emery'),
    template: 'retreat-5-day',
    startDate: '2026-06-22',
    pcl5: { baseline: 48, 'end-of-course': 36, 'plus-30': 30 },
  },
  {
    ...person('HIST-F', 'Finley'),
    template: 'infusion-series-6',
    startDate: '2026-06-15',
    pcl5: { baseline: 52, 'end-of-course': 30, 'plus-7': 29, 'plus-90': 33 },
    sessions: [{}, {}, { adverse: [{ kind: 'nausea', severity: 'mild' }] }],
  },
  {
    ...person('HIST-G', 'Gray'),
    template: 'retreat-5-day',
    startDate: '2026-06-22',
    pcl5: { baseline: 58 },
    withdrawn: { afterSessions: 1, reason: 'moved away' },
  },
];

/** The filter that holds exactly these courses (their first days, site-local). */
export const SUMMER = { from: '2026-05-01', to: '2026-07-31' } as const;

/**
 * Writes the summer's courses at the demo site as of `now`, and puts therapist@demo.test on
 * Avery's care team (the only one of the seven). Returns the site and the cohort of Casey and Dana
 * (the two retreats that started on 2026-06-08).
 */
export async function seedSummer(db: Db, now: Date): Promise<{ siteId: string; cohortOfCasey: string }> {
  const siteId = (await db.selectFrom('site').select('id').orderBy('created_at').executeTakeFirstOrThrow()).id;
  const ids = await seedProgramHistory(db, siteId, now, SUMMER_COURSES);
  const cohort = await db
    .selectFrom('scheduled_event')
    .select('cohort_id')
    .where('enrollment_id', '=', ids[2] ?? '')
    .executeTakeFirstOrThrow();
  const therapist = await db.selectFrom('app_user').select('id').where('email', '=', 'therapist@demo.test').executeTakeFirstOrThrow();
  const avery = await db.selectFrom('patient').select('id').where('mrn', '=', 'HIST-A').executeTakeFirstOrThrow();
  await db.insertInto('care_team_member').values({ patient_id: avery.id, user_id: therapist.id, role: 'therapist' }).execute();
  return { siteId, cohortOfCasey: cohort.cohort_id };
}
