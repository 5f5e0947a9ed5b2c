/**
 * The first steps of opening the embedded database, kept in a module of their own so that the
 * `kairos serve` command can take them before the rest of the server has loaded (bin/kairos.mjs,
 * cli/early-start.ts): the data dir made private, its lock taken, leftovers of an interrupted
 * first start removed, and PGlite's thread started. The server's modules then load on one core
 * while the database opens on the other, and `openEmbedded` adopts what was started.
 *
 * @module
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { acquireDataDirLock, type HeldLock } from './data-dir-lock.js';
import { startPgliteThread, type PgliteThread } from './pglite-thread.js';
import { ensurePrivateDir } from './private-files.js';

/** The folder inside the data dir that holds PGlite's PostgreSQL cluster. */
export const PGDATA = 'pgdata';

/**
 * PostgreSQL's buffer cache inside PGlite: 32 MB instead of the 128 MB that initdb writes into
 * postgresql.conf. PGlite touches the whole pool at start, so each MB is a MB of resident memory
 * whether or not it holds data: 32 MB keeps 100 MB less resident than 128 (the server idled at
 * 465 MB) and opens with 0.3 s less CPU. Pages beyond it are read back from the operating
 * system's file cache. A start parameter, so the setting lives in the code, not in the data dir.
 */
export const EMBEDDED_SHARED_BUFFERS = '32MB';

/** Start parameters added to PGlite's own (PGlite.defaultStartParams, added by the thread). */
const EMBEDDED_START_PARAMS = ['-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`];

export interface StartedEmbedded {
  readonly dataDir: string;
  readonly command: string;
  readonly lock: HeldLock;
  readonly thread: PgliteThread;
}

/**
 * Takes the data dir's lock and starts PGlite's thread, which opens (or first creates) the
 * database; returns at once. Throws DataDirLockedError when another live process holds the lock.
 */
export function beginEmbedded(dataDir: string, command: string): StartedEmbedded {
  ensurePrivateDir(dataDir);
  const lock = acquireDataDirLock(dataDir, command);
  try {
    // Leftovers of interrupted first starts: safe to remove, we hold the lock.
    for (const entry of readdirSync(dataDir)) {
      if (entry.startsWith(`${PGDATA}.init-`)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    }
    const thread = startPgliteThread({
      pgdata: join(dataDir, PGDATA),
      initDir: join(dataDir, `${PGDATA}.init-${process.pid}`),
      extraStartParams: EMBEDDED_START_PARAMS,
    });
    return { dataDir, command, lock, thread };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * Where an early start waits to be adopted: a process-wide slot, because the early start and the
 * server are compiled into separate files (bin/compile.mjs) that share no module state.
 */
const EARLY = Symbol.for('kairos.embedded-started-early');
type EarlySlot = { [EARLY]?: StartedEmbedded };

/**
 * Keeps `started` for `takeEarlyEmbedded`. Meanwhile its thread does not keep the process alive,
 * and a process that ends without adopting it (a configuration error, say) releases the lock.
 */
export function keepEarlyEmbedded(started: StartedEmbedded): void {
  started.thread.unref();
  (globalThis as EarlySlot)[EARLY] = started;
  process.once('exit', () => {
    if ((globalThis as EarlySlot)[EARLY] === started) started.lock.release();
  });
}

/** The early start for this data dir and command, if there is one; it is the caller's from now on. */
export function takeEarlyEmbedded(dataDir: string, command: string): StartedEmbedded | undefined {
  const slot = globalThis as EarlySlot;
  const started = slot[EARLY];
  if (started === undefined || started.dataDir !== dataDir || started.command !== command) return undefined;
  delete slot[EARLY];
  started.thread.ref();
  return started;
}
