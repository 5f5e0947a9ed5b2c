/**
 * The embedded database on its own thread (pglite-worker.mjs): the server's side. `startPgliteThread`
 * starts the thread, which opens (or first creates) the database while the server goes on; the
 * handle it returns speaks to PGlite's node-postgres adapter as a PGlite would
 * (`execProtocolStream`), so Kysely and pg work over it unchanged.
 *
 * Each call is one message to the thread and one reply: the frontend messages go as bytes, and the
 * backend's raw reply comes back as bytes, parsed here by PGlite's own protocol parser, as pg
 * parses what a PostgreSQL socket sends. A thread that stops (a crash, a close) fails every call
 * waiting on it and every later one, with a connection error the HTTP layer answers with a 503.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { protocol } from '@electric-sql/pglite';

export interface PgliteThreadOptions {
  /** The PostgreSQL data dir to open. */
  pgdata: string;
  /** Where a first start creates the database before renaming it to `pgdata`. */
  initDir: string;
  /** PostgreSQL start parameters after PGlite's own (PGlite.defaultStartParams). */
  extraStartParams: readonly string[];
}

/** What PGlite's node-postgres adapter calls, plus the database's own operations. */
export interface PgliteThread {
  /** Resolves when the database is open; rejects (with PGlite's message) when it could not be. */
  readonly waitReady: Promise<void>;
  readonly closed: boolean;
  execProtocolStream: (bytes: Uint8Array, options?: unknown) => Promise<unknown[]>;
  /** A gzip tarball of the whole data dir. */
  dump: () => Promise<Uint8Array>;
  /** Closes PostgreSQL (its files hold every commit), then ends the thread. Idempotent. */
  close: () => Promise<void>;
  /** Whether the thread keeps the process alive (it does from the start; see Worker.unref). */
  ref: () => void;
  unref: () => void;
}

/** A call the thread can no longer answer: pg and the HTTP layer treat it as a lost connection. */
export class EmbeddedThreadStoppedError extends Error {
  readonly code = 'ECONNRESET';
  constructor(reason: string) {
    super(`the embedded database is not running (${reason})`);
    this.name = 'EmbeddedThreadStoppedError';
  }
}

interface Reply {
  id?: number;
  data?: Uint8Array;
  error?: { message: string; name: string };
  ready?: true;
  failed?: { message: string; name: string };
}

function errorFrom(e: { message: string; name: string }): Error {
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/** Frontend messages answered only at the next Sync or Flush: Parse, Bind, Describe, Execute, Close. */
const DEFERRED = new Set([...'PBDEC'].map((c) => c.charCodeAt(0)));

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** Starts the thread and returns at once; `waitReady` says when the database is open. */
export function startPgliteThread(options: PgliteThreadOptions): PgliteThread {
  // Beside this module: src/store/pglite-worker.mjs from the sources, dist/pglite-worker.mjs
  // beside the compiled server (bin/compile.mjs).
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { pgdata: options.pgdata, initDir: options.initDir, extraStartParams: [...options.extraStartParams] },
  });
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  /** Deferred frontend messages (see execProtocolStream), sent with the next one that is answered. */
  const held: Uint8Array[] = [];
  let stopped: EmbeddedThreadStoppedError | undefined;
  let closing: Promise<void> | undefined;
  let markReady: () => void = () => undefined;
  let markFailed: (e: Error) => void = () => undefined;
  const waitReady = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  // A start that fails is reported through waitReady; nobody else needs to hear of it.
  waitReady.catch(() => undefined);

  const stop = (reason: string): void => {
    stopped ??= new EmbeddedThreadStoppedError(reason);
    markFailed(stopped);
    for (const w of waiting.values()) w.reject(stopped);
    waiting.clear();
  };
  worker.on('message', (m: Reply) => {
    if (m.ready === true) return markReady();
    if (m.failed !== undefined) return markFailed(errorFrom(m.failed));
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (w === undefined || m.id === undefined) return;
    waiting.delete(m.id);
    if (m.error !== undefined) w.reject(errorFrom(m.error));
    else w.resolve(m);
  });
  worker.on('error', (err) => stop(err.name));
  worker.on('exit', (code) => stop(closing === undefined ? `its thread ended with code ${code}` : 'closed'));

  const call = (message: { op: string; bytes?: Uint8Array }): Promise<Reply> => {
    if (stopped !== undefined) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<Reply>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      if (message.bytes === undefined) worker.postMessage({ ...message, id });
      else {
        // The thread gets its own copy; the caller's buffer may be a view into pg's writer.
        const own = new Uint8Array(message.bytes);
        worker.postMessage({ ...message, bytes: own, id }, [own.buffer]);
      }
    });
  };

  return {
    waitReady,
    get closed() {
      return stopped !== undefined || closing !== undefined;
    },
    async execProtocolStream(bytes) {
      // pg sends a statement as Parse, Bind, Describe, Execute and Sync, one call each; PostgreSQL
      // answers nothing until the Sync (or a Flush), so those before it wait here and go with it,
      // in one message to the thread instead of five.
      if (bytes.length > 0 && DEFERRED.has(bytes[0] ?? 0)) {
        held.push(new Uint8Array(bytes));
        return [];
      }
      const { data } = await call({ op: 'exec', bytes: held.length === 0 ? bytes : concat([...held.splice(0), bytes]) });
      const messages: unknown[] = [];
      if (data !== undefined && data.length > 0) new protocol.Parser().parse(data, (m: unknown) => void messages.push(m));
      return messages;
    },
    async dump() {
      const { data } = await call({ op: 'dump' });
      return data ?? new Uint8Array();
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    close() {
      closing ??= (async () => {
        try {
          if (stopped === undefined) await call({ op: 'close' });
        } finally {
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}
