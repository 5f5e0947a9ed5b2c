/**
 * The live-event hub reads each change once per instance and hands every listener only what it
 * may see: a board its site's events, a console its session's. On PostgreSQL, an event whose
 * transaction took its sequence number first but committed last still reaches the listeners (the
 * hub looks for the missing number again), and a rolled-back number is given up without harm.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countingPlugin } from '../../test/counting-plugin.js';
import { createScratchPostgres, describeEachEngine, describeOnPostgres } from '../../test/engines.js';
import { openPostgres, type Database } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import {
  appendLiveEvent,
  createLiveBus,
  createLiveHub,
  latestLiveSeq,
  type LiveBus,
  type LiveEventInput,
  type LiveEventRow,
  type LiveHub,
} from './live-events.js';

async function until(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const vitals = (siteId: string, sessionId: string, stored: number): LiveEventInput => ({
  siteId,
  sessionId,
  type: 'vitals',
  payload: { stored, levels: [], pauseRecommended: false },
  at: new Date(),
});

describeEachEngine('live-event hub', (h) => {
  let bus: LiveBus;
  let hub: LiveHub;
  beforeAll(async () => {
    bus = await createLiveBus();
    hub = createLiveHub(() => h.database.db, bus);
    await hub.read();
  });
  afterAll(async () => {
    hub.close();
    await bus.close();
  });

  it('hands a board its site events and a console its session events, each read once', async () => {
    const [siteA, siteB, session1, session2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const board: LiveEventRow[] = [];
    const console1: LiveEventRow[] = [];
    const otherSite: LiveEventRow[] = [];
    const after = await latestLiveSeq(h.database.db);
    const stops = [
      hub.listen({ siteId: siteA, deliver: (rows) => board.push(...rows) }, after),
      hub.listen({ siteId: siteA, sessionId: session1, deliver: (rows) => console1.push(...rows) }, after),
      hub.listen({ siteId: siteB, deliver: (rows) => otherSite.push(...rows) }, after),
      // A console that names a session of site A under site B sees nothing of it.
      hub.listen({ siteId: siteB, sessionId: session1, deliver: (rows) => otherSite.push(...rows) }, after),
    ];
    await h.database.db.transaction().execute(async (tx) => {
      await appendLiveEvent(tx, vitals(siteA, session1, 1));
      await appendLiveEvent(tx, vitals(siteA, session2, 2));
    });
    bus.nudge();
    await until(() => board.length === 2 && console1.length === 1);
    expect(board.map((r) => r.payload.stored)).toEqual([1, 2]);
    expect(console1.map((r) => r.sessionId)).toEqual([session1]);
    expect(otherSite).toEqual([]);
    for (const stop of stops) stop();
  });

  it('a listener gets only what was committed after the number it starts from, even from a hub that read less far', async () => {
    const siteId = randomUUID();
    const session = randomUUID();
    const early: LiveEventRow[] = [];
    const late: LiveEventRow[] = [];
    const stopEarly = hub.listen({ siteId, deliver: (rows) => early.push(...rows) }, await latestLiveSeq(h.database.db));
    await appendLiveEvent(h.database.db, vitals(siteId, session, 1));
    // Not yet read by the hub: the late listener's own catch-up covers it, so the hub must not hand it over.
    const stopLate = hub.listen({ siteId, deliver: (rows) => late.push(...rows) }, await latestLiveSeq(h.database.db));
    await appendLiveEvent(h.database.db, vitals(siteId, session, 2));
    bus.nudge();
    await until(() => early.length === 2 && late.length === 1);
    expect(early.map((r) => r.payload.stored)).toEqual([1, 2]);
    expect(late.map((r) => r.payload.stored)).toEqual([2]);
    stopEarly();
    stopLate();
  });

  it('with nobody listening a wake reads nothing; the first listener after the quiet spell starts where it says', async () => {
    const counter = countingPlugin();
    const counted = h.database.db.withPlugin(counter);
    const quietBus = await createLiveBus();
    const quietHub = createLiveHub(() => counted, quietBus);
    try {
      const siteId = randomUUID();
      const session = randomUUID();
      await quietHub.read();
      await appendLiveEvent(h.database.db, vitals(siteId, session, 1));
      quietBus.nudge();
      await quietHub.read();
      expect(counter.count).toBe(0);
      const got: LiveEventRow[] = [];
      const after = await latestLiveSeq(h.database.db);
      const stop = quietHub.listen({ siteId, deliver: (rows) => got.push(...rows) }, after);
      await appendLiveEvent(h.database.db, vitals(siteId, session, 2));
      quietBus.nudge();
      await until(() => got.length === 1);
      expect(got.map((r) => r.payload.stored)).toEqual([2]);
      expect(counter.count).toBeGreaterThan(0);
      stop();
    } finally {
      quietHub.close();
      await quietBus.close();
    }
  });
});

describeOnPostgres('live-event hub across transactions', (baseUrl) => {
  let scratch: { url: string; drop: () => Promise<void> };
  let database: Database;
  let bus: LiveBus;
  let hub: LiveHub;
  beforeAll(async () => {
    scratch = await createScratchPostgres(baseUrl());
    database = await openPostgres(scratch.url);
    await migrateToLatest(database.db);
    bus = await createLiveBus();
    hub = createLiveHub(() => database.db, bus);
    await hub.read();
  });
  afterAll(async () => {
    hub.close();
    await bus.close();
    await database?.close();
    await scratch?.drop();
  });

  it('an event that took its number first and committed last still arrives; a rolled-back number is skipped', async () => {
    const siteId = randomUUID();
    const session = randomUUID();
    const got: LiveEventRow[] = [];
    const stop = hub.listen({ siteId, deliver: (rows) => got.push(...rows) }, await latestLiveSeq(database.db));
    let releaseSlow!: () => void;
    const slowMayCommit = new Promise<void>((r) => (releaseSlow = r));
    let slowInserted!: () => void;
    const slowHasNumber = new Promise<void>((r) => (slowInserted = r));
    // The slow transaction takes the lower sequence number and holds its commit.
    const slow = database.db.transaction().execute(async (tx) => {
      await appendLiveEvent(tx, vitals(siteId, session, 1));
      slowInserted();
      await slowMayCommit;
    });
    await slowHasNumber;
    // A rolled-back insert leaves a hole in the numbers.
    await database.db
      .transaction()
      .execute(async (tx) => {
        await appendLiveEvent(tx, vitals(siteId, session, 99));
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await database.db.transaction().execute((tx) => appendLiveEvent(tx, vitals(siteId, session, 2)));
    bus.nudge();
    await until(() => got.length === 1);
    expect(got.map((r) => r.payload.stored)).toEqual([2]);
    releaseSlow();
    await slow;
    bus.nudge();
    await until(() => got.length === 2);
    expect(got.map((r) => r.payload.stored)).toEqual([2, 1]);
    stop();
  });
});
