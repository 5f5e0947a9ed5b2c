/**
 * The bench's in-process lines, kept from before issue 21: the core rules' speed, the API through
 * `app.inject` on the embedded database (audited search and read, Today's questionnaires, an
 * outcome view, the portal's home), and the web app's JavaScript gzipped. Fixed targets, no anchor.
 *
 * @module
 */
import { measureWebFirstLoad } from './web-first-load.js';
import { performance } from 'node:perf_hooks';
import { calculateDose, DEFAULT_PROTOCOL_CONFIG, scorePcl5 } from '@kairos/core';
import pino from 'pino';
import { createManualClock } from '../packages/server/src/clock.js';
import { loadConfig } from '../packages/server/src/config.js';
import { createLiveBus } from '../packages/server/src/events/live-events.js';
import { buildApp } from '../packages/server/src/http/build-app.js';
import { loadDemo } from '../packages/server/src/services/demo/load-demo.js';
import { openEmbedded, type Database } from '../packages/server/src/store/database.js';
import type { FastifyInstance } from 'fastify';
import { migrateToLatest } from '../packages/server/src/store/migrate.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A line of the in-process part: a value against a fixed target (no anchor). */
export interface InProcessResult {
  name: string;
  value: number;
  unit: string;
  target: { kind: 'at-least'; min: number } | { kind: 'at-most'; max: number } | { kind: 'report' };
}

/** The core rules' speed (pure functions) and the API in-process on the embedded database (the lines kept from before issue 21). */
export async function coreAndApiLines(report: (r: InProcessResult) => void): Promise<void> {
  // 1. Core rules: pure functions on the hot path of every questionnaire and dose.
  {
    const answers = Array.from({ length: 20 }, (_, i) => i % 5);
    const n = 100_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) scorePcl5({ answers });
    const perSecond = n / ((performance.now() - t0) / 1000);
    report({
      name: 'core: PCL-5 scorings per second',
      value: Math.round(perSecond),
      unit: '1/s',
      target: { kind: 'at-least', min: 50000 },
    });
    const t1 = performance.now();
    for (let i = 0; i < n; i++)
      calculateDose({ weightKg: 60 + (i % 50), mgPerKg: 0.5, minutes: 40, vialMgPerMl: 10, diluentMl: 100 }, DEFAULT_PROTOCOL_CONFIG);
    const dosesPerSecond = n / ((performance.now() - t1) / 1000);
    report({
      name: 'core: dose calculations per second',
      value: Math.round(dosesPerSecond),
      unit: '1/s',
      target: { kind: 'at-least', min: 50000 },
    });
  }

  // 2. The API on the embedded database: sign-in, an audited patient search, an audited read.
  {
    const dir = mkdtempSync(join(tmpdir(), 'kairos-bench-'));
    const database = await openEmbedded(dir, 'bench');
    try {
      await migrateToLatest(database.db);
      const clock = createManualClock(Date.UTC(2026, 11, 1, 14));
      await loadDemo(database.db, clock.now());
      const app = await buildApp({
        config: loadConfig({ KAIROS_MODE: 'test', LOG_LEVEL: 'silent' }),
        database,
        clock,
        logger: pino({ level: 'silent' }),
        startedAtMs: clock.nowMs(),
        bus: await createLiveBus(),
      });
      await app.ready();
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: 'director@demo.test', password: 'kairos-demo-2026' },
      });
      const cookie = `kairos_session=${signIn.cookies.find((c) => c.name === 'kairos_session')?.value}`;
      const n = 300;
      const t0 = performance.now();
      let firstId = '';
      for (let i = 0; i < n; i++) {
        const res = await app.inject({ method: 'GET', url: `/api/patients?q=${i % 2 === 0 ? 'ash' : 'DEMO-00'}`, headers: { cookie } });
        firstId ||= res.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
      }
      const searchMs = (performance.now() - t0) / n;
      report({
        name: 'api (pglite): audited patient search, mean latency',
        value: Number(searchMs.toFixed(2)),
        unit: 'ms',
        target: { kind: 'at-most', max: 25 },
      });
      const t1 = performance.now();
      for (let i = 0; i < n; i++) await app.inject({ method: 'GET', url: `/api/patients/${firstId}`, headers: { cookie } });
      const readMs = (performance.now() - t1) / n;
      report({
        name: 'api (pglite): audited patient read, mean latency',
        value: Number(readMs.toFixed(2)),
        unit: 'ms',
        target: { kind: 'at-most', max: 20 },
      });
      // Measures: Today's questionnaires-due card (every active patient's course schedule and
      // responses), a patient's outcome view and the portal's home.
      {
        const siteId = (await database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
        const mean = async (url: string, headers: Record<string, string>, rounds = 30) => {
          const t = performance.now();
          for (let i = 0; i < rounds; i++) await app.inject({ method: 'GET', url, headers });
          return (performance.now() - t) / rounds;
        };
        const todayMs = await mean(`/api/sites/${siteId}/measurement-tasks`, { cookie });
        report({
          name: 'api (pglite): Today questionnaires due (site), mean latency',
          value: Math.round(todayMs),
          unit: 'ms',
          target: { kind: 'at-most', max: 1000 },
        });
        const outcomePatient = (
          await database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0015').executeTakeFirstOrThrow()
        ).id;
        const outcomeMs = await mean(`/api/patients/${outcomePatient}/outcomes`, { cookie });
        report({
          name: 'api (pglite): patient outcome view, mean latency',
          value: Number(outcomeMs.toFixed(1)),
          unit: 'ms',
          target: { kind: 'at-most', max: 100 },
        });
        const coordinator = await app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { email: 'coordinator@demo.test', password: 'kairos-demo-2026' },
        });
        const access = await app.inject({
          method: 'POST',
          url: `/api/patients/${outcomePatient}/portal-access`,
          headers: {
            cookie: `kairos_session=${coordinator.cookies.find((c) => c.name === 'kairos_session')?.value}`,
            'x-csrf-token': coordinator.json<{ csrfToken: string }>().csrfToken,
          },
          payload: { send: false },
        });
        const entered = await app.inject({
          method: 'POST',
          url: '/api/portal/session',
          payload: { code: access.json<{ code: string }>().code },
        });
        const portalMs = await mean('/api/portal/home', {
          cookie: `kairos_portal=${entered.cookies.find((c) => c.name === 'kairos_portal')?.value}`,
        });
        report({
          name: 'api (pglite): portal home, mean latency',
          value: Number(portalMs.toFixed(1)),
          unit: 'ms',
          target: { kind: 'at-most', max: 200 },
        });
      }
      await hostilePdfLine(app, database, clock, report);
      const rssMb = process.memoryUsage().rss / 1_048_576;
      report({ name: 'process RSS after the API workload', value: Math.round(rssMb), unit: 'MB', target: { kind: 'at-most', max: 1200 } });
      await app.close();
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Signs in a demo account through the app; the cookie and CSRF header for its requests. */
async function signedIn(app: FastifyInstance, email: string): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password: 'kairos-demo-2026' } });
  return {
    cookie: `kairos_session=${res.cookies.find((c) => c.name === 'kairos_session')?.value}`,
    'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken,
  };
}

