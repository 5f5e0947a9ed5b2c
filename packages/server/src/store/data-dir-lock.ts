/**
 * One process per embedded data dir. PGlite has no cross-process locking and silently loses
 * commits when two processes open one data dir, so the opener holds `kairos.lock` (JSON with its
 * pid) inside the data dir. A second opener stops with a message naming the holder; a lock left
 * by a dead process is taken over.
 *
 * @module
 */
import { mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'kairos.lock';

/** What the lock file says about its holder. */
export interface LockInfo {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
  /** Where the holder serves HTTP, once it listens; lets CLI commands go through it. */
  url?: string;
  /** A secret that proves to the holding server that a CLI caller can read the data dir. */
  adminToken?: string;
}

/** The data dir is held by another live process. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The data dir ${dataDir} is in use by process ${holder.pid} (${holder.command}, started ${holder.startedAt}). ` +
        'Only one process may open the embedded database: stop that process first, or use a command that goes through the running server.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the lock file, or undefined when there is none or it is unreadable. */
export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The live holder of the data dir's lock, if any (not counting a stale lock). */
export function findLiveHolder(dataDir: string): LockInfo | undefined {
  const info = readLock(dataDir);
  return info !== undefined && info.hostname === hostname() && isAlive(info.pid) ? info : undefined;
}

export interface HeldLock {
  readonly path: string;
  /** Adds fields (the server's URL) to the lock file. */
  update: (extra: Partial<LockInfo>) => void;
  release: () => void;
}

/** Takes the data dir's lock for this process, taking over a stale one. */
export function acquireDataDirLock(dataDir: string, command: string): HeldLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  // The lock records when this process started on the machine's own clock, not the app clock.
  // eslint-disable-next-line no-restricted-syntax
  let info: LockInfo = { pid: process.pid, hostname: hostname(), command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeFileSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      return {
        path,
        update(extra) {
          info = { ...info, ...extra };
          const tmp = `${path}.${process.pid}.tmp`;
          writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
          renameSync(tmp, path);
        },
        release() {
          if (released) return;
          released = true;
          const current = readLock(dataDir);
          if (current?.pid === process.pid) unlinkSync(path);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir);
      if (holder !== undefined && holder.hostname === hostname() && isAlive(holder.pid)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      if (holder !== undefined && holder.hostname !== hostname()) {
        throw new DataDirLockedError(dataDir, holder);
      }
      // Stale: its process is gone (or the file is unreadable). Take it over.
      try {
        unlinkSync(path);
      } catch {
        // Another process took it over first; the next attempt will see its lock.
      }
    }
  }
  const holder = readLock(dataDir);
  throw holder === undefined ? new Error(`cannot take the lock ${path}`) : new DataDirLockedError(dataDir, holder);
}
