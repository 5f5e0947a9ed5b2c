/**
 * Live events over Server-Sent Events: a reading posted reaches a subscriber; a client that
 * reconnects with Last-Event-ID misses nothing; on PostgreSQL, two server instances on one
 * database: a reading posted to one reaches a subscriber of the other (LISTEN/NOTIFY).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, buildTestApp } from '../../../test/app.js';
import { describeEachEngine, describeOnPostgres, openScratchPostgres } from '../../../test/engines.js';
import { createLiveBus, latestLiveSeq } from '../../events/live-events.js';
import { loadDemo } from '../../services/demo/load-demo.js';
import { openPostgres, type Database } from '../../store/database.js';

interface SseEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

/** Opens an SSE stream and collects its events until `count` arrive (or the timeout). */
async function collect(
  url: string,
  cookie: string,
  count: number,
  { lastEventId, timeoutMs = 10_000, onOpen }: { lastEventId?: string; timeoutMs?: number; onOpen?: () => Promise<void> } = {},
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const res = await fetch(url, {
    headers: { cookie, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: SseEvent[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let opened = false;
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      if (!opened && buffer.includes(': connected')) {
        opened = true;
        if (onOpen) await onOpen();
      }
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id !== undefined && event !== undefined && data !== undefined)
          events.push({ id, event, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

async function sessionOfDemo(db: Database['db']): Promise<{ sessionId: string; siteId: string }> {
  const s = await db
    .selectFrom('dosing_session as s')
    .innerJoin('patient as p', 'p.id', 's.patient_id')
    .select(['s.id', 's.site_id'])
    .where('p.mrn', '=', 'DEMO-0009')
    .orderBy('s.created_at')
    .executeTakeFirstOrThrow();
  return { sessionId: s.id, siteId: s.site_id };
}

async function checkIn(app: FastifyInstance, auth: TestAuth, sessionId: string): Promise<void> {
  const r = await app.inject({
    method: 'POST',
    url: `/api/sessions/${sessionId}/steps`,
    headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf },
    payload: { step: 'check-in' },
  });
  expect(r.statusCode).toBe(200);
}

function postReading(app: FastifyInstance, auth: TestAuth, sessionId: string, clientId: string, systolic: number) {
  return app.inject({
    method: 'POST',
    url: `/api/sessions/${sessionId}/vitals`,
    headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf },
    payload: {
      readings: [
        {
          clientId,
          measuredAt: new Date(Date.UTC(2026, 11, 1, 13, 50)).toISOString(),
          systolic,
          diastolic: 80,
          heartRate: 70,
          spo2: 98,
          respiratoryRate: 14,
        },
      ],
    },
  });
}

describeEachEngine('live events', (h) => {
  let app: FastifyInstance;
  let nurse: TestAuth;
  let url = '';
  let ids: { sessionId: string; siteId: string };
  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    nurse = await signInAs(app, 'nurse@demo.test');
    ids = await sessionOfDemo(h.database.db);
    await checkIn(app, nurse, ids.sessionId);
  });
  afterAll(async () => app.close());

  it('a reading posted reaches a subscriber of the session, carrying the reading itself', async () => {
    const events = await collect(`${url}/api/events?siteId=${ids.siteId}&sessionId=${ids.sessionId}`, nurse.cookie, 1, {
      onOpen: async () => expect((await postReading(app, nurse, ids.sessionId, 'live-1', 128)).statusCode).toBe(200),
    });
    expect(events[0]).toMatchObject({
      event: 'vitals',
      data: {
        sessionId: ids.sessionId,
        stored: 1,
        levels: ['normal'],
        readings: [{ clientId: 'live-1', systolic: 128, diastolic: 80, level: 'normal', measuredAt: '2026-12-01T13:50:00.000Z' }],
      },
    });
  });

  it('a client that reconnects with Last-Event-ID gets what it missed, in order', async () => {
    const first = await collect(`${url}/api/events?siteId=${ids.siteId}&lastEventId=0`, nurse.cookie, 2);
    expect(first.map((e) => Number(e.id))).toEqual([...first.map((e) => Number(e.id))].sort((x, y) => x - y));
    // The client saw everything up to the newest event (the stream sends the whole log after 0;
    // how much of it one read of the socket holds depends on the events' size).
    const lastSeen = await latestLiveSeq(h.database.db);
    await postReading(app, nurse, ids.sessionId, 'live-2', 165);
    await postReading(app, nurse, ids.sessionId, 'live-3', 130);
    const missed = await collect(`${url}/api/events?siteId=${ids.siteId}`, nurse.cookie, 2, { lastEventId: lastSeen });
    expect(missed.map((e) => e.event)).toEqual(['vitals', 'vitals']);
    expect(missed.map((e) => (e.data.levels as string[])[0])).toEqual(['hold', 'normal']);
    expect(Number(missed[0]?.id)).toBeGreaterThan(Number(lastSeen));
  });
});

describeOnPostgres('live events across two server instances', (baseUrl) => {
  let scratch: Database & { url: string };
  let a: FastifyInstance;
  let b: FastifyInstance;
  let second: Database;
  beforeAll(async () => {
    scratch = await openScratchPostgres(baseUrl());
    await loadDemo(scratch.db, new Date(Date.UTC(2026, 11, 1, 14)));
    second = await openPostgres(scratch.url);
    a = await buildTestApp(scratch, { bus: await createLiveBus({ postgresUrl: scratch.url }) });
    b = await buildTestApp(second, { bus: await createLiveBus({ postgresUrl: scratch.url }) });
    await a.ready();
    await b.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await a?.ctx.bus.close();
    await b?.ctx.bus.close();
    await second?.close();
    await scratch?.close();
  });

  it('a reading posted to instance A reaches a subscriber of instance B', async () => {
    const nurseA = await signInAs(a, 'nurse@demo.test');
    const nurseB = await signInAs(b, 'nurse@demo.test');
    const ids = await sessionOfDemo(scratch.db);
    await checkIn(a, nurseA, ids.sessionId);
    const urlB = `http://127.0.0.1:${(b.server.address() as AddressInfo).port}`;
    const t0 = performance.now();
    const events = await collect(`${urlB}/api/events?siteId=${ids.siteId}&sessionId=${ids.sessionId}`, nurseB.cookie, 1, {
      timeoutMs: 5_000,
      onOpen: async () => expect((await postReading(a, nurseA, ids.sessionId, 'cross-1', 182)).statusCode).toBe(200),
    });
    expect(events[0]).toMatchObject({ event: 'vitals', data: { sessionId: ids.sessionId } });
    // Through NOTIFY, not the 15 s safety poll.
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
