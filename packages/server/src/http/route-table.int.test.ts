/**
 * Bad input never crashes anything and never changes what is stored. Generated from the route
 * table, so every route a later issue adds is swept too: malformed JSON, wrong types, unknown
 * fields, bodies over 1 MB, ids that are not ids and ids that do not exist.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.js';
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
    );
  }
  if (route.hasParams) {
    cases.push(
      { name: 'an id that is not an id', request: { method, url: fill('not-an-id'), ...(route.hasBody ? { headers: json, payload: '{}' } : {}) } },
      { name: 'an id that does not exist', request: { method, url: fill(randomUUID()), ...(route.hasBody ? { headers: json, payload: '{}' } : {}) } },
      { name: 'an id with SQL in it', request: { method, url: fill(encodeURIComponent("1' OR '1'='1")), ...(route.hasBody ? { headers: json, payload: '{}' } : {}) } },
    );
  }
  if (route.hasQuery) {
    cases.push({ name: 'an unknown query parameter', request: { method, url: `${url}?__unknown=1` } });
  }
  return cases;
}

describeEachEngine('every route refuses bad input with a 4xx and changes nothing', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(h.database);
    await app.ready();
  });
  afterAll(async () => app.close());

  it('the route table lists the API routes, each with an action', () => {
    expect(app.routeTable.length).toBeGreaterThan(0);
    for (const r of app.routeTable) expect(r.action, `${r.method} ${r.url}`).toBeDefined();
  });

  it('sends every bad case to every route', async () => {
    const before = await fingerprint(h.database);
    const failures: string[] = [];
    for (const route of app.routeTable) {
      for (const c of badCasesFor(route)) {
        const res = await app.inject(c.request);
        const label = `${route.method} ${route.url}: ${c.name} -> ${res.statusCode}`;
        if (res.statusCode < 400 || res.statusCode >= 500) {
          failures.push(label);
          continue;
        }
        const body = res.json<{ error?: { code?: unknown; message?: unknown } }>();
        if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') failures.push(`${label}: not the error shape`);
      }
    }
    expect(failures).toEqual([]);
    expect(await fingerprint(h.database)).toEqual(before);
  });
});
