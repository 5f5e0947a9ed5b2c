/**
 * A PDF never holds up the server (issue 18, item 1). A continuing care plan with 40 long
 * amendments (20,000 characters without a space each: the review's hostile note, which took 27 to
 * 33 s and blocked everything) is printed while health checks and a device reading are sent every
 * 50 ms: the PDF is made by the worker pool, and health checks and the reading are answered while
 * it is still being made. How fast they answer is a speed target, measured by `npm run bench`
 * ("health check while a hostile PDF is made"), not here. The PDF prints the most recent 20
 * amendments, says how many it left out, and breaks the unbroken text into lines.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { pdfText } from '../../test/pdf-text.js';
import { jobsDoneInWorkers } from '../workers/worker-pool.js';

const HOSTILE_AMENDMENTS = 40;
const UNBROKEN = 'X'.repeat(19_990);

describeEachEngine('a hostile care plan PDF is made off the event loop', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let therapist: TestAuth;
  let noteId: string;
  let sessionId: string;
  let deviceToken: string;

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    therapist = await signInAs(app, 'therapist@demo.test');
    const plan = await h.database.db
      .selectFrom('clinical_note')
      .select('id')
      .where('template', '=', 'continuing-care-plan')
      .where('state', '=', 'signed')
      .orderBy('signed_at')
      .executeTakeFirstOrThrow();
    noteId = plan.id;
    const director = await signInAs(app, 'director@demo.test');
    for (let i = 0; i < HOSTILE_AMENDMENTS; i++) {
      const r = await injectAs(app, director, {
        method: 'POST',
        url: `/api/notes/${noteId}/amendments`,
        payload: { body: `${i + 1} ${UNBROKEN}`, reason: `${i + 1} ${'Y'.repeat(1_990)}` },
      });
      expect(r.statusCode, r.body.slice(0, 300)).toBe(201);
      clock.advance(10_000);
    }
    const live = await h.database.db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').executeTakeFirstOrThrow();
    sessionId = live.id;
    const site = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const admin = await signInAs(app, 'admin@demo.test');
    const token = await injectAs(app, admin, {
      method: 'POST',
      url: '/api/device-tokens',
      payload: { siteId: site.id, name: 'Chair 2 monitor' },
    });
    deviceToken = token.json<{ token: string }>().token;
  }, 120_000);
  afterAll(async () => app.close());

  it('the PDF is made in a worker thread while health checks and a device reading are answered; the PDF bounds what it prints', async () => {
    const madeBefore = jobsDoneInWorkers('care-plan');
    let pdfDone = false;
    const pdf = injectAs(app, therapist, { method: 'GET', url: `/api/notes/${noteId}/pdf?audience=referrer` }).finally(() => {
      pdfDone = true;
    });
    const answered: { what: string; whilePdf: boolean; status: number }[] = [];
    const timed = async (what: string, send: () => Promise<{ statusCode: number }>) => {
      const r = await send();
      answered.push({ what, whilePdf: !pdfDone, status: r.statusCode });
    };
    let n = 0;
    const probes: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        n += 1;
        probes.push(timed('health', () => app.inject({ method: 'GET', url: '/api/health' })));
        if (n % 4 === 1)
          probes.push(
            timed('reading', () =>
              app.inject({
                method: 'POST',
                url: `/api/device/sessions/${sessionId}/vitals`,
                headers: { authorization: `Bearer ${deviceToken}` },
                payload: {
                  readings: [
                    {
                      clientId: `pdf-probe-${n}`,
                      measuredAt: clock.now().toISOString(),
                      systolic: 124,
                      diastolic: 80,
                      heartRate: 74,
                      spo2: 98,
                      respiratoryRate: 14,
                    },
                  ],
                },
              }),
            ),
          );
        if (pdfDone) {
          clearInterval(tick);
          resolve();
        }
      }, 50);
    });
    await Promise.all(probes);
    const r = await pdf;
    expect(r.statusCode, r.body).toBe(200);
    expect(jobsDoneInWorkers('care-plan'), 'the PDF was made by the worker pool').toBe(madeBefore + 1);

    const during = answered.filter((a) => a.whilePdf);
    expect(during.filter((a) => a.what === 'health').length).toBeGreaterThan(0);
    expect(during.filter((a) => a.what === 'reading').length).toBeGreaterThan(0);
    for (const a of answered) {
      expect(a.status, a.what).toBeLessThan(300);
    }

    // (Checked as booleans: the text is 200 kB, too long to print on a failure.)
    const { text } = await pdfText(r.rawPayload);
    const { n: amendments } = await h.database.db
      .selectFrom('note_amendment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('note_id', '=', noteId)
      .executeTakeFirstOrThrow();
    const has = (s: string | RegExp) => (typeof s === 'string' ? text.includes(s) : s.test(text));
    expect(has(`${Number(amendments) - 20} earlier amendments are not printed`), 'says how many it left out').toBe(true);
    // The most recent amendments are printed, the earlier ones are not.
    expect(has(`reason: ${HOSTILE_AMENDMENTS} Y`), 'the latest amendment').toBe(true);
    expect(has(/reason: 1 Y/), 'the first amendment').toBe(false);
    expect(has('(shortened; the full text is in the record)'), 'says it shortened').toBe(true);
    // No line of the PDF holds more than one unbroken piece (80 characters).
    expect(has('X'.repeat(81)), 'a piece longer than 80').toBe(false);
  }, 60_000);
});