/**
 * A PDF never holds up the server (issue 18, item 1): the slowest health check answered while a
 * continuing care plan with 40 hostile amendments (20,000 characters without a space each) is made,
 * probed every 50 ms. Target 200 ms (the promise the issue made; the test only checks that the PDF
 * is made by the worker pool while requests are answered).
 */
async function hostilePdfLine(
  app: FastifyInstance,
  database: Database,
  clock: ReturnType<typeof createManualClock>,
  report: (r: InProcessResult) => void,
): Promise<void> {
  const plan = await database.db
    .selectFrom('clinical_note')
    .select('id')
    .where('template', '=', 'continuing-care-plan')
    .where('state', '=', 'signed')
    .orderBy('signed_at')
    .executeTakeFirstOrThrow();
  const director = await signedIn(app, 'director@demo.test');
  for (let i = 0; i < 40; i++) {
    await app.inject({
      method: 'POST',
      url: `/api/notes/${plan.id}/amendments`,
      headers: director,
      payload: { body: `${i + 1} ${'X'.repeat(19_990)}`, reason: `${i + 1} ${'Y'.repeat(1_990)}` },
    });
    clock.advance(10_000);
  }
  const therapist = await signedIn(app, 'therapist@demo.test');
  let pdfDone = false;
  const pdf = app.inject({ method: 'GET', url: `/api/notes/${plan.id}/pdf?audience=referrer`, headers: therapist }).finally(() => {
    pdfDone = true;
  });
  const latencies: number[] = [];
  const probes: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      if (pdfDone) {
        clearInterval(tick);
        resolve();
        return;
      }
      const start = performance.now();
      probes.push(
        app.inject({ method: 'GET', url: '/api/health' }).then(() => {
          latencies.push(performance.now() - start);
        }),
      );
    }, 50);
  });
  await Promise.all(probes);
  const made = await pdf;
  if (made.statusCode !== 200) throw new Error(`the hostile PDF was refused: ${made.statusCode}`);
  report({
    name: 'api (pglite): slowest health check while a hostile PDF is made',
    value: Math.round(Math.max(0, ...latencies)),
    unit: 'ms',
    target: { kind: 'at-most', max: 200 },
  });
}

/**
 * The web app's JavaScript, gzipped: the first load of the sign-in page and of the portal (what a
 * tablet at the chair or a patient's phone downloads first; issue 21, item 4: under 200 KB each),
 * and all of it (a report: split into routes, the sum compresses less well than one file did).
 */
export async function webBundleLine(report: (r: InProcessResult) => void): Promise<void> {
  // 3. The web app's JavaScript, gzipped: what a tablet at the chair downloads. Issue 16 allowed the
  // contract and the data layer at most 20 KB more than the 479.6 KB (this measure) before it.
  {
    const outDir = mkdtempSync(join(tmpdir(), 'kairos-bench-web-'));
    try {
      execFileSync(
        process.execPath,
        [
          join('node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--config',
          'packages/web/vite.config.ts',
          '--outDir',
          outDir,
          '--emptyOutDir',
          '--logLevel',
          'error',
        ],
        { stdio: 'inherit' },
      );
      const first = await measureWebFirstLoad(outDir);
      report({
        name: 'web: first-load JavaScript of the sign-in page, gzipped',
        value: first.signInKb,
        unit: 'KB',
        target: { kind: 'at-most', max: 200 },
      });
      report({
        name: 'web: first-load JavaScript of the portal, gzipped',
        value: first.portalKb,
        unit: 'KB',
        target: { kind: 'at-most', max: 200 },
      });
      const assets = join(outDir, 'assets');
      const kb =
        readdirSync(assets)
          .filter((f) => f.endsWith('.js'))
          .reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0) / 1000;
      report({
        name: 'web: JavaScript of the app, gzipped',
        value: Number(kb.toFixed(1)),
        unit: 'KB',
        target: { kind: 'report' },
      });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
}
