/**
 * Load generation and measurement over real HTTP: server processes, autocannon ingest runs, monitors
 * posting on a period, Server-Sent Events subscribers, timed GETs.
 *
 * @module
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from './stats.js';

export interface Target {
  sessionId: string;
  token: string;
}

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** The last lines the process wrote on stderr (for a failure message). */
  tail: () => string;
  stop: () => Promise<void>;
}

/** The processes started and not yet stopped (ended when the bench is interrupted). */
export const children = new Set<ChildProcess>();

/** Starts a process and resolves once a line matches `ready` (its first group is the URL). */
export function startProcess(args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 120_000): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS: Node flags for the measured processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-4000);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready within ${timeoutMs} ms: ${out.slice(-800)}`));
    }, timeoutMs);
    const onData = (d: Buffer): void => {
      keep(d);
      const m = ready.exec(out);
      if (m === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const exited = new Promise<void>((res) => child.once('exit', () => res()));
      resolve({
        url: (m[1] as string).replace('localhost', '127.0.0.1'),
        pid: child.pid as number,
        tail: () => out.slice(-800),
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(killer);
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready: ${out.slice(-800)}`));
    });
  });
}

/** Resident set size of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? Number.NaN : Number(m[1]) / 1024;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let runCounter = 0;

/** A reading as a monitor sends it (normal values unless given). */
export function reading(clientId: string, measuredAt: Date, spo2 = 98): Record<string, unknown> {
  return { clientId, measuredAt: measuredAt.toISOString(), systolic: 122, diastolic: 78, heartRate: 72, spo2, respiratoryRate: 14 };
}

export interface IngestResult {
  requestsPerSecond: number;
  readingsPerSecond: number;
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/**
 * `connections` monitors, each its own keep-alive connection posting batches of `batch` readings
 * to its own session with its own token as fast as the server answers, for `durationS` seconds.
 */
export async function ingest(
  base: string,
  targets: readonly Target[],
  o: { connections: number; batch: number; durationS: number },
): Promise<IngestResult> {
  const mine = targets.slice(0, o.connections);
  if (mine.length < o.connections) throw new Error(`${o.connections} monitors need as many sessions (have ${targets.length})`);
  const tokenOf = new Map(mine.map((t) => [t.sessionId, t.token]));
  const run = `r${process.pid}-${++runCounter}-${Date.now()}`;
  let n = 0;
  const result = await autocannon({
    url: mine.map((t) => `${base}/api/device/sessions/${t.sessionId}/vitals`),
    connections: o.connections,
    duration: o.durationS,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const sessionId = /sessions\/([^/]+)\/vitals/.exec(req.path)?.[1] ?? '';
          const i = ++n;
          const now = Date.now();
          const readings = Array.from({ length: o.batch }, (_, k) => reading(`${run}-${i}-${k}`, new Date(now - (o.batch - k) * 1000)));
          return {
            ...req,
            headers: { ...req.headers, 'content-type': 'application/json', authorization: `Bearer ${tokenOf.get(sessionId) ?? ''}` },
            body: JSON.stringify({ readings }),
          };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    requestsPerSecond: Math.round(ok / result.duration),
    readingsPerSecond: Math.round((ok * o.batch) / result.duration),
    latency: { p50: result.latency.p50, p99: result.latency.p99 },
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * One HTTP request; resolves with the status, the body and the time to the last byte (ms). With
 * `timeoutMs`, a request still unanswered then is abandoned and resolves with status 0 and that time
 * (so a sample is a lower bound, and a stalled server cannot stall the bench).
 */
export function request(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<{ status: number; body: string; ms: number; headers: http.IncomingHttpHeaders }> {
  const t0 = performance.now();
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: o.method ?? 'GET',
        headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...o.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - t0,
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    if (o.timeoutMs !== undefined) {
      const timer = setTimeout(() => {
        req.destroy();
        resolve({ status: 0, body: '', ms: o.timeoutMs as number, headers: {} });
      }, o.timeoutMs);
      req.on('close', () => clearTimeout(timer));
    }
    req.on('error', reject);
    req.end(payload);
  });
}

/** Signs in a staff member; returns the cookie header. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const r = await request(`${base}/api/session`, { method: 'POST', body: { email, password } });
  if (r.status !== 200) throw new Error(`sign-in as ${email}: ${r.status} ${r.body.slice(0, 200)}`);
  const set = r.headers['set-cookie'] ?? [];
  const cookie = set.map((c) => c.split(';')[0]).find((c) => c?.startsWith('kairos_session='));
  if (cookie === undefined) throw new Error('sign-in gave no session cookie');
  return cookie;
}

export interface Monitors {
  /** Stops posting and waits for the posts in flight (at most `waitMs`); returns what they did. */
  stop: (waitMs?: number) => Promise<{ posts: number; failed: number; skipped: number; latency: Summary }>;
}

/**
 * Each target posts one reading every `periodMs`, the monitors' starts spread over the period. A
 * monitor waits for the answer to its post before sending another (a tick that comes while it
 * waits is skipped and counted), as a device does: a slow server is not buried under a backlog.
 */
export function startMonitors(base: string, targets: readonly Target[], periodMs: number): Monitors {
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const latencies: number[] = [];
  let failed = 0;
  let skipped = 0;
  let seq = 0;
  const run = `m${process.pid}-${++runCounter}-${Date.now()}`;
  targets.forEach((t, i) => {
    let busy = false;
    const post = (): void => {
      if (busy) {
        skipped++;
        return;
      }
      busy = true;
      const p = request(`${base}/api/device/sessions/${t.sessionId}/vitals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token}` },
        body: { readings: [reading(`${run}-${i}-${++seq}`, new Date())] },
      }).then(
        (r) => {
          latencies.push(r.ms);
          if (r.status !== 200) failed++;
        },
        () => failed++,
      );
      inFlight.add(p);
      void p.finally(() => {
        busy = false;
        inFlight.delete(p);
      });
    };
    timers.push(
      setTimeout(
        () => {
          post();
          timers.push(setInterval(post, periodMs));
        },
        Math.round((i * periodMs) / Math.max(1, targets.length)),
      ),
    );
  });
  return {
    stop: async (waitMs = 10_000) => {
      for (const t of timers) clearTimeout(t);
      await Promise.race([Promise.allSettled([...inFlight]), sleep(waitMs)]);
      return { posts: latencies.length, failed, skipped, latency: summarize(latencies) };
    },
  };
}

export interface LiveSubscriber {
  close: () => void;
}

/**
 * Subscribes to `/api/events` like a Today board; calls `onEvent` with each event's session id (from
 * its data) as it arrives. Resolves once the stream has said it is connected.
 */
export function subscribe(
  url: string,
  cookie: string,
  onEvent: (sessionId: string | undefined, type: string) => void,
): Promise<LiveSubscriber> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`live events: ${res.statusCode}`));
        res.resume();
        return;
      }
      let buffer = '';
      let connected = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          if (!connected && block.startsWith(':')) {
            connected = true;
            resolve({ close: () => req.destroy() });
            continue;
          }
          let type = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (data === '') continue;
          let sessionId: string | undefined;
          try {
            const parsed = JSON.parse(data) as { sessionId?: unknown };
            sessionId = typeof parsed.sessionId === 'string' ? parsed.sessionId : undefined;
          } catch {
            sessionId = undefined;
          }
          onEvent(sessionId, type);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', (err) => reject(err));
  });
}
