// The embedded database's own thread (issue 21): PGlite runs PostgreSQL as WebAssembly, and each
// statement runs synchronously on the thread that calls it. Here that is this worker thread, so the
// server's event loop keeps answering health checks, alarms and live streams while a statement
// runs, and the server's modules load while this thread opens the database at start.
//
// Plain JavaScript so that it runs the same from the sources (tests) and beside the compiled
// server (bin/compile.mjs compiles it to dist/pglite-worker.mjs); it needs nothing but PGlite.
//
// Messages from the server (store/pglite-thread.ts):
//   { op: 'exec', id, bytes }  one or more frontend protocol messages; answered { id, data } with
//                              the backend's raw reply (parsed by the server, as pg parses a socket)
//   { op: 'dump', id }         answered { id, data }: a gzip tarball of the data dir
//   { op: 'close', id }        closes PostgreSQL (its files hold every commit); answered { id }
// Any failure is answered { id, error: { message, name } }. The start is answered once:
// { ready: true } or { failed: { message, name } }.
import { existsSync, renameSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';

/** @type {{ pgdata: string, initDir: string, extraStartParams: string[] }} */
const { pgdata, initDir, extraStartParams } = workerData;

function describe(err) {
  return { message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'Error' };
}

/** Sends `data` (a fresh copy, so its buffer can move to the server without copying again). */
function reply(id, data) {
  const own = new Uint8Array(data);
  parentPort.postMessage({ id, data: own }, [own.buffer]);
}

// PostgreSQL's WebAssembly runs on V8's baseline compiler only. With the optimising tier, V8
// recompiles the hot functions on background threads as the database opens, competing with the
// server's own start on a small machine, and this thread then waits about 0.3 s for that work to
// finish before its first statement: a restart took 1.8-2.2 s against 1.4 s this way. Measured with
// `npm run bench` (issue 21): single readings were no slower; batches of 100 were about a quarter
// slower and still three times the target. The flag is process-wide; PGlite is the server's only
// WebAssembly. It must be set before PGlite compiles its module, hence the import below.
setFlagsFromString('--liftoff-only');
const { PGlite } = await import('@electric-sql/pglite');

let db;
try {
  // First start: made in a temporary directory and renamed into place only when complete (the
  // server removed any leftover of an interrupted first start before starting this thread).
  if (!existsSync(pgdata)) {
    const fresh = await PGlite.create(initDir);
    await fresh.query('CHECKPOINT');
    await fresh.close();
    renameSync(initDir, pgdata);
  }
  db = await PGlite.create(pgdata, { startParams: [...PGlite.defaultStartParams, ...extraStartParams] });
} catch (err) {
  parentPort.postMessage({ failed: describe(err) });
  process.exit(0);
}

// One message at a time, in order: PGlite runs one statement at a time anyway, and a close must
// come after everything sent before it.
let queue = Promise.resolve();
parentPort.on('message', (m) => {
  queue = queue.then(async () => {
    try {
      if (m.op === 'exec') reply(m.id, await db.execProtocolRaw(m.bytes));
      else if (m.op === 'dump') reply(m.id, new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer()));
      else if (m.op === 'close') {
        if (!db.closed) await db.close();
        parentPort.postMessage({ id: m.id });
      } else parentPort.postMessage({ id: m.id, error: { message: `unknown operation ${String(m.op)}`, name: 'Error' } });
    } catch (err) {
      parentPort.postMessage({ id: m.id, error: describe(err) });
    }
  });
});
parentPort.postMessage({ ready: true });
