/**
 * Two groups of readings for one session at once (two monitors on one patient, or a monitor and a
 * nurse's entry), on PostgreSQL, where they really run side by side: the second waits for the
 * first's lock, and then judges with what the first committed. An alarm the first opened as an
 * episode is joined by the second's alarming reading, not opened twice.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions } from '../../../test/dosing-sessions.js';
import { describeOnPostgres, openScratchPostgres } from '../../../test/engines.js';
import type { Database } from '../../store/database.js';
import { storeReadingsTogether, type ReadingsRequest } from './record-readings.js';

describeOnPostgres('readings of one session from two groups at once', (baseUrl) => {
  let scratch: Database & { url: string };
  let app: FastifyInstance;
  let clock: ManualClock;
  let sessionId: string;
  let siteId: string;
  let n = 0;

  beforeAll(async () => {
    scratch = await openScratchPostgres(baseUrl());
    ({ app, clock } = await buildDemoApp(scratch));
    siteId = (await scratch.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
    [sessionId] = (await addDosingSessions(scratch.db, 'DEMO-0009', 1, clock.now())) as [string];
    const director = await signInAs(app, 'director@demo.test');
    const r = await injectAs(app, director, { method: 'POST', url: `/api/sessions/${sessionId}/steps`, payload: { step: 'check-in' } });
    expect(r.statusCode, r.body).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await scratch?.close();
  });

  const request = (spo2: number): ReadingsRequest => ({
    by: { device: { id: 'monitor'.padEnd(16, '0'), siteId, name: 'Chair 1 monitor' } },
    sessionId,
    readings: [
      {
        clientId: `same-${(n += 1)}`,
        measuredAt: new Date(clock.now().getTime() - 60_000 + n * 1000).toISOString(),
        systolic: 120,
        diastolic: 78,
        heartRate: 72,
        spo2,
        respiratoryRate: 14,
      },
    ],
    meta: { requestId: `same-req-${n}`, clientAddress: '10.0.0.9', now: clock.now() },
  });

  /** A group that has stored one reading (SpO2 `spo2`) and holds its commit, with the session's lock, until `commit()`. */
  async function heldGroup(spo2: number) {
    let stored!: () => void;
    const hasStored = new Promise<void>((r) => (stored = r));
    let commit!: () => void;
    const mayCommit = new Promise<void>((r) => (commit = r));
    const done = scratch.db.transaction().execute(async (tx) => {
      const outcomes = await storeReadingsTogether(tx, [request(spo2)]);
      stored();
      await mayCommit;
      return outcomes;
    });
    await hasStored;
    return { done, commit };
  }

  it('the second group waits for the first, then joins the episode the first opened', async () => {
    // The first group stores an alarming reading (SpO2 85: an episode opens) and holds its commit.
    const { done: first, commit: mayCommit } = await heldGroup(85);
    // The second starts while the first holds the session: it waits for the lock.
    let secondDone = false;
    const second = scratch.db
      .transaction()
      .execute((tx) => storeReadingsTogether(tx, [request(84)]))
      .finally(() => (secondDone = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(secondDone).toBe(false);
    mayCommit();
    const [a, b] = await Promise.all([first, second]);
    expect(a.map((o) => o.ok)).toEqual([true]);
    expect(b.map((o) => o.ok)).toEqual([true]);
    const episodes = await scratch.db
      .selectFrom('session_alert')
      .select(['episode_key', 'details'])
      .where('session_id', '=', sessionId)
      .where('episode_key', 'is not', null)
      .where('episode_ended_at', 'is', null)
      .execute();
    // One episode per signal, holding both readings.
    expect(new Set(episodes.map((e) => e.episode_key)).size).toBe(episodes.length);
    expect(episodes.length).toBeGreaterThan(0);
    expect(episodes.map((e) => (e.details as { episode: { readings: number } }).episode.readings)).toContain(2);
  });

  it('a console opened while a group holds the session neither waits for it nor holds it up', async () => {
    const director = await signInAs(app, 'director@demo.test');
    const { done: group, commit: mayCommit } = await heldGroup(97);
    // The group holds the session's lock: the console answers anyway, with what is committed.
    const opened = await injectAs(app, director, { method: 'GET', url: `/api/sessions/${sessionId}` });
    expect(opened.statusCode, opened.body).toBe(200);
    mayCommit();
    expect((await group).map((o) => o.ok)).toEqual([true]);
  });
});
