/**
 * `npm run bench`: Kairos measured against its anchors in one run (issue 21, items 1 and 2).
 *
 *   npm run bench                          Kairos on PGlite (anchors need PostgreSQL: ratio targets missed)
 *   npm run bench -- --pg postgres://...   the anchors, then Kairos on PGlite and on PostgreSQL
 *   options: --engine pglite|postgres|both, --only ingest,alarm,reads,memory,core,web,restart,instances,program-outcomes,fhir, --quick,
 *            --chairs N (default 500), --duration S (seconds per ingest run, default 8),
 *            --cases 1x10,100x100 (only these ingest cases: readings per POST x monitors)
 *   BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR' profiles the measured servers.
 *
 * Anchors: the naive Fastify + pg server (bench/anchors/naive-server.ts) and raw multi-row INSERT
 * and COPY through pg. Kairos runs as a real server process (`kairos serve`) on a fixture of N
 * chairs (bench/lib/fixture.ts), measured over HTTP. Each line prints one JSON line; a table follows;
 * everything is saved in bench/results/<timestamp>.json with the machine. A missed target marks
 * its line `missed` and the run exits 1. The tests never run this.
 */
import { measureRestart } from './restart.js';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'kysely';
import { openEmbedded, openPostgres } from '../packages/server/src/store/database.js';
import { migrateToLatest } from '../packages/server/src/store/migrate.js';
import { restoreDemoData, saveDemoData } from '../packages/server/test/demo-fixture.js';
import { buildFixture, type BenchFixture } from './lib/fixture.js';
import {
  children,
  ingest,
  request,
  rssMb,
  signIn,
  sleep,
  startMonitors,
  startProcess,
  subscribe,
  type ServerProcess,
  type Target,
  reading,
} from './lib/load.js';
import { formatTable, judge, nextProbe, round, saturationPoint, summarize, type Summary, type Target as Verdictable } from './lib/stats.js';
import { coreAndApiLines, webBundleLine } from './in-process.js';
import { copyRows, insertRows } from './lib/raw.js';
import { programOutcomesLines } from './program-outcomes.js';
import { fhirExportLines } from './fhir-export.js';

const ROOT = resolve(import.meta.dirname, '..');
const WORKLOADS = ['ingest', 'alarm', 'reads', 'memory', 'core', 'web', 'restart', 'instances', 'program-outcomes', 'fhir'] as const;
type Workload = (typeof WORKLOADS)[number];
type Engine = 'pglite' | 'postgres';

const { values: args } = parseArgs({
  options: {
    pg: { type: 'string' },
    engine: { type: 'string' },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    chairs: { type: 'string' },
    duration: { type: 'string' },
    cases: { type: 'string' },
  },
});
const only = new Set<Workload>(
  args.only === undefined ? WORKLOADS : (args.only.split(',').map((w) => w.trim()) as Workload[]).filter((w) => WORKLOADS.includes(w)),
);
const engines: Engine[] =
  args.engine === 'pglite' || args.engine === 'postgres' ? [args.engine] : args.pg === undefined ? ['pglite'] : ['pglite', 'postgres'];
if (engines.includes('postgres') && args.pg === undefined) throw new Error('--engine postgres needs --pg postgres://...');
const quick = args.quick === true;
const CHAIRS = Number(args.chairs ?? 500);
const INGEST_S = Number(args.duration ?? (quick ? 3 : 8));
const ALARM_LEVELS = [0, 50, 200, 500].filter((n) => n <= CHAIRS);
const BOARDS = 50;
const PERIOD_MS = 5_000;
const PROBES = quick ? 8 : 20;
const READS = quick ? 10 : 30;
const READ_TIMEOUT_MS = 10_000;
const PROBE_TIMEOUT_MS = 5_000;
const LEVEL_MAX_MS = quick ? 12_000 : 20_000;
const HISTORY = 2_000;
/** Samples of each read (after 20 to warm up): a p99 of 300 is not its single slowest. */
const READ_SAMPLES = 300;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    for (const c of children) c.kill('SIGKILL');
    process.exit(130);
  });
