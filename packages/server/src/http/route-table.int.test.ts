/**
 * Bad input never crashes anything and never changes what is stored. Generated from the route
 * table, so every route a later issue adds is swept too: malformed JSON, wrong types, unknown
 * fields, bodies over 1 MB, JSON nested too deep, empty PATCHes, dates that are not dates in the
 * query, ids that are not ids and ids that do not exist.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoUserAllowed, injectAs, signInAs } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine, fingerprint } from '../../test/engines.js';
import { BODY_LIMIT_BYTES } from './build-app.js';

interface BadCase {
  name: string;
  request: InjectOptions;
}

/** The bad requests to send to one route. */
function badCasesFor(route: FastifyInstance['routeTable'][number]): BadCase[] {
  const fill = (value: string): string => route.url.replace(/:[A-Za-z]+/g, value);
  const url = fill(randomUUID());
  const method = route.method as InjectOptions['method'];
  const cases: BadCase[] = [];
  const json = { 'content-type': 'application/json' };
  if (route.hasBody) {
    cases.push(
      { name: 'malformed JSON', request: { method, url, headers: json, payload: '{"a": 1,' } },
      { name: 'a JSON array instead of an object', request: { method, url, headers: json, payload: '[1, 2]' } },
      { name: 'wrong types', request: { method, url, headers: json, payload: JSON.stringify({ id: 12, name: 12, date: true }) } },
      { name: 'an unknown field', request: { method, url, headers: json, payload: JSON.stringify({ __unknownField: 'x' }) } },
      { name: 'a body over 1 MB', request: { method, url, headers: json, payload: JSON.stringify({ x: 'y'.repeat(BODY_LIMIT_BYTES) }) } },
      { name: 'a body that is not JSON', request: { method, url, headers: { 'content-type': 'text/plain' }, payload: 'hello' } },
      {
        name: 'JSON nested 100,000 deep',
        request: { method, url, headers: json, payload: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}` },
      },
      { name: 'JSON nested 65 deep', request: { method, url, headers: json, payload: `${'['.repeat(65)}${']'.repeat(65)}` } },
      {
        name: 'a NUL character in a string',
        request: {
          method,
          url,
          headers: json,
          payload: JSON.stringify({ body: 'a\u0000b', note: 'a\u0000b', reason: 'a\u0000b', name: 'a\u0000b' }),
        },
      },
    );
  }
  if (route.hasParams) {
    cases.push(
      {
        name: 'an id that is not an id',
        request: { method, url: fill('not-an-id'), ...(route.hasBody ? { headers: json, payload: '{}' } : {}) },
      },
      {
        name: 'an id that does not exist',
        request: { method, url: fill(randomUUID()), ...(route.hasBody ? { headers: json, payload: '{}' } : {}) },
      },
      {
        name: 'an id with SQL in it',
        request: { method, url: fill(encodeURIComponent("1' OR '1'='1")), ...(route.hasBody ? { headers: json, payload: '{}' } : {}) },
      },
    );
  }
  if (route.method === 'PATCH') cases.push({ name: 'an empty PATCH', request: { method, url, headers: json, payload: '{}' } });
  if (route.hasQuery) {
    cases.push({ name: 'an unknown query parameter', request: { method, url: `${url}?__unknown=1` } });
    // Dates that are not dates, in the query parameters routes name dates or search with.
    for (const name of ['q', 'from', 'to', 'date', 'asOf', 'since'])
      for (const bad of ['2026-13-45', '2026-02-30'])
        cases.push({ name: `${name}=${bad}`, request: { method, url: `${url}?${name}=${bad}` } });
  }
  return cases;
}

describeEachEngine('every route refuses bad input with a 4xx and changes nothing', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
  });
  afterAll(async () => app.close());

  it('the route table lists the API routes, each with an action', () => {
    expect(app.routeTable.length).toBeGreaterThan(0);
    for (const r of app.routeTable) expect(r.action, `${r.method} ${r.url}`).toBeDefined();
  });

  it('every JSON route declares its answers in the contract: a response schema per success, none any, unknown or loose', () => {
    const problems = app.routeTable
      .filter((r) => r.responseProblem !== undefined)
      .map((r) => `${r.method} ${r.url}: ${r.responseProblem ?? ''}`);
    expect(problems).toEqual([]);
    // The FHIR API answers FHIR JSON, every route of it (errors too: OperationOutcomes), but a bulk
    // export's files (NDJSON).
    const fhir = app.routeTable.filter((r) => r.url.startsWith('/fhir/'));
    expect(fhir.length).toBeGreaterThan(0);
    expect(fhir.filter((r) => r.raw !== 'application/fhir+json').map((r) => `${r.method} ${r.url} ${r.raw ?? ''}`)).toEqual([
      'GET /fhir/R4/$export-file/:id/:file application/fhir+ndjson',
    ]);
    // The other routes that answer something other than JSON say what, and are few.
    expect(
      app.routeTable
        .filter((r) => r.raw !== undefined && !r.url.startsWith('/fhir/'))
        .map((r) => `${r.method} ${r.url} ${r.raw ?? ''}`)
        .sort(),
    ).toMatchInlineSnapshot(`
      [
        "GET /api/adverse-events.csv text/csv",
        "GET /api/audit-events.csv text/csv",
        "GET /api/calendar/:token text/calendar",
        "GET /api/credentials/:id/document application/pdf | image/png | image/jpeg",
        "GET /api/enrollments/:id/referral/documents/:documentId application/pdf | image/png | image/jpeg",
        "GET /api/events text/event-stream",
        "GET /api/notes/:id/pdf application/pdf",
        "GET /api/openapi.json application/vnd.oai.openapi+json",
        "GET /api/patients/:id/progress-letter.pdf application/pdf",
        "GET /api/patients/:id/superbill.pdf application/pdf",
        "GET /api/portal/care-plan.pdf application/pdf",
        "GET /api/portal/superbill.pdf application/pdf",
        "GET /api/sessions/:id/record.pdf application/pdf",
        "GET /api/sites/:id/program-outcomes.csv text/csv",
        "GET /api/sites/:id/program-outcomes.pdf application/pdf",
        "GET /api/sites/:id/research-export application/x-ndjson | text/csv",
        "GET /api/sites/:id/stock/records.csv text/csv",
        "GET /api/sites/:id/stock/records.pdf application/pdf",
        "POST /api/local/backup application/gzip",
      ]
    `);
  });

  it('the OpenAPI document (generated from the contract) gives every JSON route the shape of its answer', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    }>();
    const missing: string[] = [];
    for (const r of app.routeTable) {
      if (r.raw !== undefined || r.hidden) continue;
      const op = doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      const successes = Object.entries(op?.responses ?? {}).filter(([status]) => status.startsWith('2'));
      const described = successes.some(([status, res]) => status === '204' || res.content?.['application/json']?.schema !== undefined);
      if (!described) missing.push(`${r.method} ${r.url}`);
    }
    expect(missing).toEqual([]);
  });

  it('sends every bad case to every route', { timeout: 180_000 }, async () => {
    const before = await fingerprint(h.database);
    const lastSeq =
      (await h.database.db.selectFrom('audit_event').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.seq ?? '0';
    const failures: string[] = [];
    // One session per user, renewed only when a request ended it (sign-out): argon2 per request
    // would make this sweep slow on a loaded machine.
    const sessions = new Map<string, Awaited<ReturnType<typeof signInAs>>>();
    const authFor = async (email: string) => {
      let auth = sessions.get(email);
      if (auth === undefined) {
        auth = await signInAs(app, email);
        sessions.set(email, auth);
      }
      return auth;
    };
    for (const route of app.routeTable) {
      const email = demoUserAllowed(route.action);
      for (const c of badCasesFor(route)) {
        // Signed in as someone allowed, so bad input meets validation rather than the permission check.
        let res = email === undefined ? await app.inject(c.request) : await injectAs(app, await authFor(email), c.request);
        if (email !== undefined && res.statusCode === 401 && route.action !== 'device' && route.action !== 'portal') {
          sessions.delete(email);
          res = await injectAs(app, await authFor(email), c.request);
        }
        const label = `${route.method} ${route.url}: ${c.name} -> ${res.statusCode}`;
        if (res.statusCode < 400 || res.statusCode >= 500) {
          failures.push(label);
          continue;
        }
        if (route.url.startsWith('/fhir/')) {
          // The FHIR API's errors are OperationOutcomes.
          const outcome = res.json<{ resourceType?: unknown; issue?: { severity?: unknown; code?: unknown; diagnostics?: unknown }[] }>();
          const issue = outcome.issue?.[0];
          if (outcome.resourceType !== 'OperationOutcome' || issue?.severity !== 'error' || typeof issue.diagnostics !== 'string')
            failures.push(`${label}: not an OperationOutcome`);
          continue;
        }
        const body = res.json<{ error?: { code?: unknown; message?: unknown } }>();
        if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') failures.push(`${label}: not the error shape`);
      }
    }
    expect(failures).toEqual([]);
    // Signing in (once per request) writes sessions, attempts and their audit events; the
    // records themselves must be exactly as before.
    const records = (f: Record<string, string>) =>
      Object.fromEntries(Object.entries(f).filter(([t]) => !['user_session', 'signin_attempt', 'audit_event'].includes(t)));
    expect(records(await fingerprint(h.database))).toEqual(records(before));
    // Refusals are audited (that is the point); nothing else may have been written.
    const domainAudit = await h.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('seq', '>', lastSeq)
      .where('action', 'not like', 'auth.%')
      .where('outcome', '!=', 'denied')
      .execute();
    expect(domainAudit).toEqual([]);
  });
});
