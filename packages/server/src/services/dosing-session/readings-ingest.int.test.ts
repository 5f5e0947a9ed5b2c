/**
 * Group commit of monitors' readings (issue 21), on both engines: requests that arrive together
 * share one transaction, and each is still answered as if alone: its own counts, its own refusal
 * (audited) while the others are stored, one audit event and one live event per request, the
 * audit chain whole. A group that fails as a whole is stored request by request, losing nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';
import { AppError } from '../../errors.js';
import { sealPendingAudit, verifyAuditChain } from '../audit.js';
import { createReadingsIngest, type ReadingsIngestOptions } from './readings-ingest.js';
import { storeReadingsTogether, type ReadingsRequest } from './record-readings.js';

describeEachEngine('readings ingest (group commit)', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let siteId: string;
  let sessions: string[];
  let n = 0;
  const device = (name: string) => ({ id: name.padEnd(16, '0').slice(0, 16), siteId, name });
  const reading = (over: Record<string, unknown> = {}) => ({
    clientId: `group-${(n += 1)}`,
    measuredAt: clock.now().toISOString(),
    systolic: 122,
    diastolic: 78,
    heartRate: 72,
    spo2: 98,
    respiratoryRate: 14,
    ...over,
  });
  const request = (sessionId: string, readings: unknown[], by = { device: device('monitor') }): ReadingsRequest => ({
    by,
    sessionId,
    readings,
    meta: { requestId: `req-${(n += 1)}`, clientAddress: '10.0.0.9', now: clock.now() },
  });
  const ingestWith = (options: Partial<ReadingsIngestOptions> = {}) => {
    const groups: number[] = [];
    const ingest = createReadingsIngest(() => h.database.db, { concurrency: 1, onGroup: (size) => groups.push(size), ...options });
    return { ingest, groups };
  };
  const storedOf = async (sessionId: string) =>
    (await h.database.db.selectFrom('vital_reading').select('client_id').where('session_id', '=', sessionId).execute()).map(
      (r) => r.client_id,
    );

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    siteId = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
    sessions = await addDosingSessions(h.database.db, 'DEMO-0009', 3, clock.now());
    const director = await signInAs(app, 'director@demo.test');
    for (const id of sessions) {
      const r = await injectAs(app, director, { method: 'POST', url: `/api/sessions/${id}/steps`, payload: { step: 'check-in' } });
      expect(r.statusCode, r.body).toBe(200);
    }
  });
  afterAll(async () => app.close());

  it('requests that arrive together share one group; each gets its own answer, audit event and live event', async () => {
    const { ingest, groups } = ingestWith();
    const [s1, s2, s3] = sessions as [string, string, string];
    const shared = reading();
    const requests = [
      request(s1, [reading()]),
      request(s2, [reading(), reading()]),
      request(s2, [shared]),
      // A second monitor on the same patient repeats a client id: stored once, by the first.
      request(s2, [shared, reading()], { device: device('second monitor') }),
      request(s3, [reading()]),
    ];
    const answers = await Promise.all(requests.map((q) => ingest.submit(q)));
    // Requests that arrive in the same turn of the event loop form one group, the first included
    // (the worker lets the turn's requests reach the queue before it takes a group).
    expect(groups).toEqual([5]);
    expect(answers.map((a) => [a.stored, a.duplicates])).toEqual([
      [1, 0],
      [2, 0],
      [1, 0],
      [1, 1],
      [1, 0],
    ]);
    expect(await storedOf(s2)).toHaveLength(4);
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select(['request_id', 'outcome', 'details'])
      .where(
        'request_id',
        'in',
        requests.map((q) => q.meta.requestId),
      )
      .orderBy('seq')
      .execute();
    expect(audited.map((a) => a.request_id)).toEqual(requests.map((q) => q.meta.requestId));
    expect(audited.map((a) => (a.details as { stored: number }).stored)).toEqual([1, 2, 1, 1, 1]);
    expect((await verifyAuditChain(h.database.db)).ok).toBe(true);
    const live = await h.database.db
      .selectFrom('live_event')
      .select(['session_id', 'payload'])
      .where('type', '=', 'vitals')
      .where('session_id', 'in', sessions)
      .orderBy('seq')
      .execute();
    expect(live.map((e) => [e.session_id, (e.payload as { stored: number }).stored])).toEqual([
      [s1, 1],
      [s2, 2],
      [s2, 1],
      [s2, 1],
      [s3, 1],
    ]);
  });

  it('with a sealer after each commit, the audit events are staged without the chain lock, then chained in order', async () => {
    let commits = 0;
    const { ingest } = ingestWith({ afterCommit: () => (commits += 1) });
    const [s1, s2] = sessions as [string, string];
    const requests = [request(s1, [reading()]), request(s2, [reading()]), request(s1, [reading(), reading()])];
    await ingest.submit(requests[0] as ReadingsRequest);
    await Promise.all(requests.slice(1).map((q) => ingest.submit(q)));
    // A request alone, then a group of two: two commits, each followed by a seal.
    expect(commits).toBe(2);
    const ids = requests.map((q) => q.meta.requestId);
    const chained = () =>
      h.database.db.selectFrom('audit_event').select('request_id').where('request_id', 'in', ids).orderBy('seq').execute();
    expect(await chained()).toEqual([]);
    expect(await h.database.db.selectFrom('audit_pending').select('request_id').where('request_id', 'in', ids).execute()).toHaveLength(3);
    expect(await sealPendingAudit(h.database.db)).toBeGreaterThanOrEqual(3);
    expect((await chained()).map((r) => r.request_id)).toEqual(ids);
    expect((await verifyAuditChain(h.database.db)).ok).toBe(true);
  });

  it('a refused request of a group is answered with its error and audited, while the others are stored', async () => {
    const { ingest, groups } = ingestWith();
    const [s1, s2] = sessions as [string, string];
    const good = reading();
    const outcomes = await Promise.allSettled([
      ingest.submit(request(s1, [reading()])),
      // Nothing plausible: a 400 naming the field, audited as denied.
      ingest.submit(request(s1, [reading({ systolic: 900 })])),
      // A token of another site.
      ingest.submit(request(s2, [reading()], { device: { ...device('stray'), siteId: '00000000-0000-4000-8000-000000000000' } })),
      // No such session, and no session id at all.
      ingest.submit(request('00000000-0000-4000-8000-000000000001', [reading()])),
      ingest.submit(request('not-a-session', [reading()])),
      ingest.submit(request(s2, [good])),
    ]);
    expect(groups).toEqual([6]);
    const codes = outcomes.map((o) =>
      o.status === 'fulfilled' ? 'stored' : o.reason instanceof AppError ? o.reason.code : String(o.reason),
    );
    expect(codes).toEqual(['stored', 'VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND', 'stored']);
    expect(await storedOf(s2)).toContain(good.clientId);
    const denied = await h.database.db
      .selectFrom('audit_event')
      .select(['outcome', 'details'])
      .where('action', '=', 'session.vitals')
      .where('outcome', '=', 'denied')
      .where('record_id', '=', s1)
      .execute();
    expect(denied.map((d) => (d.details as { code: string }).code)).toContain('READINGS_REFUSED');
    expect((await verifyAuditChain(h.database.db)).ok).toBe(true);
  });

  it('a group that fails as a whole is stored request by request: every request answered, nothing lost', async () => {
    const { ingest, groups } = ingestWith({
      // A group fails; a request alone (each one stored alone afterwards) does not.
      storeTogether: (tx, requests) =>
        requests.length > 1 ? Promise.reject(new Error('the group failed')) : storeReadingsTogether(tx, requests),
    });
    const [s1, s2, s3] = sessions as [string, string, string];
    const requests = [request(s1, [reading()]), request(s2, [reading()]), request(s3, [reading()]), request(s1, [reading()])];
    const answers = await Promise.all(requests.map((q) => ingest.submit(q)));
    expect(groups).toEqual([4]);
    expect(answers.map((a) => a.stored)).toEqual([1, 1, 1, 1]);
    for (const q of requests) expect(await storedOf(q.sessionId)).toContain((q.readings[0] as { clientId: string }).clientId);
  });
});
