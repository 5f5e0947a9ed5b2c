/**
 * The demo's program history (issue 24, Must 6): 40 synthetic patients who went through the program
 * from nine to three months ago, so that every figure of the Outcomes page shows something a director
 * would read. 34 retreats and 6 six-infusion series, in cohorts of two; follow-up to +90 days for
 * most, the latest still in follow-up; PCL-5 falls by a patient-specific share after the course
 * and drifts back for some (losses of response); some questionnaires are left unanswered, two
 * patients withdraw; adverse events, blood-pressure alerts, a pause and an early stop here and there.
 *
 * The trajectories are drawn from a seeded generator around the program's published figures (PCL-5
 * about 47 at baseline, about a third lower a week after: protocol-defaults.md benchmarks); they
 * are illustrations, not data. Pure and deterministic: the same day and seed give the same history.
 *
 * @module
 */
import { addDaysToIsoDate, type ProgramTimePoint } from '@kairos/core';
import { seededRandom } from './seeded-random.js';
import type { HistoryCourse, HistorySession } from './seed-program-history.js';

const NAMES: readonly [string, string][] = [
  ['Ada', 'Wexford'],
  ['Bram', 'Halloway'],
  ['Celia', 'Mooring'],
  ['Dario', 'Pennick'],
  ['Elsa', 'Tamsworth'],
  ['Felix', 'Ornby'],
  ['Gemma', 'Rushden'],
  ['Hugo', 'Castellan'],
  ['Iris', 'Dunwell'],
  ['Jonah', 'Pryce'],
  ['Kira', 'Ellery'],
  ['Leon', 'Ashby'],
  ['Mira', 'Kettering'],
  ['Nico', 'Barrow'],
  ['Olive', 'Stanmore'],
  ['Pablo', 'Wyndham'],
  ['Rhea', 'Colby'],
  ['Silas', 'Trent'],
  ['Thea', 'Marchbank'],
  ['Ugo', 'Fenwick'],
  ['Vera', 'Lockhart'],
  ['Wade', 'Somerby'],
  ['Xena', 'Holt'],
  ['Yusuf', 'Bramley'],
  ['Zara', 'Whitlock'],
  ['Abel', 'Gorman'],
  ['Bea', 'Ridley'],
  ['Cyrus', 'Ambler'],
  ['Delia', 'Farrow'],
  ['Ezra', 'Lindqvist'],
  ['Flora', 'Haddon'],
  ['Gideon', 'Shaw'],
  ['Hazel', 'Crane'],
  ['Ivo', 'Petrakis'],
  ['Juno', 'Belcourt'],
  ['Kai', 'Renshaw'],
  ['Lena', 'Voss'],
  ['Milo', 'Danvers'],
  ['Nadia', 'Okoro'],
  ['Otto', 'Lindgren'],
];

export const DEMO_HISTORY_COURSES = NAMES.length;

const WEEKDAY_MONDAY = 1;

/** The Monday on or after `date` (a series starts on a Monday). */
function mondayOnOrAfter(date: string): string {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDaysToIsoDate(date, (WEEKDAY_MONDAY - day + 7) % 7);
}

/** The demo's finished courses as of `today` (site-local `YYYY-MM-DD`). */
export function demoProgramHistory(today: string, seed = 20261206): HistoryCourse[] {
  const rand = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const whole = (lo: number, hi: number) => Math.round(between(lo, hi));
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
  const courses: HistoryCourse[] = [];
  for (const [i, [givenName, familyName]] of NAMES.entries()) {
    const series = i % 7 === 3;
    // Cohorts of two ten days apart, from 270 to 80 days ago (before the demo's stock was received,
    // 60 days ago: these sessions' ketamine predates the ledger); the last few still in follow-up.
    const offset = 270 - Math.floor(i / 2) * 10;
    const start = series ? mondayOnOrAfter(addDaysToIsoDate(today, -offset)) : addDaysToIsoDate(today, -offset);
    const baseline = whole(36, 64);
    // The share PCL-5 fell by after the course, and how much of it was kept later.
    const fall = between(0.05, 0.62);
    const fade = rand() < 0.3 ? between(0.15, 0.45) : between(0, 0.12);
    const total = (share: number) => clamp(baseline * (1 - share), 80);
    const pcl5: Partial<Record<ProgramTimePoint, number>> = {
      baseline,
      'end-of-course': total(fall),
      'plus-7': total(fall + between(-0.05, 0.06)),
      'plus-30': total(fall - fade / 2),
      'plus-90': total(fall - fade),
    };
    // About one patient in six leaves a follow-up questionnaire unanswered, one in ten both later ones.
    if (rand() < 0.17) delete pcl5['plus-30'];
    if (rand() < 0.12) delete pcl5['plus-90'];
    if (rand() < 0.08) {
      delete pcl5['plus-30'];
      delete pcl5['plus-90'];
    }
    const phqBase = whole(9, 22);
    const phq9: Partial<Record<ProgramTimePoint, number>> = {};
    for (const [t, v] of Object.entries(pcl5) as [ProgramTimePoint, number][]) phq9[t] = clamp(phqBase * (v / baseline), 27);
    const sessions: HistorySession[] = Array.from({ length: series ? 6 : 2 }, () => {
      const s: HistorySession = {};
      const roll = rand();
      if (roll < 0.14) s.adverse = [{ kind: 'nausea', severity: 'mild' }];
      else if (roll < 0.19) s.adverse = [{ kind: 'anxiety', severity: 'moderate' }];
      else if (roll < 0.21) s.adverse = [{ kind: 'vomiting', severity: 'moderate' }];
      const bp = rand();
      if (bp < 0.04) Object.assign(s, { bloodPressure: 'pause', paused: true });
      else if (bp < 0.18) s.bloodPressure = 'warn';
      if (rand() < 0.03) s.stoppedEarly = true;
      return s;
    });
    const withdrawn =
      i === 9
        ? { afterSessions: 1, reason: 'found the sessions too distressing' }
        : i === 26
          ? { afterSessions: 0, reason: 'moved out of state' }
          : undefined;
    courses.push({
      mrn: `DEMO-H${String(i + 1).padStart(3, '0')}`,
      givenName,
      familyName,
      template: series ? 'infusion-series-6' : 'retreat-5-day',
      startDate: start,
      pcl5: withdrawn === undefined ? pcl5 : { baseline },
      phq9: withdrawn === undefined ? phq9 : { baseline: phqBase },
      gad7: whole(7, 19),
      sessions,
      careTeam: i % 2 === 0 ? 1 : 2,
      ...(withdrawn === undefined ? {} : { withdrawn }),
    });
  }
  return courses;
}
