/**
 * One process per embedded data dir. PGlite has no cross-process locking and silently loses
 * commits when two processes open one data dir, so the opener holds `kairos.lock` (JSON with its
 * pid, host and start time) inside the data dir. A second opener stops with a message naming the
 * holder; a lock left by a dead process (or whose pid now belongs to a newer process) is taken
 * over; a lock from another host is never taken over: the message says how to clear it.
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

/** The data dir is held by another live process, or by a process on another host. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      holder.hostname !== hostname()
        ? `The data dir ${dataDir} is locked by process ${holder.pid} on another host, ${holder.hostname} (${holder.command}, started ${holder.startedAt}). ` +
            `Kairos cannot check whether that process still runs. If that host no longer uses this data dir, delete ${join(dataDir, LOCK_FILE)} and start again.`
        : `The data dir ${dataDir} is in use by process ${holder.pid} (${holder.command}, started ${holder.startedAt}). ` +
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

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux architecture Node runs on). */
const USER_HZ = 100;

/**
 * When process `pid` started (ms since the epoch), on Linux from /proc/<pid>/stat and the boot
 * time in /proc/stat; undefined elsewhere or when it cannot be read.
 */
export function processStartMs(pid: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3; starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!Number.isFinite(ticks) || btime === null) return undefined;
    return Number(btime[1]) * 1000 + (ticks * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** What the opener can find out about the lock's holder. */
export interface LockProbe {
  hostname: string;
  isAlive: (pid: number) => boolean;
  /** When `pid` started (ms since the epoch), or undefined when unknown. */
  processStartMs: (pid: number) => number | undefined;
}

const SYSTEM_PROBE: LockProbe = { hostname: hostname(), isAlive, processStartMs };

/** Tolerance for clock-tick rounding and boot-time jitter when comparing start times. */
const START_SLACK_MS = 5_000;

/**
 * What a lock file means:
 * - `stale`: no readable holder, its process is gone, or its pid now belongs to a process that
 *   started after the lock was written (pid reused): it may be taken over;
 * - `held`: its process on this host is alive (when the start time cannot be read, alive is alive);
 * - `other-host`: written on another host, whose processes cannot be checked: never taken over.
 */
export function judgeLock(holder: LockInfo | undefined, probe: LockProbe = SYSTEM_PROBE): 'stale' | 'held' | 'other-host' {
  if (holder === undefined) return 'stale';
  if (holder.hostname !== probe.hostname) return 'other-host';
  if (!probe.isAlive(holder.pid)) return 'stale';
  const lockedAt = Date.parse(holder.startedAt);
  const started = probe.processStartMs(holder.pid);
  if (started !== undefined && Number.isFinite(lockedAt) && started > lockedAt + START_SLACK_MS) return 'stale';
  return 'held';
}

/** Reads the lock file, or undefined when there is none or it is unreadable. */
export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.pid === 'number' && typeof parsed.hostname === 'string'
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

/** The live holder of the data dir's lock, if any (not counting a stale lock). */
export function findLiveHolder(dataDir: string): LockInfo | undefined {
  const info = readLock(dataDir);
  return judgeLock(info) === 'held' ? info : undefined;
}

export interface HeldLock {
  readonly path: string;
  /** Adds fields (the server's URL) to the lock file. */
  update: (extra: Partial<LockInfo>) => void;
  release: () => void;
}

/** Takes the data dir's lock for this process, taking over a stale one. */
export function acquireDataDirLock(dataDir: string, command: string): HeldLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
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
      if (holder !== undefined && judgeLock(holder) !== 'stale') throw new DataDirLockedError(dataDir, holder);
      // Stale: its process is gone, its pid was reused, or the file is unreadable. Take it over.
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
