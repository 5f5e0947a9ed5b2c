/**
 * No secret and no patient data in the logs (issue 18, item 6). The server's logs are captured at
 * debug level through a whole run of the API: staff sign-in and step-up (password), patient search
 * by name, MRN and date of birth, reads of every patient of the demo, a note's PDF, portal codes and
 * links made and used, a calendar feed made and fetched, a device token made and used, refusals
 * and validation errors carrying a patient's name, and a GET of every route of the route table.
 * The logs are not empty, and hold none of the tokens, codes or passwords used, nor any demo
 * patient's name, date of birth or MRN.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs } from '../../test/auth.js';
import { buildDemoApp, buildTestApp, testConfig } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { createLogger } from '../logger.js';

const PASSWORD = 'kairos-demo-2026';

describeEachEngine('the logs of a whole API run hold no secret and no patient data', (h) => {
  let app: FastifyInstance;
  const lines: string[] = [];
  /** Every secret the run handled, to be looked for in the logs. */
  const secrets = new Set<string>([PASSWORD]);

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const config = testConfig({ KAIROS_TRUST_PROXY: 'loopback' });
    ({ app } = await buildDemoApp(h.database, { config }));
    await app.close();
    // The demo's database, served by an app whose logger writes at debug level to the sink.
    app = await buildTestApp(h.database, { config, logger: createLogger('debug', sink) });
    await app.ready();
  });
  afterAll(async () => app.close());

  it('runs the API and finds the logs clean', async () => {
    const director = await signInAs(app, 'director@demo.test');
    const coordinator = await signInAs(app, 'coordinator@demo.test');
    const admin = await signInAs(app, 'admin@demo.test');
    const therapist = await signInAs(app, 'therapist@demo.test');
    const patients = await h.database.db.selectFrom('patient').select(['id', 'given_name', 'family_name', 'birth_date', 'mrn']).execute();
    expect(patients.length).toBeGreaterThan(5);
    const first = patients[0] as (typeof patients)[number];

    // Staff: a wrong password, a step-up, searches by name, MRN and date of birth, every patient read.
    await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'nurse@demo.test', password: 'Wrong-Password-123' } });
    secrets.add('Wrong-Password-123');
    const stepUp = await injectAs(app, director, {
      method: 'POST',
      url: '/api/step-up',
      payload: { email: 'director@demo.test', password: PASSWORD, purpose: 'note.sign' },
    });
    secrets.add(stepUp.json<{ stepUpToken: string }>().stepUpToken);
    for (const q of [first.family_name, first.given_name, first.mrn, String(first.birth_date)])
      expect((await injectAs(app, coordinator, { method: 'GET', url: `/api/patients?q=${encodeURIComponent(q)}` })).statusCode).toBe(200);
    for (const p of patients) await injectAs(app, director, { method: 'GET', url: `/api/patients/${p.id}` });

    // A validation error and a refused change that carry a patient's name.
    await injectAs(app, coordinator, {
      method: 'PATCH',
      url: `/api/patients/${first.id}`,
      payload: { givenName: first.given_name, familyName: first.family_name, birthDate: 'not a date', mrn: first.mrn },
    });
    await injectAs(app, therapist, {
      method: 'POST',
      url: '/api/patients',
      payload: { givenName: first.given_name, familyName: first.family_name },
    });

    // A care plan PDF.
    const plan = await h.database.db
      .selectFrom('clinical_note')
      .select('id')
      .where('template', '=', 'continuing-care-plan')
      .where('state', '=', 'signed')
      .executeTakeFirstOrThrow();
    expect((await injectAs(app, director, { method: 'GET', url: `/api/notes/${plan.id}/pdf?audience=referrer` })).statusCode).toBe(200);

    // Portal: a code and a link made, each used, and a wrong one.
    const access = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/patients/${first.id}/portal-access`,
      payload: { send: false },
    });
    expect(access.statusCode, access.body).toBe(201);
    const { code, link } = access.json<{ code: string; link: string }>();
    const linkToken = new URL(link, 'http://x').searchParams.get('token') as string;
    secrets.add(code).add(linkToken);
    expect((await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code } })).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/portal/session', payload: { token: linkToken } });
    await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code: 'WRONG123' } });

    // A calendar feed made and fetched.
    const feed = await injectAs(app, director, { method: 'POST', url: '/api/me/calendar-feed' });
    const feedPath = feed.json<{ path: string }>().path;
    secrets.add(
      feedPath
        .split('/')
        .at(-1)
        ?.replace(/\.ics$/, '') as string,
    );
    expect((await app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(200);

    // A device token made and used, and a wrong one.
    const site = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const device = await injectAs(app, admin, {
      method: 'POST',
      url: '/api/device-tokens',
      payload: { siteId: site.id, name: 'Chair 3 monitor' },
    });
    const deviceToken = device.json<{ token: string }>().token;
    secrets.add(deviceToken);
    const live = await h.database.db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').executeTakeFirstOrThrow();
    for (const token of [deviceToken, 'not-a-token'])
      await app.inject({
        method: 'POST',
        url: `/api/device/sessions/${live.id}/vitals`,
        headers: { authorization: `Bearer ${token}` },
        payload: { readings: [{ clientId: 'log-1', measuredAt: new Date().toISOString(), systolic: 120, diastolic: 80 }] },
      });

    // Every GET route of the table, with the first patient's id where a route takes an id.
    for (const route of app.routeTable)
      if (route.method === 'GET' && !route.url.includes('*'))
        await injectAs(app, director, { method: 'GET', url: route.url.replace(/:[A-Za-z]+/g, first.id) });

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(100);
    expect(log).toContain('"route":"/api/patients/:id"');
    const found: string[] = [];
    for (const s of secrets) if (log.includes(s)) found.push(`a secret (${s.slice(0, 3)}...)`);
    for (const p of patients)
      for (const [what, value] of [
        ['name', p.given_name],
        ['name', p.family_name],
        ['MRN', p.mrn],
        ['date of birth', String(p.birth_date)],
      ] as const)
        if (log.includes(value)) found.push(`a patient's ${what}`);
    expect(found).toEqual([]);
  }, 120_000);
});
