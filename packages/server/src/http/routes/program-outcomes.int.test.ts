/**
 * The program's outcomes through the API on both engines (issue 24, Must 1): seven finished courses
 * of last summer written as history (six retreats and a series, one withdrawn after its first
 * session), each figure checked against the value worked out by hand below; the filters (template,
 * start dates, cohort); who sees what (the director and prescribers the site, a therapist their own
 * patients, the others nothing); and the table of refused requests, each naming its field.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { SUMMER as SUMMER_DAYS, seedSummer } from '../../../test/program-history.js';
import type { ProgramOutcomes } from '@kairos/api';

const WHO = ['director', 'prescriber', 'therapist', 'nurse', 'coordinator', 'admin'] as const;
type Who = (typeof WHO)[number];

const SUMMER = `from=${SUMMER_DAYS.from}&to=${SUMMER_DAYS.to}`;

describeEachEngine('program outcomes', (h) => {
  let app: FastifyInstance;
  let siteId: string;
  let cohortOfC: string;
  const auth = {} as Record<Who, TestAuth>;
  const get = (who: Who, query: string, site = () => siteId) =>
    injectAs(app, auth[who], { method: 'GET', url: `/api/sites/${site()}/program-outcomes${query === '' ? '' : `?${query}`}` });
  const read = async (who: Who, query: string): Promise<ProgramOutcomes> => {
    const r = await get(who, query);
    expect(r.statusCode, r.body).toBe(200);
    return JSON.parse(r.body) as ProgramOutcomes;
  };
  const at = <T extends { timePoint: string }>(list: readonly T[], timePoint: string) => list.find((x) => x.timePoint === timePoint);

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of WHO) auth[who] = await signInAs(app, `${who}@demo.test`);
    // The therapist is on Avery's care team only.
    ({ siteId, cohortOfCasey: cohortOfC } = await seedSummer(h.database.db, new Date(Date.UTC(2026, 11, 1, 14))));
  });
  afterAll(async () => app.close());

  it('the flow: seven referred, screened, eligible and started; six completed, one withdrawn (its reason), one lost to follow-up', async () => {
    const o = await read('director', SUMMER);
    expect(o.flow).toEqual({
      referred: 7,
      screened: 7,
      eligible: 7,
      started: 7,
      completed: 6,
      withdrawn: 1,
      withdrawnReasons: [{ reason: 'moved away', count: 1 }],
      lostToFollowUp: 1,
    });
    expect(o.suppressed).toBe(false);
    expect(o.filters).toMatchObject({ template: null, from: '2026-05-01', to: '2026-07-31', cohort: null, ownPatientsOnly: false });
    expect(o.protocolVersion).toBeGreaterThanOrEqual(1);
    expect(o.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['outcomes.loss-of-response', 'outcomes.cohort-statistics']));
  });

  it('PCL-5 means at each time point with n (the hand-worked values), PHQ-9 and GAD-7', async () => {
    const o = await read('director', SUMMER);
    const pcl5 = o.scores.pcl5;
    expect(pcl5.map((p) => [p.timePoint, p.n])).toEqual([
      ['baseline', 7],
      ['end-of-course', 6],
      ['plus-7', 5],
      ['plus-30', 4],
      ['plus-90', 4],
    ]);
    expect(at(pcl5, 'baseline')?.mean).toBeCloseTo(368 / 7, 6);
    expect(at(pcl5, 'end-of-course')?.mean).toBeCloseTo(196 / 6, 6);
    expect(at(pcl5, 'plus-90')?.mean).toBeCloseTo(132 / 4, 6);
    const eoc = at(pcl5, 'end-of-course');
    expect(eoc?.ci?.lower).toBeLessThan(eoc?.mean ?? 0);
    expect(eoc?.ci?.upper).toBeGreaterThan(eoc?.mean ?? 0);
    expect(at(o.scores.phq9, 'baseline')).toMatchObject({ n: 2, mean: 17 });
    expect(o.scores.gad7.map((g) => [g.timePoint, g.n, g.mean])).toEqual([['baseline', 3, 12]]);
  });

  it('response, remission and reliable improvement at the end of the course: 4, 1 and 4 of 6, with Wilson intervals, beside 7 started', async () => {
    const o = await read('director', SUMMER);
    const rate = (id: string) => o.rates.find((r) => r.id === id && r.timePoint === 'end-of-course');
    expect(rate('response')).toMatchObject({ events: 4, n: 6, started: 7 });
    expect(rate('remission')).toMatchObject({ events: 1, n: 6 });
    expect(rate('reliable-improvement')).toMatchObject({ events: 4, n: 6 });
    expect(rate('response')?.rate).toBeCloseTo(4 / 6, 9);
    expect(rate('response')?.ci?.lower).toBeLessThan(4 / 6);
    expect(rate('response')?.ci?.upper).toBeGreaterThan(4 / 6);
  });

  it('durability: four responders, one loss of response (Avery, 91 days after the last infusion), drawn as a step curve', async () => {
    const o = await read('director', SUMMER);
    expect(o.durability).toMatchObject({ responders: 4, events: 1 });
    expect(o.durability?.curve[0]).toMatchObject({ days: 0, survival: 1, atRisk: 4 });
    // The series' +90 days count from its last infusion (90 days): Finley is censored the day before
    // Avery's loss at 91 days, so three are at risk then (Avery, Blake, Dana) and one of three is lost.
    expect(o.durability?.curve.at(-1)).toMatchObject({ days: 91, atRisk: 3, events: 1 });
    expect(o.durability?.curve.at(-1)?.survival).toBeCloseTo(2 / 3, 9);
    expect(o.durability?.median.days).toBeNull();
  });

  it('safety: 3 adverse events in 17 sessions, one blood-pressure warning, one pause, one paused and one stopped early; discharge 90 minutes after the infusion (median)', async () => {
    const o = await read('director', SUMMER);
    // Five retreats of two sessions, the series' six, the withdrawn retreat's one: 17 started.
    expect(o.safety.sessions).toBe(17);
    expect(o.safety.adverseEvents.total).toBe(3);
    expect(o.safety.adverseEvents.per100Sessions).toBeCloseTo((3 / 17) * 100, 6);
    expect(o.safety.adverseEvents.byKind).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'nausea', severity: 'mild', count: 2 })]),
    );
    expect(o.safety.bloodPressure).toEqual({ warningSessions: 1, pauseSessions: 1 });
    expect([o.safety.pausedSessions, o.safety.stoppedEarlySessions]).toEqual([1, 1]);
    expect(o.safety.dischargeMinutes).toMatchObject({ n: 17, median: 90 });
  });

  it('completeness: the share of PCL-5s answered at +30 and +90 days (4 of 6 each: the withdrawn patient is not asked)', async () => {
    const o = await read('director', SUMMER);
    const c = (t: string) => o.completeness.find((x) => x.timePoint === t && x.instrument === 'pcl5');
    expect(c('plus-30')).toMatchObject({ due: 6, answered: 4 });
    expect(c('plus-90')).toMatchObject({ due: 6, answered: 4 });
  });

  it('the literature beside the numbers, each with its citation, the negative trial and the pooled effect among them', async () => {
    const o = await read('director', SUMMER);
    const ids = o.benchmarks.map((b) => b.id);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const b of o.benchmarks) expect(b.citation.length).toBeGreaterThan(3);
    expect(o.benchmarks.map((b) => b.citation).join(' ')).toMatch(/Abdallah 2022/);
    expect(o.benchmarks.map((b) => b.citation).join(' ')).toMatch(/Aita 2024/);
  });

  it('filters: the series alone; one cohort (too small to report: counts only); a range with no course', async () => {
    const series = await read('director', `${SUMMER}&template=infusion-series-6`);
    expect(series.flow.started).toBe(1);
    expect(series.suppressed).toBe(true);
    expect(series.scores.pcl5.every((p) => p.mean === null && p.ci === null)).toBe(true);
    expect(series.rates.every((r) => r.rate === null && r.ci === null)).toBe(true);
    expect(series.durability).toBeNull();
    const cohort = await read('director', `cohortId=${cohortOfC}`);
    expect(cohort.flow.referred).toBe(2);
    expect(cohort.filters.cohort?.label).toMatch(/2026-06-08/);
    const none = await read('director', 'from=2020-01-01&to=2020-12-31');
    expect(none.flow).toMatchObject({ referred: 0, started: 0 });
  });

  it('a prescriber reads the whole program; a therapist only their own patients’ courses', async () => {
    expect((await read('prescriber', SUMMER)).flow.started).toBe(7);
    const own = await read('therapist', SUMMER);
    expect(own.filters.ownPatientsOnly).toBe(true);
    expect(own.flow.referred).toBe(1);
  });

  it('the read is audited with its filters', async () => {
    await read('director', `${SUMMER}&template=retreat-5-day`);
    const e = await h.database.db
      .selectFrom('audit_event')
      .select(['details', 'outcome'])
      .where('action', '=', 'outcomes.program-read')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(e.outcome).toBe('allowed');
    expect(e.details).toMatchObject({ filters: { template: 'retreat-5-day', from: '2026-05-01', to: '2026-07-31' } });
  });

  describe('refused, each naming its field', () => {
    const refusedRoles: [string, Who][] = [
      ['a nurse', 'nurse'],
      ['a coordinator', 'coordinator'],
      ['an administrator (no patient data)', 'admin'],
    ];
    it.each(refusedRoles)('%s: 403', async (_, who) => {
      expect((await get(who, '')).statusCode).toBe(403);
    });

    it.each([
      ['an inverted range', 'from=2026-07-31&to=2026-05-01', 'querystring.to'],
      ['an unknown filter', 'site=all', 'querystring'],
      ['an unknown template', 'template=weekend', 'querystring.template'],
      ['a date that is not one', 'from=2026-02-30', 'querystring.from'],
      ['a cohort id that is not a uuid', 'cohortId=1', 'querystring.cohortId'],
      ['a cohort of no cohort of this site', 'cohortId=00000000-0000-4000-8000-000000000000', 'querystring.cohortId'],
    ])('%s (%s): 400 naming %s', async (_, query, field) => {
      const r = await get('director', query);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toContain(field);
    });

    it('another site: 403, and the refusal is audited', async () => {
      const other = JSON.parse(
        (
          await injectAs(app, auth.admin, {
            method: 'POST',
            url: '/api/sites',
            payload: { name: 'Other clinic', timeZone: 'America/Chicago' },
          })
        ).body,
      ) as { id: string };
      const r = await get('director', '', () => other.id);
      expect(r.statusCode).toBe(403);
      const denied = await h.database.db
        .selectFrom('audit_event')
        .select('outcome')
        .where('record_id', '=', other.id)
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied.length).toBeGreaterThan(0);
    });
  });
});
