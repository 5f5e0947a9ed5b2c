/**
 * Restart to ready (issue 21, item 5) and idle memory (item 3): starts the real `kairos serve`
 * process on a data dir, the first time loading the demo, then stops and starts it again `runs`
 * times, timing each start from the spawn to the first 200 of `/api/health`, as a load balancer
 * or a person reloading the page would see it. The idle RSS is read from the server process
 * `idleSeconds` after the last start was ready.
 *
 * Each ready server also logs where its start went (`startupMs` of its "ready" line: loading the
 * code, opening the database, the migration check, the demo check, the app); those come back as
 * `phases`, for the report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const REPO_ROOT = resolve(import.meta.dirname, '..');
const KAIROS_BIN = join(REPO_ROOT, 'packages/server/bin/kairos.mjs');

export interface RestartOptions {
  /** Timed restarts after the first start (default 5). */
  runs?: number;
  /** Seconds after the last ready at which the idle RSS is read (default 5). */
  idleSeconds?: number;
  /** The data dir; by default a new temporary one, removed afterwards. */
  dataDir?: string;
  /** Start through `npm start` (which first checks the web build) instead of `kairos serve`. */
  npmStart?: boolean;
  /** Longest wait for one start (the first one loads the demo: default 180 s). */
  timeoutMs?: number;
  /** More environment for the server (DATABASE_URL to measure on PostgreSQL, for example). */
  env?: Record<string, string>;
}

export interface RestartResult {
  /** Spawn to the first 200 of /api/health, one per restart, in ms. */
  restartMs: number[];
  /** Resident memory of the server process, idle, after the last restart, in MB. */
  idleRssMb: number;
  /** The first start (creating the database and loading the demo), in ms. */
  firstStartMs: number;
  /**
   * CPU time the server process had used when it was ready, one per restart, in ms (all its
   * threads): unlike the wall time, it hardly depends on what else the machine is running.
   */
  readyCpuMs: number[];
  /** Where each restart's time went, as the server logged it (ms per phase). */
  phases: Record<string, number>[];
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const probe = createServer();
    probe.once('error', rej);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => res(port));
    });
  });
}

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for process ${pid}`);
  return Math.round(kb / 1024);
}

/** CPU time used so far by process `pid` (user and system, all threads), in ms; Linux /proc. */
function cpuMsOf(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Math.round((ticks * 1000) / 100); // USER_HZ is 100 on every Linux Node runs on
}

/** The pid of the process holding the data dir (the server itself, also under npm). */
function serverPid(dataDir: string): number {
  const lock = JSON.parse(readFileSync(join(dataDir, 'kairos.lock'), 'utf8')) as { pid: number };
  return lock.pid;
}

interface Started {
  child: ChildProcess;
  readyMs: number;
  cpuMs: number;
  phases: Record<string, number> | undefined;
}

async function startOnce(
  opts: Required<Pick<RestartOptions, 'timeoutMs' | 'npmStart'>> & { dataDir: string; env: Record<string, string> },
): Promise<Started> {
  const port = await freePort();
  const env = { ...process.env, KAIROS_MODE: 'demo', LOG_LEVEL: 'info', ...opts.env, KAIROS_DATA_DIR: opts.dataDir, PORT: String(port) };
  const t0 = performance.now();
  const child = opts.npmStart
    ? spawn('npm', ['start', '--silent'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [KAIROS_BIN, 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let phases: Record<string, number> | undefined;
  const onData = (d: Buffer): void => {
    output += d.toString();
    const ready = /"startupMs":(\{[^}]*\})/.exec(output);
    if (ready?.[1] !== undefined && phases === undefined) phases = JSON.parse(ready[1]) as Record<string, number>;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = t0 + opts.timeoutMs;
  // Polling costs the measuring process CPU that a 2-core machine takes from the server it times
  // (a failed connection every 10 ms): wait until the server says it listens (or 3 s), then poll.
  // The timing is still spawn to the first 200: the poll can only answer later than the server could.
  for (let i = 0; i < 300 && !exited && !/Server listening|"startupMs"/.test(output); i++) await new Promise((r) => setTimeout(r, 10));
  for (;;) {
    if (exited) throw new Error(`the server exited before it was ready: ${output.slice(-1000)}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready within ${opts.timeoutMs} ms: ${output.slice(-1000)}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = performance.now() - t0;
  const cpuMs = cpuMsOf(opts.npmStart ? serverPid(opts.dataDir) : (child.pid ?? 0));
  // The phases line comes just before the port answers; give the pipe a moment.
  for (let i = 0; i < 50 && phases === undefined; i++) await new Promise((r) => setTimeout(r, 10));
  return { child, readyMs, cpuMs, phases };
}

async function stop(started: Started, dataDir: string, npmStart: boolean): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  // Under npm the server is npm's grandchild: signal it directly, as a terminal's Ctrl-C would.
  if (npmStart) process.kill(serverPid(dataDir), 'SIGTERM');
  else child.kill('SIGTERM');
  await done;
}

/** Prepares a data dir with the demo, then times `runs` restarts; see the module comment. */
export async function measureRestart(opts: RestartOptions = {}): Promise<RestartResult> {
  const runs = opts.runs ?? 5;
  const idleSeconds = opts.idleSeconds ?? 5;
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kairos-restart-'));
  const base = { timeoutMs: opts.timeoutMs ?? 180_000, npmStart: opts.npmStart ?? false, dataDir, env: opts.env ?? {} };
  try {
    const first = await startOnce(base);
    await stop(first, dataDir, base.npmStart);
    const restartMs: number[] = [];
    const readyCpuMs: number[] = [];
    const phases: Record<string, number>[] = [];
    let idleRssMb = 0;
    for (let i = 0; i < runs; i++) {
      const started = await startOnce(base);
      try {
        restartMs.push(Math.round(started.readyMs));
        readyCpuMs.push(started.cpuMs);
        if (started.phases !== undefined) phases.push(started.phases);
        if (i === runs - 1) {
          await new Promise((r) => setTimeout(r, idleSeconds * 1000));
          idleRssMb = rssMbOf(base.npmStart ? serverPid(dataDir) : (started.child.pid ?? 0));
        }
      } finally {
        await stop(started, dataDir, base.npmStart);
      }
    }
    return { restartMs, idleRssMb, firstStartMs: Math.round(first.readyMs), readyCpuMs, phases };
  } finally {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

// `npx tsx bench/restart.ts [runs]`: this measurement alone, as JSON.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === import.meta.filename) {
  const runs = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const result = await measureRestart(runs === undefined ? {} : { runs });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
