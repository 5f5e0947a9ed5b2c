/**
 * Property-based fuzz of every route (issue 18, "done means"): fast-check makes requests from the
 * route table (path parameters that are ids of the demo, random ids or any text; queries and JSON
 * bodies of plausible and random fields, any values, nested, hostile strings), sent by a user
 * whose role may call the route; no answer is a 5xx. Seeded, so a failure names its
 * counterexample and replays; 20 runs a route here, `KAIROS_FUZZ_RUNS` more in
 * `npm run test:long`.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoUserAllowed, injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';

const RUNS = Number(process.env.KAIROS_FUZZ_RUNS ?? 20);
const SEED = Number(process.env.KAIROS_FUZZ_SEED ?? 18);

/** Field names the contract uses, so generated bodies get past "unknown field" into the rules. */
const FIELDS = [
  'id',
  'siteId',
  'patientId',
  'name',
  'givenName',
  'familyName',
  'birthDate',
  'mrn',
  'email',
  'date',
  'from',
  'to',
  'q',
  'state',
  'step',
  'reason',
  'body',
  'content',
  'readings',
  'measuredAt',
  'systolic',
  'rateMlPerHour',
  'weightKg',
  'answers',
  'code',
  'token',
  'password',
  'purpose',
  'audience',
  'limit',
  'cursor',
];

/** `s` with lone surrogates replaced (a URL cannot carry them; a JSON body can, and does below). */
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

const hostile = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '2026-13-45',
  '2026-02-30T25:61:00Z',
  '9999-12-31',
  '0000-00-00',
  '<script>alert(1)</script>',
  "'; DROP TABLE patient; --",
  '%00',
  '\u202e\u0000',
  '../../etc/passwd',
  'a'.repeat(5_000),
  '\ud800',
  '{"a":1}',
);
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  hostile,
  fc.uuid(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.oneof(
  { depthSize: 'small' },
  scalar,
  fc.array(scalar, { maxLength: 5 }),
  fc.dictionary(fc.constantFrom(...FIELDS), scalar, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);
const body = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })), value, { maxKeys: 8 }),
  fc.jsonValue({ maxDepth: 4 }),
);
const query = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ minLength: 1, maxLength: 8 })), text, { maxKeys: 4 });

describeEachEngine('route fuzz: no 5xx from any route', (h) => {
  let app: FastifyInstance;
  const ids: string[] = [];

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    const rows = await Promise.all([
      h.database.db.selectFrom('patient').select('id').limit(2).execute(),
      h.database.db.selectFrom('site').select('id').limit(1).execute(),
      h.database.db.selectFrom('dosing_session').select('id').limit(2).execute(),
      h.database.db.selectFrom('clinical_note').select('id').limit(2).execute(),
      h.database.db.selectFrom('enrollment').select('id').limit(2).execute(),
    ]);
    ids.push(...rows.flat().map((r) => r.id));
  });
  afterAll(async () => app.close());

  it(`${RUNS} generated requests a route (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const sessions = new Map<string, TestAuth>();
    const authFor = async (email: string) => {
      let auth = sessions.get(email);
      if (auth === undefined) {
        auth = await signInAs(app, email);
        sessions.set(email, auth);
      }
      return auth;
    };
    const param = fc.oneof(
      fc.constantFrom(...ids),
      fc.uuid(),
      text.filter((s) => s !== '').map((s) => encodeURIComponent(wellFormed(s))),
    );
    const failures: string[] = [];
    for (const route of app.routeTable) {
      // The event stream stays open until its client goes (injected requests never go): its
      // query is checked in events.int.test.ts. The API's own documents (OpenAPI, the docs page)
      // take no input; answered through inject at 0.9 MB each, a thousand of them would only
      // measure light-my-request's memory (over HTTP they hold none).
      if (route.url.includes('*') || route.raw === 'text/event-stream' || /^\/api\/(docs|openapi)/.test(route.url)) continue;
      const email = demoUserAllowed(route.action);
      const method = route.method as InjectOptions['method'];
      const request = fc.record({
        params: fc.array(param, { minLength: 4, maxLength: 4 }),
        query,
        body: route.hasBody ? body : fc.constant(undefined),
      });
      const result = await fc.check(
        fc.asyncProperty(request, async (r) => {
          let n = 0;
          const url = route.url.replace(/:[A-Za-z]+/g, () => r.params[n++] ?? randomUUID());
          const qs = new URLSearchParams(
            Object.entries(r.query).map(([k, v]): [string, string] => [wellFormed(k), wellFormed(v)]),
          ).toString();
          const options: InjectOptions = {
            method,
            url: qs === '' ? url : `${url}?${qs}`,
            ...(r.body === undefined ? {} : { payload: JSON.stringify(r.body), headers: { 'content-type': 'application/json' } }),
          };
          let res = email === undefined ? await app.inject(options) : await injectAs(app, await authFor(email), options);
          if (email !== undefined && res.statusCode === 401) {
            // A request that ended the sign-in (sign-out): sign in again for the next.
            sessions.delete(email);
            res = await injectAs(app, await authFor(email), options);
          }
          return res.statusCode < 500;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      if (result.failed) failures.push(`${route.method} ${route.url}: ${JSON.stringify(result.counterexample)}`);
    }
    expect(failures).toEqual([]);
  });
});
