import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../logger.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp } from '../../test/app.js';
import { describeEachEngine, openSnapshotPglite } from '../../test/engines.js';
import type { Database } from '../store/database.js';
import { KNOWN_MIGRATIONS } from '../store/migrate.js';
import { BODY_LIMIT_BYTES } from './build-app.js';

describeEachEngine('platform API', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(h.database);
  });
  afterAll(async () => app.close());

  it('GET /api/health names the engine, the migration version and the uptime', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      engine: h.engine,
      migration: KNOWN_MIGRATIONS.at(-1),
      mode: 'test',
      uptimeSeconds: 0,
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves an OpenAPI 3.1 document listing the routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/health');
  });

  it('serves browsable API docs at /api/docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('answers an unknown /api route with 404 in the error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/no-such-thing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route GET /api/no-such-thing', details: { method: 'GET', path: '/api/no-such-thing' } },
    });
  });
});

/** A route like the ones later issues add, to exercise the validation contract concretely. */
function addEchoRoute(app: FastifyInstance, database: Database): void {
  app.post(
    '/api/test-echo/:id',
    {
      config: { action: 'public' },
      schema: {
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ name: z.string().min(1), count: z.number().int().min(0) }),
      },
    },
    async (req) => {
      await database.db
        .insertInto('kairos_meta')
        .values({ key: `echo-${(req.params as { id: string }).id}`, value: JSON.stringify(req.body) })
        .execute();
      return { ok: true };
    },
  );
  app.get('/api/test-throw', { config: { action: 'public' } }, async () => {
    throw new Error('database said: patient Jane Testperson, MRN 555-12 is broken');
  });
}

describe('errors', () => {
  let app: FastifyInstance;
  let database: Database;
  const logLines: string[] = [];
  beforeAll(async () => {
    database = await openSnapshotPglite();
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logLines.push(chunk.toString());
        cb();
      },
    });
    app = await buildTestApp(database, { logger: createLogger('info', sink) });
    addEchoRoute(app, database);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const url = '/api/test-echo/0b6f1f64-7d0e-4a8e-9a51-1c1a1c1a1c1a';
  const post = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }, to = url) =>
    app.inject({ method: 'POST', url: to, payload, headers });

  it('malformed JSON is a 400 MALFORMED_JSON naming the body', async () => {
    const res = await post('{"name": "a",');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MALFORMED_JSON');
    expect(res.json().error.message).toMatch(/^body: not valid JSON/);
  });

  it('a wrong type is a 400 naming the field', async () => {
    const res = await post(JSON.stringify({ name: 'a', count: 'three' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ field: 'body.count' }] } });
    expect(res.json().error.message).toContain('body.count');
  });

  it('an unknown field is a 400 naming it, not silently dropped', async () => {
    const res = await post(JSON.stringify({ name: 'a', count: 1, colour: 'red' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('colour');
  });

  it('a body over 1 MB is a 413', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES), count: 1 }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('an id that is not an id is a 400 naming the parameter', async () => {
    const res = await post(JSON.stringify({ name: 'a', count: 1 }), undefined, '/api/test-echo/not-an-id');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].field).toBe('params.id');
  });

  it('a body that is not JSON is a 415', async () => {
    const res = await post('name=a', { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a 500 says only a request id, and the log keeps the error without its message', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test-throw' });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toEqual({
      error: {
        code: 'INTERNAL',
        message: `Internal error. Quote request id ${String(res.headers['x-request-id'])} when reporting it.`,
        details: { requestId: res.headers['x-request-id'] },
      },
    });
    expect(res.body).not.toContain('Jane');
    expect(res.body).not.toContain('at ');
    expect(logLines.join('')).toContain('request failed');
  });

  it('logs carry no patient data: no query strings, bodies or error messages', async () => {
    await app.inject({ method: 'GET', url: '/api/health?name=Jane%20Testperson&birthDate=1980-05-01' });
    await post(JSON.stringify({ name: 'Jane Testperson', count: 'x' }));
    await app.inject({ method: 'GET', url: '/api/test-throw' });
    const all = logLines.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toMatch(/Jane|Testperson|1980-05-01|555-12/);
    expect(all).toContain('"path":"/api/health"');
  });

  it('logs carry no secret of a URL: a calendar feed token is logged as the route, never itself', async () => {
    const token = 'secretFeedToken0123456789abcdefABCDEF';
    await app.inject({ method: 'GET', url: `/api/calendar/${token}.ics` });
    const all = logLines.join('');
    expect(all).toContain('"route":"/api/calendar/:token"');
    expect(all).not.toContain('secretFeedToken');
  });

  it('a valid request is stored once', async () => {
    const res = await post(JSON.stringify({ name: 'a', count: 1 }));
    expect(res.statusCode).toBe(200);
  });
});

describe('route declarations', () => {
  it('a route that declares no action stops the app from starting', async () => {
    const database = await openSnapshotPglite();
    const app = await buildTestApp(database);
    try {
      expect(() => app.get('/api/undeclared', async () => ({}))).toThrow(/declares no action/);
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('a body schema that accepts unknown fields stops the app from starting', async () => {
    const database = await openSnapshotPglite();
    const app = await buildTestApp(database);
    try {
      expect(() =>
        app.post('/api/loose', { config: { action: 'public' }, schema: { body: z.object({ a: z.string() }) } }, async () => ({})),
      ).toThrow(/strict zod object/);
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('a staff route naming a site without declaring how the site is checked stops the app from starting', async () => {
    const database = await openSnapshotPglite();
    const app = await buildTestApp(database);
    try {
      const query = z.strictObject({ siteId: z.uuid() });
      expect(() =>
        app.get('/api/site-list', { config: { action: 'schedule.read' }, schema: { querystring: query } }, async () => ({})),
      ).toThrow(/declares no site scope/);
      expect(() => app.get('/api/sites/:id/things', { config: { action: 'sites.read' } }, async () => ({}))).toThrow(
        /declares no site scope/,
      );
      expect(() =>
        app.get(
          '/api/site-list-declared',
          {
            config: { action: 'schedule.read', site: { in: 'query', key: 'siteId', scope: 'patient-data' } },
            schema: { querystring: query },
          },
          async () => ({}),
        ),
      ).not.toThrow();
    } finally {
      await app.close();
      await database.close();
    }
  });
});