const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

interface Line {
  engine: Engine | '-';
  name: string;
  value: number;
  unit: string;
  anchor?: { name: string; value: number };
  ratio?: number;
  target: string;
  status: 'ok' | 'missed' | 'report';
  details?: Record<string, unknown>;
}
const lines: Line[] = [];
function line(l: Omit<Line, 'ratio' | 'target' | 'status'> & { targetSpec: Verdictable }): void {
  const { targetSpec, ...rest } = l;
  const v = judge(l.value, l.anchor?.value, targetSpec);
  const out: Line = { ...rest, ...(v.ratio === undefined ? {} : { ratio: v.ratio }), target: v.target, status: v.status };
  if (l.anchor === undefined && (targetSpec.kind === 'ratio-at-least' || targetSpec.kind === 'ratio-at-most'))
    out.target += ' (no anchor: run with --pg)';
  lines.push(out);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

// ---------------------------------------------------------------------------------------------
// The machine
const pgUrl = args.pg;
let pgVersion: string | undefined;
if (pgUrl !== undefined) {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  pgVersion = (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v;
  await c.end();
}
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGb: round(totalmem() / 2 ** 30),
  freeMemoryGb: round(freemem() / 2 ** 30),
  loadAverage: loadavg().map(round),
  node: process.version,
  postgres: pgVersion,
};
log(`machine: ${JSON.stringify(machine)}`);
const startedAt = new Date();

/** A scratch database on the --pg server (dropped at the end). */
const created: string[] = [];
async function scratchDatabase(label: string): Promise<string> {
  const name = `kairos_bench_${label}_${process.pid}`;
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name}`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  created.push(name);
  const u = new URL(pgUrl as string);
  u.pathname = `/${name}`;
  return u.toString();
}
async function dropScratch(): Promise<void> {
  if (pgUrl === undefined) return;
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  await c.end();
}

// ---------------------------------------------------------------------------------------------
// In-process lines kept from before (core rules, API through inject, the web bundle).
if (only.has('core')) {
  log('core and API in-process');
  await coreAndApiLines((r) => line({ engine: '-', name: r.name, value: r.value, unit: r.unit, targetSpec: r.target }));
}
if (only.has('web')) {
  log('web bundle');
  await webBundleLine((r) => line({ engine: '-', name: r.name, value: r.value, unit: r.unit, targetSpec: r.target }));
}
// Restart to ready on an existing embedded data dir with the demo loaded (issue 21, item 5: 2 s).
if (only.has('restart')) {
  log('restart on the embedded database');
  const r = await measureRestart({ runs: 3 });
  const worst = Math.max(...r.restartMs);
  line({
    engine: 'pglite',
    name: 'restart to ready (demo data dir), slowest of 3',
    value: worst,
    unit: 'ms',
    targetSpec: { kind: 'at-most', max: 2000 },
    // Where each start's time went, as the server logs it (loading, database, migrations, demo, ...).
    details: { restartMs: r.restartMs, phases: r.phases },
  });
  line({
    engine: 'pglite',
    name: 'restart: server CPU time at ready, slowest of 3',
    value: Math.max(...r.readyCpuMs),
    unit: 'ms',
    targetSpec: { kind: 'report' },
  });
  line({
    engine: 'pglite',
    name: 'memory: idle RSS after restart',
    value: r.idleRssMb,
    unit: 'MB',
    targetSpec: { kind: 'at-most', max: 350 },
  });
}

// The program outcomes dashboard at scale (issue 24, Must 5: 100k patients, 1M responses, < 1 s), on PostgreSQL.
if (only.has('program-outcomes')) {
  if (pgUrl === undefined) log('program outcomes at scale needs --pg: skipped');
  else {
    log('program outcomes: 100k patients, 1M questionnaire responses');
    try {
      await programOutcomesLines(await scratchDatabase('outcomes'), { quick }, (r) =>
        line({ engine: 'postgres', name: r.name, value: r.value, unit: r.unit, targetSpec: r.target, details: r.details }),
      );
    } catch (err) {
      line({
        engine: 'postgres',
        name: 'program outcomes dashboard',
        value: Number.NaN,
        unit: 'ms',
        targetSpec: { kind: 'at-most', max: 1000 },
        details: { error: String(err) },
      });
    } finally {
      await dropScratch();
      created.length = 0;
    }
  }
}

// FHIR (issue 25, Must 5): $export of ~100k resources against COPY, and search p99 against raw SQL, on PostgreSQL.
if (only.has('fhir')) {
  if (pgUrl === undefined) log('the FHIR workload needs --pg: skipped');
  else {
    log('fhir: $export of about 100k resources, and Observation search');
    try {
      await fhirExportLines(await scratchDatabase('fhir'), { quick }, (r) =>
        line({
          engine: 'postgres',
          name: r.name,
          value: r.value,
          unit: r.unit,
          targetSpec: r.target,
          ...(r.anchor === undefined ? {} : { anchor: r.anchor }),
          ...(r.details === undefined ? {} : { details: r.details }),
        }),
      );
    } catch (err) {
      line({
        engine: 'postgres',
        name: 'fhir: $export',
        value: Number.NaN,
        unit: 'resources/s',
        targetSpec: { kind: 'report' },
        details: { error: String(err) },
      });
    } finally {
      await dropScratch();
      created.length = 0;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The anchors, on PostgreSQL: the naive server, raw multi-row INSERT and COPY.
// --cases 1x10,100x100: only these ingest cases (readings per POST x monitors), e.g. to profile one.
const INGEST_CASES = [
  { batch: 1, connections: 10 },
  { batch: 1, connections: 100 },
  { batch: 10, connections: 10 },
  { batch: 10, connections: 100 },
  { batch: 100, connections: 10 },
  { batch: 100, connections: 100 },
].filter((c) => args.cases === undefined || args.cases.split(',').includes(`${c.batch}x${c.connections}`));
const caseKey = (c: { batch: number; connections: number }): string => `${c.batch}x${c.connections}`;
const naive = new Map<string, number>();
let naiveRss: number | undefined;
let rawInsert: number | undefined;
let rawCopy: number | undefined;
const needsHttp = only.has('ingest') || only.has('alarm') || only.has('reads') || only.has('memory') || only.has('instances');

try {
  if (pgUrl !== undefined && (only.has('ingest') || only.has('memory'))) {
    const url = await scratchDatabase('naive');
    log('anchor: naive Fastify + pg server');
    const server = await startProcess(
      ['--import', 'tsx', join(ROOT, 'bench/anchors/naive-server.ts')],
      { DATABASE_URL: url, PORT: '0' },
      /listening (\S+)/,
    );
    try {
      await sleep(2_000);
      naiveRss = rssMb(server.pid);
      if (only.has('ingest')) {
        // The naive server accepts any Bearer token and any session id.
        const targets = Array.from({ length: 100 }, (_, i) => ({
          sessionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          token: 'naive',
        }));
        await ingest(server.url, targets, { connections: 10, batch: 1, durationS: 2 });
        for (const c of INGEST_CASES) {
          const r = await ingest(server.url, targets, { ...c, durationS: INGEST_S });
          naive.set(caseKey(c), r.readingsPerSecond);
          log(`naive ${caseKey(c)}: ${r.readingsPerSecond} readings/s (p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors})`);
        }
        rawInsert = await insertRows(url, { clients: 10, rowsPerStatement: 100, durationS: Math.min(INGEST_S, 5) });
        rawCopy = await copyRows(url, { clients: 10, rowsPerStatement: 1_000, durationS: Math.min(INGEST_S, 5) });
        line({
          engine: 'postgres',
          name: 'anchor: raw multi-row INSERT (100 rows a statement, 10 clients)',
          value: rawInsert,
          unit: 'readings/s',
          targetSpec: { kind: 'report' },
        });
        line({
          engine: 'postgres',
          name: 'anchor: raw COPY (1,000 rows a statement, 10 clients)',
          value: rawCopy,
          unit: 'readings/s',
          targetSpec: { kind: 'report' },
        });
      }
    } finally {
      await server.stop();
    }
  }

  // -------------------------------------------------------------------------------------------
  // The fixture, built once on PGlite through the services; PostgreSQL gets a copy of its rows.
  let fixture: BenchFixture | undefined;
  let pgliteDir: string | undefined;
  let dump: string | undefined;
  let pgliteRawLast100: Summary | undefined;
  if (needsHttp) {
    pgliteDir = mkdtempSync(join(tmpdir(), 'kairos-bench-'));
    const database = await openEmbedded(pgliteDir, 'bench');
    try {
      await migrateToLatest(database.db);
      log(`fixture: the demo and ${CHAIRS} chairs`);
      fixture = await buildFixture(database.db, { chairs: CHAIRS, historyReadings: HISTORY, log });
      if (engines.includes('postgres')) {
        dump = join(pgliteDir, '..', `kairos-bench-dump-${process.pid}.json`);
        await saveDemoData(database.db, dump);
      }
      const samples: number[] = [];
      for (let i = 0; i < READ_SAMPLES + 20; i++) {
        const t0 = performance.now();
        await sql`SELECT * FROM vital_reading WHERE session_id = ${fixture.history.sessionId} ORDER BY measured_at DESC LIMIT 100`.execute(
          database.db,
        );
        samples.push(performance.now() - t0);
      }
      pgliteRawLast100 = summarize(samples.slice(20));
    } finally {
      await database.close();
    }
  }

  for (const engine of needsHttp ? engines : []) {
    const fx = fixture as BenchFixture;
    let env: Record<string, string>;
    let rawLast100: Summary | undefined = pgliteRawLast100;
    if (engine === 'pglite') env = { KAIROS_DATA_DIR: pgliteDir as string };
    else {
      const url = await scratchDatabase('kairos');
      const database = await openPostgres(url);
      try {
        await migrateToLatest(database.db);
        await restoreDemoData(database.db, dump as string);
      } finally {
        await database.close();
      }
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const samples: number[] = [];
      for (let i = 0; i < READ_SAMPLES + 20; i++) {
        const t0 = performance.now();
        await c.query('SELECT * FROM vital_reading WHERE session_id = $1 ORDER BY measured_at DESC LIMIT 100', [fx.history.sessionId]);
        samples.push(performance.now() - t0);
      }
      await c.end();
      rawLast100 = summarize(samples.slice(20));
      env = { DATABASE_URL: url };
    }
    log(`Kairos on ${engine}`);
    const server = await startKairos(env);
    try {
      await runEngine(engine, server, fx, rawLast100);
      if (engine === 'postgres' && only.has('instances')) await twoInstances(server, env, fx);
    } catch (err) {
      log(`Kairos on ${engine} failed: ${err instanceof Error ? err.message : String(err)}\n${server.tail()}`);
      line({
        engine,
        name: 'the run of this engine',
        value: Number.NaN,
        unit: '',
        targetSpec: { kind: 'at-least', min: 1 },
        details: { error: String(err) },
      });
    } finally {
      await server.stop();
    }
  }
  if (pgliteDir !== undefined) rmSync(pgliteDir, { recursive: true, force: true });
  if (dump !== undefined) rmSync(dump, { force: true });
} finally {
  await dropScratch();
}

/** Starts a Kairos server process on `env`'s database (`kairos serve` on an ephemeral port). */
function startKairos(env: Record<string, string>): Promise<ServerProcess> {
  return startProcess(
    [join(ROOT, 'packages/server/bin/kairos.mjs'), 'serve', '--port', '0'],
    { ...env, KAIROS_MODE: 'test', LOG_LEVEL: 'warn', PORT: '0' },
    /Kairos is running at (\S+)/,
  );
}

/**
 * Two Kairos instances on one PostgreSQL (docs/scaling.md): a second server on the same database
 * beside the first. Single readings at 100 monitors, half posting to each, against the same 100 on
 * one instance; then an alarm posted to the first reaching boards on both (the second hears it
 * through LISTEN/NOTIFY) while 200 monitors post, half to each. On 2 cores the two share the same
 * CPU as the database and the load: this shows what a second instance costs and that alarms cross
 * instances, not the capacity of two machines.
 */
async function twoInstances(a: ServerProcess, env: Record<string, string>, fx: BenchFixture): Promise<void> {
  log('a second instance on the same PostgreSQL');
  const b = await startKairos(env);
  try {
    await sleep(2_000);
    const cookie = await signIn(a.url, 'nurse@demo.test', 'kairos-demo-2026');
    const one = await ingest(a.url, fx.chairs.slice(0, 100), { connections: 100, batch: 1, durationS: INGEST_S });
    const [ra, rb] = await Promise.all([
      ingest(a.url, fx.chairs.slice(0, 50), { connections: 50, batch: 1, durationS: INGEST_S }),
      ingest(b.url, fx.chairs.slice(50, 100), { connections: 50, batch: 1, durationS: INGEST_S }),
    ]);
    line({
      engine: 'postgres',
      name: 'two instances: 1 reading per POST, 100 monitors, 50 posting to each',
      value: ra.readingsPerSecond + rb.readingsPerSecond,
      unit: 'readings/s',
      anchor: { name: 'one instance, the same 100', value: one.readingsPerSecond },
      targetSpec: { kind: 'report' },
      details: {
        oneInstance: one,
        first: ra,
        second: rb,
      },
    });

    // Boards on both instances; the alarm probes post to the first.
    const half = BOARDS / 2;
    const boardUrl = (base: string) => `${base}/api/events?siteId=${fx.siteId}`;
    let waiting: { sessionId: string; t0: number; got: Set<number>; done: () => void } | undefined;
    const same: number[] = [];
    const other: number[] = [];
    let timeouts = 0;
    const boards = await Promise.all(
      Array.from({ length: BOARDS }, (_, k) =>
        subscribe(boardUrl(k < half ? a.url : b.url), cookie, (sessionId) => {
          if (waiting === undefined || sessionId !== waiting.sessionId || waiting.got.has(k)) return;
          waiting.got.add(k);
          (k < half ? same : other).push(performance.now() - waiting.t0);
          if (waiting.got.size === BOARDS) waiting.done();
        }),
      ),
    );
    const monitors = Math.min(200, fx.chairs.length);
    const load = [
      startMonitors(a.url, fx.chairs.slice(0, monitors / 2), PERIOD_MS),
      startMonitors(b.url, fx.chairs.slice(monitors / 2, monitors), PERIOD_MS),
    ];
    try {
      await sleep(PERIOD_MS);
      for (let i = 0; i < PROBES; i++) {
        const target = fx.probes[i % fx.probes.length] as Target;
        const got = new Set<number>();
        const arrived = new Promise<void>((done) => (waiting = { sessionId: target.sessionId, t0: performance.now(), got, done }));
        const post = request(`${a.url}/api/device/sessions/${target.sessionId}/vitals`, {
          method: 'POST',
          headers: { authorization: `Bearer ${target.token}` },
          body: { readings: [reading(`probe2-${process.pid}-${i}`, new Date(), 85)] },
        }).catch(() => undefined);
        await Promise.race([arrived, sleep(PROBE_TIMEOUT_MS)]);
        waiting = undefined;
        await Promise.race([post, sleep(PROBE_TIMEOUT_MS)]);
        for (let k = 0; k < BOARDS; k++)
          if (!got.has(k)) {
            timeouts++;
            (k < half ? same : other).push(PROBE_TIMEOUT_MS);
          }
        await sleep(150 + Math.random() * 150);
      }
    } finally {
      await Promise.all(load.map((l) => l.stop(5_000)));
      for (const x of boards) x.close();
    }
    for (const [where, samples] of [
      ['on the instance it was posted to', same],
      ['on the other instance (LISTEN/NOTIFY)', other],
    ] as const) {
      const s = summarize(samples);
      line({
        engine: 'postgres',
        name: `two instances: alarm POST to SSE at ${half} boards ${where}, p99, ${monitors} monitors posting`,
        value: s.p99,
        unit: 'ms',
        targetSpec: { kind: 'at-most', max: 100 },
        details: { alarm: s, timeouts },
      });
    }
  } finally {
    await b.stop();
  }
}

async function runEngine(engine: Engine, server: ServerProcess, fx: BenchFixture, rawLast100: Summary | undefined): Promise<void> {
  const onPg = engine === 'postgres';
  await sleep(3_000);
  if (only.has('memory'))
    line({
      engine,
      name: 'memory: idle RSS of the server process',
      value: Math.round(rssMb(server.pid)),
      unit: 'MB',
      ...(naiveRss === undefined ? {} : { anchor: { name: 'naive server', value: Math.round(naiveRss) } }),
      targetSpec: onPg ? { kind: 'report' } : { kind: 'at-most', max: 350 },
    });
  const cookie = await signIn(server.url, 'nurse@demo.test', 'kairos-demo-2026');
  const consoleUrl = (id: string): string => `${server.url}/api/sessions/${id}`;

  if (only.has('reads')) {
    // The last 100 readings through the API's page of readings (what a flowsheet or a report reads),
    // against the same SELECT straight to the database; then the console view of that long session.
    const timed = async (url: string, what: string): Promise<Summary> => {
      const samples: number[] = [];
      for (let i = 0; i < READ_SAMPLES + 20; i++) {
        const r = await request(url, { headers: { cookie } });
        if (r.status !== 200) throw new Error(`${what}: ${r.status} ${r.body.slice(0, 200)}`);
        samples.push(r.ms);
      }
      return summarize(samples.slice(20));
    };
    const s = await timed(`${consoleUrl(fx.history.sessionId)}/readings?limit=100`, 'readings page');
    line({
      engine,
      name: `reads: last 100 readings of a session (${fx.historyReadings} stored) via the API, p99`,
      value: s.p99,
      unit: 'ms',
      ...(rawLast100 === undefined ? {} : { anchor: { name: 'raw SQL', value: rawLast100.p99 } }),
      targetSpec: onPg ? { kind: 'ratio-at-most', max: 3 } : { kind: 'report' },
      details: { api: s, rawSql: rawLast100 },
    });
    const v = await timed(consoleUrl(fx.history.sessionId), 'console view');
    line({
      engine,
      name: 'reads: console view of that session (latest 100 in full, the rest summarised), idle, p99',
      value: v.p99,
      unit: 'ms',
      targetSpec: { kind: 'report' },
      details: { console: v },
    });
  }

  if (only.has('ingest')) {
    await ingest(server.url, fx.chairs, { connections: 10, batch: 1, durationS: 2 });
    for (const c of INGEST_CASES) {
      const r = await ingest(server.url, fx.chairs, { ...c, durationS: INGEST_S });
      const naiveValue = naive.get(caseKey(c));
      // Single readings: against the naive stack (PGlite: the naive stack on PostgreSQL, at half).
      // Batches: against raw multi-row INSERT on PostgreSQL (PGlite: against the naive stack, at half).
      const anchor =
        c.batch === 1 || !onPg
          ? naiveValue === undefined
            ? undefined
            : { name: 'naive on PostgreSQL', value: naiveValue }
          : rawInsert === undefined
            ? undefined
            : { name: 'raw multi-row INSERT', value: rawInsert };
      line({
        engine,
        name: `ingest: ${c.batch === 1 ? '1 reading per POST' : `batches of ${c.batch}`}, ${c.connections} monitors`,
        value: r.readingsPerSecond,
        unit: 'readings/s',
        ...(anchor === undefined ? {} : { anchor }),
        targetSpec: !onPg
          ? { kind: 'ratio-at-least', min: 0.5 }
          : c.batch === 1
            ? { kind: 'ratio-at-least', min: 1 }
            : { kind: 'ratio-at-least', min: 0.25 },
        details: { requestsPerSecond: r.requestsPerSecond, latencyMs: r.latency, non2xx: r.non2xx, errors: r.errors, naive: naiveValue },
      });
    }
  }

  if (only.has('alarm')) {
    // A probe: a reading that raises an alarm (SpO2 85) posted to a session no load monitor posts
    // to; the latency is from sending the POST to the first event of that session at each board.
    const boardUrl = `${server.url}/api/events?siteId=${fx.siteId}`;
    let waiting: { sessionId: string; t0: number; got: Set<number>; samples: number[]; done: () => void } | undefined;
    const boards = await Promise.all(
      Array.from({ length: BOARDS }, (_, b) =>
        subscribe(boardUrl, cookie, (sessionId) => {
          if (waiting === undefined || sessionId !== waiting.sessionId || waiting.got.has(b)) return;
          waiting.got.add(b);
          waiting.samples.push(performance.now() - waiting.t0);
          if (waiting.got.size === BOARDS) waiting.done();
        }),
      ),
    );
    const from = new Date(Date.now() - 12 * 3_600_000).toISOString();
    const to = new Date(Date.now() + 12 * 3_600_000).toISOString();
    const todayUrl = `${server.url}/api/sessions?siteId=${fx.siteId}&from=${from}&to=${to}`;
    let probeSeq = 0;
    /**
     * One load level: `monitors` monitors post every 5 s while the 50 boards listen; first the alarm
     * probes (nothing else reads), then the Today board and a console are read under the same load.
     */
    const level = async (monitors: number) => {
      const load = startMonitors(server.url, fx.chairs.slice(0, monitors), PERIOD_MS);
      await sleep(monitors === 0 ? 500 : PERIOD_MS);
      const samples: number[] = [];
      let timeouts = 0;
      const start = performance.now();
      for (let i = 0; i < PROBES && performance.now() - start < LEVEL_MAX_MS; i++) {
        const target = fx.probes[probeSeq % fx.probes.length] as Target;
        const got = new Set<number>();
        const mine: number[] = [];
        const arrived = new Promise<void>(
          (done) => (waiting = { sessionId: target.sessionId, t0: performance.now(), got, samples: mine, done }),
        );
        const post = request(`${server.url}/api/device/sessions/${target.sessionId}/vitals`, {
          method: 'POST',
          headers: { authorization: `Bearer ${target.token}` },
          body: { readings: [reading(`probe-${process.pid}-${++probeSeq}`, new Date(), 85)] },
        }).catch(() => undefined);
        await Promise.race([arrived, sleep(PROBE_TIMEOUT_MS)]);
        waiting = undefined;
        await Promise.race([post, sleep(PROBE_TIMEOUT_MS)]);
        timeouts += BOARDS - got.size;
        samples.push(...mine, ...Array.from({ length: BOARDS - got.size }, () => PROBE_TIMEOUT_MS));
        await sleep(150 + Math.random() * 150);
      }
      const boardMs: number[] = [];
      const consoleMs: number[] = [];
      const readsStart = performance.now();
      for (let k = 0; k < READS && performance.now() - readsStart < LEVEL_MAX_MS / 2; k++) {
        // A read still unanswered after READ_TIMEOUT_MS counts as that long (a lower bound).
        const b = await request(todayUrl, { headers: { cookie }, timeoutMs: READ_TIMEOUT_MS });
        if (b.status === 200 || b.status === 0) boardMs.push(b.ms);
        const c = await request(consoleUrl((fx.chairs[k % Math.max(1, monitors)] ?? fx.history).sessionId), {
          headers: { cookie },
          timeoutMs: READ_TIMEOUT_MS,
        });
        if (c.status === 200 || c.status === 0) consoleMs.push(c.ms);
        await sleep(100);
      }
      const posted = await load.stop(5_000);
      return {
        monitors,
        alarm: summarize(samples),
        timeouts,
        board: summarize(boardMs),
        console: summarize(consoleMs),
        monitorPosts: posted,
      };
    };
    try {
      const results: Awaited<ReturnType<typeof level>>[] = [];
      for (const m of ALARM_LEVELS) {
        log(`alarm latency at ${m} monitors`);
        const r = await level(m);
        results.push(r);
        line({
          engine,
          name: `alarm: POST to SSE at ${BOARDS} boards, p99, ${m} monitors posting every 5 s`,
          value: r.alarm.p99,
          unit: 'ms',
          targetSpec: onPg && m === 500 ? { kind: 'at-most', max: 100 } : { kind: 'report' },
          details: { alarm: r.alarm, timeouts: r.timeouts, monitorPosts: r.monitorPosts },
        });
      }
      // The saturation point: between the last level that held and the first that did not.
      const limit = 100;
      // (When even the smallest level missed, there is nothing to search.)
      const smallest = Math.min(...results.map((r) => r.monitors));
      const idleHeld = (results.find((r) => r.monitors === smallest)?.alarm.p99 ?? Infinity) < limit;
      for (let extra = 0; idleHeld && extra < (quick ? 1 : 2); extra++) {
        const held = saturationPoint(
          results.map((r) => ({ monitors: r.monitors, p99: r.alarm.p99 })),
          limit,
        );
        const failed = results
          .map((r) => r.monitors)
          .filter((m) => m > held)
          .sort((a, b) => a - b)[0];
        const next = failed === undefined ? undefined : nextProbe(held, failed, 25);
        if (next === undefined) break;
        log(`alarm latency at ${next} monitors (saturation search)`);
        results.push(await level(next));
      }
      const saturation = saturationPoint(
        results.map((r) => ({ monitors: r.monitors, p99: r.alarm.p99 })),
        limit,
      );
      line({
        engine,
        name: `alarm: saturation point (most monitors with alarm p99 < ${limit} ms${idleHeld ? '' : '; even idle missed'}, of ${results
          .map((r) => r.monitors)
          .sort((a, b) => a - b)
          .join('/')} tried)`,
        value: saturation,
        unit: 'monitors',
        targetSpec: onPg ? { kind: 'at-least', min: 500 } : { kind: 'report' },
        details: { levels: results.map((r) => ({ monitors: r.monitors, p50: r.alarm.p50, p99: r.alarm.p99, timeouts: r.timeouts })) },
      });
      const top = results.find((r) => r.monitors === Math.max(...ALARM_LEVELS));
      if (top !== undefined) {
        line({
          engine,
          name: `board: Today board p99 at ${top.monitors} monitors (${fx.sessionsToday} sessions today)`,
          value: top.board.p99,
          unit: 'ms',
          targetSpec: onPg ? { kind: 'at-most', max: 50 } : { kind: 'report' },
          details: { board: top.board, byLevel: results.map((r) => ({ monitors: r.monitors, ...r.board })) },
        });
        line({
          engine,
          name: `console: session view p99 at ${top.monitors} monitors`,
          value: top.console.p99,
          unit: 'ms',
          targetSpec: onPg ? { kind: 'at-most', max: 50 } : { kind: 'report' },
          details: { console: top.console, byLevel: results.map((r) => ({ monitors: r.monitors, ...r.console })) },
        });
      }
    } finally {
      for (const b of boards) b.close();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The table, the saved results, the exit code.
const fmt = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '-' : String(round(x)));
process.stdout.write(
  `\n${formatTable(
    lines.map((l) => [
      l.name,
      l.engine,
      `${fmt(l.value)} ${l.unit}`,
      l.anchor === undefined ? '-' : fmt(l.anchor.value),
      l.ratio === undefined ? '-' : `${l.ratio}x`,
      l.target,
      l.status,
    ]),
    ['workload', 'engine', 'Kairos', 'anchor', 'ratio', 'target', 'verdict'],
  )}\n`,
);
const missed = lines.filter((l) => l.status === 'missed');
process.stdout.write(`${lines.length} lines: ${lines.filter((l) => l.status === 'ok').length} ok, ${missed.length} missed\n`);
const dir = join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ startedAt: startedAt.toISOString(), seconds: Math.round((Date.now() - startedAt.getTime()) / 1000), machine, options: { engines, only: [...only], quick, chairs: CHAIRS, ingestSeconds: INGEST_S, boards: BOARDS, periodMs: PERIOD_MS }, lines }, null, 2)}\n`,
);
log(`saved ${file}`);
process.exit(missed.length === 0 ? 0 : 1);
