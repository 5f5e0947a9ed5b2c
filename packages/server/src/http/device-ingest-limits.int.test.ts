/**
 * What a device may post (issue 18, item 5), on both engines: readings dated long before the
 * session or in the future are refused reading by reading while the good ones beside them are
 * stored; a token posts at most 600 readings a minute (the site's setting), beyond which the batch
 * is 429 with Retry-After, audited once a minute, while another token posts on; a minute later the
 * token posts again.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs } from '../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { sealPendingAudit } from '../services/audit.js';

describeEachEngine('device ingest limits', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let sessionId: string;
  let earliestMs: number;
  const tokens: string[] = [];
  let n = 0;

  const reading = (measuredAt: Date | string, over: Record<string, unknown> = {}) => ({
    clientId: `limit-${(n += 1)}`,
    measuredAt: typeof measuredAt === 'string' ? measuredAt : measuredAt.toISOString(),
    systolic: 124,
    diastolic: 80,
    heartRate: 74,
    spo2: 98,
    respiratoryRate: 14,
    ...over,
  });
  const post = (token: string, readings: unknown[]): Promise<LightMyRequestResponse> =>
    app.inject({
      method: 'POST',
      url: `/api/device/sessions/${sessionId}/vitals`,
      headers: { authorization: `Bearer ${token}` },
      payload: { readings },
    });
  const now = () => clock.now();

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    const live = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
      .select(['s.id', 'e.starts_at'])
      .where('s.state', '=', 'infusing')
      .executeTakeFirstOrThrow();
    sessionId = live.id;
    const checkIn = await h.database.db
      .selectFrom('session_transition')
      .select('at')
      .where('session_id', '=', sessionId)
      .where('to_state', '=', 'checked-in')
      .executeTakeFirst();
    const start = Math.min(new Date(live.starts_at).getTime(), checkIn === undefined ? Infinity : new Date(checkIn.at).getTime());
    earliestMs = start - 120 * 60_000;
    const site = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const admin = await signInAs(app, 'admin@demo.test');
    for (const name of ['Chair 1 monitor', 'Chair 2 monitor']) {
      const r = await injectAs(app, admin, { method: 'POST', url: '/api/device-tokens', payload: { siteId: site.id, name } });
      tokens.push(r.json<{ token: string }>().token);
    }
  });
  afterAll(async () => app.close());

  it.each([
    ['dated 2001', () => '2001-01-01T00:00:00.000Z', 'is before this session'],
    ['a minute before the earliest time of the session', () => new Date(earliestMs - 60_000), 'is before this session'],
    ['two minutes in the future', () => new Date(now().getTime() + 120_000), 'is in the future'],
    ['next week', () => new Date(now().getTime() + 7 * 86_400_000), 'is in the future'],
  ])('a reading %s is refused by its field; the good reading beside it is stored', async (_, at, said) => {
    const bad = reading(at());
    const good = reading(now());
    const r = await post(tokens[0] as string, [good, bad]);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{ stored: number; refused: { index: number; issues: { field: string; message: string }[] }[] }>();
    expect(body.refused).toEqual([
      {
        index: 1,
        clientId: bad.clientId,
        issues: [{ field: 'body.readings.1.measuredAt', message: expect.stringContaining(said) as string }],
      },
    ]);
    const stored = await h.database.db
      .selectFrom('vital_reading')
      .select('client_id')
      .where('session_id', '=', sessionId)
      .where('client_id', 'in', [good.clientId, bad.clientId])
      .execute();
    expect(stored.map((s) => s.client_id)).toEqual([good.clientId]);
  });

  it('readings from the earliest time of the session and up to a minute ahead are accepted', async () => {
    const r = await post(tokens[0] as string, [reading(new Date(earliestMs + 1000)), reading(new Date(now().getTime() + 30_000))]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ refused: unknown[] }>().refused).toEqual([]);
    // The audit event names the monitor that posted: its token's id and name (staged, then sealed).
    await sealPendingAudit(h.database.db);
    const event = await h.database.db
      .selectFrom('audit_event')
      .select(['details', 'user_roles'])
      .where('action', '=', 'session.vitals')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(event.user_roles).toEqual(['device']);
    expect(event.details).toMatchObject({ device: { token: expect.stringMatching(/^[0-9a-f]{16}$/) as string, name: 'Chair 1 monitor' } });
  });

  it('a token posts 600 readings a minute; the next batch is 429 with Retry-After, audited once; another token posts on; a minute later it posts again', async () => {
    // The minute starts clean: the rows above were posted a while ago.
    clock.advance(61_000);
    const batch = (size: number) => Array.from({ length: size }, (_, i) => reading(new Date(now().getTime() - i * 100)));
    expect((await post(tokens[0] as string, batch(500))).statusCode).toBe(200);
    expect((await post(tokens[0] as string, batch(100))).statusCode).toBe(200);
    clock.advance(20_000);
    const refused = await post(tokens[0] as string, batch(1));
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('40');
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED', details: { limitPerMinute: 600, retryAfterSeconds: 40 } } });
    expect((await post(tokens[0] as string, batch(1))).statusCode).toBe(429);
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select(['outcome', 'details', 'user_roles'])
      .where('action', '=', 'device.readings.rate-limited')
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ outcome: 'denied', details: { tokenName: 'Chair 1 monitor', readings: 1, limitPerMinute: 600 } });
    expect((await post(tokens[1] as string, batch(10))).statusCode).toBe(200);
    clock.advance(40_000);
    expect((await post(tokens[0] as string, batch(500))).statusCode).toBe(200);
  });
});
