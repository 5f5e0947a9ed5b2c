/**
 * How a lock file is judged (judgeLock), row by row, and the same rules on a real data dir:
 * a reused pid is taken over, another host's lock is refused with a way out, a corrupt lock is
 * taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DataDirLockedError,
  judgeLock,
  LOCK_FILE,
  processStartMs,
  readLock,
  type LockInfo,
  type LockProbe,
} from './data-dir-lock.js';

const LOCKED_AT = '2026-12-01T14:00:00.000Z';
const lockedAtMs = Date.parse(LOCKED_AT);
const lock = (extra: Partial<LockInfo> = {}): LockInfo => ({
  pid: 4242,
  hostname: 'here',
  command: 'kairos serve',
  startedAt: LOCKED_AT,
  ...extra,
});
const probe = (alive: boolean, startMs: number | undefined): LockProbe => ({
  hostname: 'here',
  isAlive: () => alive,
  processStartMs: () => startMs,
});

describe('judgeLock', () => {
  it.each([
    { row: 'no readable lock (missing, corrupt)', holder: undefined, probe: probe(true, undefined), verdict: 'stale' },
    { row: 'same host, dead pid', holder: lock(), probe: probe(false, undefined), verdict: 'stale' },
    {
      row: 'same host, live pid, the same process (started before the lock)',
      holder: lock(),
      probe: probe(true, lockedAtMs - 2_000),
      verdict: 'held',
    },
    { row: 'same host, live pid, start within the slack', holder: lock(), probe: probe(true, lockedAtMs + 1_000), verdict: 'held' },
    { row: 'same host, live pid reused by a later process', holder: lock(), probe: probe(true, lockedAtMs + 3_600_000), verdict: 'stale' },
    { row: 'same host, live pid, start time unknown (not Linux)', holder: lock(), probe: probe(true, undefined), verdict: 'held' },
    {
      row: 'same host, live pid, unparsable startedAt',
      holder: lock({ startedAt: 'garbage' }),
      probe: probe(true, lockedAtMs + 3_600_000),
      verdict: 'held',
    },
    {
      row: 'another host (alive or not: unknowable)',
      holder: lock({ hostname: 'elsewhere' }),
      probe: probe(false, undefined),
      verdict: 'other-host',
    },
  ] as const)('$row: $verdict', ({ holder, probe: p, verdict }) => {
    expect(judgeLock(holder, p)).toBe(verdict);
  });
});

describe('the lock on a real data dir', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dataDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'kairos-lock-'));
    dirs.push(d);
    return d;
  };
  const writeLock = (dir: string, content: string): void => writeFileSync(join(dir, LOCK_FILE), content, { mode: 0o600 });

  it.runIf(process.platform === 'linux')('reads when this process started', () => {
    const started = processStartMs(process.pid) as number;
    expect(started).toBeLessThanOrEqual(Date.now());
    expect(started).toBeGreaterThan(Date.now() - process.uptime() * 1000 - 10_000);
  });

  it.runIf(process.platform === 'linux')(
    'a lock whose pid now belongs to a newer process is taken over; its own holder is not',
    async () => {
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      children.push(child);
      await new Promise((r) => child.once('spawn', r));
      const pid = child.pid as number;
      const dir = dataDir();
      writeLock(
        dir,
        JSON.stringify({ pid, hostname: hostname(), command: 'kairos serve', startedAt: new Date(Date.now() - 3_600_000).toISOString() }),
      );
      const held = acquireDataDirLock(dir, 'kairos test');
      expect(readLock(dir)?.pid).toBe(process.pid);
      held.release();
      // The same live process, lock written after it started: held.
      writeLock(
        dir,
        JSON.stringify({ pid, hostname: hostname(), command: 'kairos serve', startedAt: new Date(Date.now() + 1_000).toISOString() }),
      );
      expect(() => acquireDataDirLock(dir, 'kairos test')).toThrow(DataDirLockedError);
    },
  );

  it('a lock from another host is refused with a message naming the host and how to clear it', () => {
    const dir = dataDir();
    writeLock(dir, JSON.stringify({ pid: 1234, hostname: 'clinic-old-pc', command: 'kairos serve', startedAt: LOCKED_AT }));
    let error: unknown;
    try {
      acquireDataDirLock(dir, 'kairos test');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    const message = (error as Error).message;
    expect(message).toContain('clinic-old-pc');
    expect(message).toContain(`If that host no longer uses this data dir, delete ${join(dir, LOCK_FILE)}`);
    expect(readLock(dir)?.hostname).toBe('clinic-old-pc'); // untouched
  });

  it.each([
    ['empty', ''],
    ['not JSON', '{"pid": 12'],
    ['JSON without a pid', '{"hostname":"x"}'],
    ['JSON null', 'null'],
  ])('a corrupt lock file (%s) is taken over', (_row, content) => {
    const dir = dataDir();
    writeLock(dir, content);
    const held = acquireDataDirLock(dir, 'kairos test');
    expect(readLock(dir)?.pid).toBe(process.pid);
    held.release();
  });
});
