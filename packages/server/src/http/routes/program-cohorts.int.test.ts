/**
 * The cohorts the Outcomes page's cohort filter offers (`GET /api/sites/:id/program-outcomes/cohorts`)
 * on both engines, over the summer's history (program-history.ts): four cohorts (retreats on 1, 8
 * and 22 June with two patients each, the series on 15 June with one) and a cancelled cohort added
 * here. Each in words with its members, the latest first; the template and date filters; a
 * therapist sees only their care teams' cohorts; another site, an administrator and bad filters
 * are refused, each naming its field.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { SUMMER as SUMMER_DAYS, seedSummer } from '../../../test/program-history.js';
import type { ProgramCohorts, ProgramOutcomes } from '@kairos/api';

const WHO = ['director', 'prescriber', 'therapist', 'nurse', 'coordinator', 'admin'] as const;
type Who = (typeof WHO)[number];

const SUMMER = `from=${SUMMER_DAYS.from}&to=${SUMMER_DAYS.to}`;
const RETREAT = '5-day ketamine-assisted psychotherapy retreat';

describeEachEngine('program cohorts (the cohort filter)', (h) => {
  let app: FastifyInstance;
  let siteId: string;
  let cohortOfCasey: string;
  let cancelledId: string;
  const auth = {} as Record<Who, TestAuth>;
  const get = (who: Who, query: string, site = () => siteId) =>
    injectAs(app, auth[who], { method: 'GET', url: `/api/sites/${site()}/program-outcomes/cohorts${query === '' ? '' : `?${query}`}` });
  const list = async (who: Who, query: string): Promise<ProgramCohorts> => {
    const r = await get(who, query);
    expect(r.statusCode, r.body).toBe(200);
    return JSON.parse(r.body) as ProgramCohorts;
  };
  const brief = (c: ProgramCohorts) => c.cohorts.map((x) => [x.startDate, x.template, x.members, x.state]);

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of WHO) auth[who] = await signInAs(app, `${who}@demo.test`);
    // The therapist is on Avery's care team only (Avery: the retreat of 1 June).
    ({ siteId, cohortOfCasey } = await seedSummer(h.database.db, new Date(Date.UTC(2026, 11, 1, 14))));
    // A maintenance cohort of the summer, cancelled before anyone was booked into it.
    cancelledId = (
      await h.database.db
        .insertInto('cohort')
        .values({
          site_id: siteId,
          program_template: 'maintenance-1',
          start_date: '2026-07-20',
          state: 'cancelled',
          cancel_reason: 'no chair free',
          created_at: new Date(Date.UTC(2026, 6, 1)),
          created_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => app.close());

  it('the director lists the summer’s cohorts, the latest first, each in words with its members and state', async () => {
    const c = await list('director', SUMMER);
    expect(brief(c)).toEqual([
      ['2026-07-20', 'maintenance-1', 0, 'cancelled'],
      ['2026-06-22', 'retreat-5-day', 2, 'planned'],
      ['2026-06-15', 'infusion-series-6', 1, 'planned'],
      ['2026-06-08', 'retreat-5-day', 2, 'planned'],
      ['2026-06-01', 'retreat-5-day', 2, 'planned'],
    ]);
    expect(c.truncated).toBe(false);
    expect(c.ownPatientsOnly).toBe(false);
    expect(c.cohorts[0]?.id).toBe(cancelledId);
    const casey = c.cohorts.find((x) => x.id === cohortOfCasey);
    expect(casey?.label).toBe(`${RETREAT} from 2026-06-08`);
    // The same words as the dashboard's filter.
    const r = await injectAs(app, auth.director, { method: 'GET', url: `/api/sites/${siteId}/program-outcomes?cohortId=${cohortOfCasey}` });
    expect((JSON.parse(r.body) as ProgramOutcomes).filters.cohort?.label).toBe(casey?.label);
    // Without filters: the demo's cohorts too, still the latest first.
    const all = await list('director', '');
    expect(all.cohorts.length).toBeGreaterThanOrEqual(5);
    const days = all.cohorts.map((x) => x.startDate);
    expect(days).toEqual([...days].sort().reverse());
  });

  it('the template and the dates narrow the list', async () => {
    expect(brief(await list('director', `${SUMMER}&template=infusion-series-6`))).toEqual([
      ['2026-06-15', 'infusion-series-6', 1, 'planned'],
    ]);
    expect(brief(await list('director', 'from=2026-06-08&to=2026-06-15'))).toEqual([
      ['2026-06-15', 'infusion-series-6', 1, 'planned'],
      ['2026-06-08', 'retreat-5-day', 2, 'planned'],
    ]);
    expect((await list('director', `from=2026-06-02&to=2026-06-21&template=retreat-5-day`)).cohorts.map((x) => x.id)).toEqual([
      cohortOfCasey,
    ]);
    expect((await list('director', 'from=2020-01-01&to=2020-12-31')).cohorts).toEqual([]);
  });

  it('a prescriber lists the site’s cohorts; a therapist only those of their care teams, counting only their patients', async () => {
    expect((await list('prescriber', SUMMER)).cohorts).toHaveLength(5);
    const own = await list('therapist', SUMMER);
    expect(own.ownPatientsOnly).toBe(true);
    expect(brief(own)).toEqual([['2026-06-01', 'retreat-5-day', 1, 'planned']]);
  });

  it('the read is audited with its filters and the number of cohorts', async () => {
    await list('director', `${SUMMER}&template=retreat-5-day`);
    const e = await h.database.db
      .selectFrom('audit_event')
      .select(['details', 'outcome', 'record_id'])
      .where('action', '=', 'outcomes.program-cohorts-read')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(e.outcome).toBe('allowed');
    expect(e.record_id).toBe(siteId);
    expect(e.details).toMatchObject({ filters: { template: 'retreat-5-day', from: '2026-05-01', to: '2026-07-31' }, cohorts: 3 });
  });

  describe('refused, each naming its field', () => {
    it.each([
      ['a nurse', 'nurse'],
      ['a coordinator', 'coordinator'],
      ['an administrator (no patient data)', 'admin'],
    ] as [string, Who][])('%s: 403', async (_, who) => {
      expect((await get(who, '')).statusCode).toBe(403);
    });

    it.each([
      ['an inverted range', 'from=2026-07-31&to=2026-05-01', 'querystring.to'],
      ['an unknown filter', 'site=all', 'querystring'],
      ['a cohort (not a filter of this list)', `cohortId=00000000-0000-4000-8000-000000000000`, 'querystring'],
      ['an unknown template', 'template=weekend', 'querystring.template'],
      ['a date that is not one', 'from=2026-02-30', 'querystring.from'],
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
            payload: { name: 'Cohortless clinic', timeZone: 'America/Chicago' },
          })
        ).body,
      ) as { id: string };
      const r = await get('director', '', () => other.id);
      expect(r.statusCode).toBe(403);
      const denied = await h.database.db
        .selectFrom('audit_event')
        .select(['outcome', 'action'])
        .where('record_id', '=', other.id)
        .where('outcome', '=', 'denied')
        .execute();
      // Refused by the route's site scope (the permission's name), before the use case reads anything.
      expect(denied.map((d) => d.action)).toEqual(['outcomes.read']);
    });
  });
});
