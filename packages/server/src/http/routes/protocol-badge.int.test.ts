/**
 * The header's protocol badge (issue 22: "a fixed string that stays after signing"), on both
 * engines: `GET /api/session` names the version in force at the user's site, a proposal changes
 * nothing, signing it moves the badge to the new version, a site with nothing signed says so, and
 * an account without a site has no badge.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaffSession } from '@kairos/api';
import { DEMO_PASSWORD, injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { addSite, addStaff as addStaffRow } from '../../../test/staff.js';
import type { Role } from '../../store/schema.js';

describeEachEngine('the protocol badge follows the version in force', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let director: TestAuth;
  let siteId: string;

  const badge = async (who: TestAuth) => {
    const r = await injectAs(app, who, { method: 'GET', url: '/api/session' });
    expect(r.statusCode).toBe(200);
    return r.json<StaffSession>().protocol;
  };
  const newestSigned = async (site: string) =>
    (
      await h.database.db
        .selectFrom('protocol_version')
        .select('version')
        .where('site_id', '=', site)
        .where('signed_at', 'is not', null)
        .orderBy('version', 'desc')
        .executeTakeFirst()
    )?.version;

  async function addStaff(email: string, roles: Role[], site: string | null): Promise<TestAuth> {
    await addStaffRow(h.database.db, clock.now(), email, roles, site);
    return signInAs(app, email);
  }

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    director = await signInAs(app, 'director@demo.test');
    siteId = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app.close());

  it('names the signed version in force, at sign-in and after', async () => {
    const version = await newestSigned(siteId);
    expect(version).toBeGreaterThanOrEqual(1);
    expect(await badge(director)).toEqual({ version, signed: true });
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'nurse@demo.test', password: DEMO_PASSWORD },
    });
    expect(signIn.json<StaffSession>().protocol).toEqual({ version, signed: true });
  });

  it('a proposal changes nothing; signing it moves the badge to the new version', async () => {
    const before = await newestSigned(siteId);
    const proposed = await injectAs(app, director, {
      method: 'POST',
      url: `/api/sites/${siteId}/protocol/versions`,
      payload: { changes: [{ path: 'outcomes.response.reductionPercent', value: 40 }], reason: 'our research partner uses 40%' },
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const next = proposed.json<{ version: number }>().version;
    expect(next).toBeGreaterThan(before as number);
    expect(await badge(director)).toEqual({ version: before, signed: true });
    const proof = (
      await injectAs(app, director, {
        method: 'POST',
        url: '/api/step-up',
        payload: { email: 'director@demo.test', password: DEMO_PASSWORD, purpose: 'protocol.sign' },
      })
    ).json<{ stepUpToken: string }>().stepUpToken;
    const signed = await injectAs(app, director, {
      method: 'POST',
      url: `/api/sites/${siteId}/protocol/versions/${next}/sign`,
      payload: { stepUpToken: proof },
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(await badge(director)).toEqual({ version: next, signed: true });
  });

  it('a site where nothing is signed says not signed; an account without a site has no badge', async () => {
    const other = await addSite(app, 'Second clinic');
    const nurseThere = await addStaff('nurse@second.test', ['nurse'], other);
    expect(await badge(nurseThere)).toEqual({ version: null, signed: false });
    const siteless = await addStaff('nobody@second.test', ['coordinator'], null);
    expect(await badge(siteless)).toBeNull();
  });

  it('the session names the user’s site and its time zone (pages show times there); none for an account without a site', async () => {
    const session = async (who: TestAuth) => (await injectAs(app, who, { method: 'GET', url: '/api/session' })).json<StaffSession>().site;
    const row = await h.database.db
      .selectFrom('site')
      .select(['id', 'name', 'time_zone'])
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(await session(director)).toEqual({ id: siteId, name: row.name, timeZone: row.time_zone });
    const siteless = await addStaff('nobody2@second.test', ['coordinator'], null);
    expect(await session(siteless)).toBeNull();
  });
});
