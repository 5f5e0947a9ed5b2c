/**
 * Nothing acknowledged is lost: a writer process is killed with SIGKILL while writes are in
 * flight, several times; after each kill the database reopens and every write the writer had
 * acknowledged (printed after its commit returned) is there. On PGlite and on PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, describeOnPostgres } from '../../test/engines.js';
import { spawnTs, waitForExit } from '../../test/spawn.js';
import { openEmbedded, openPostgres, type Database } from './database.js';

// Rounds of write-and-kill: 3 on a developer's machine, 1 in CI (each round starts a process, seconds
// of CI's two cores; .ci/run sets it), 10 in `npm run test:long`.
const ROUNDS = Math.max(1, Number(process.env.KAIROS_KILL_ROUNDS ?? 3));

/** Runs the writer until it has acknowledged at least `target` writes, then SIGKILLs it. */
async function writeThenKill(env: Record<string, string>, target: number): Promise<number[]> {
  const child = spawnTs('test/fixtures/write-stream.ts', env);
  const acked: number[] = [];
  let buffer = '';
  const done = waitForExit(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (/^\d+$/.test(line)) acked.push(Number(line));
      }
      if (acked.length >= target && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited early with ${code}`))));
  });
  const result = await done;
  expect(result.signal).toBe('SIGKILL');
  return acked;
}

async function storedIds(database: Database): Promise<Set<number>> {
  const r = await sql<{ id: number }>`SELECT id FROM durability_probe`.execute(database.db);
  return new Set(r.rows.map((row) => row.id));
}

function runRounds(open: () => Promise<Database>, env: () => Record<string, string>): void {
  it(
    `every acknowledged write survives SIGKILL, ${ROUNDS} times in a row`,
    async () => {
      const acknowledged: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        acknowledged.push(...(await writeThenKill(env(), 40 + (round % 3) * 35)));
        const database = await open();
        try {
          const stored = await storedIds(database);
          const lost = acknowledged.filter((id) => !stored.has(id));
          expect(lost, `round ${round + 1}: acknowledged writes lost`).toEqual([]);
        } finally {
          await database.close();
        }
      }
      expect(acknowledged.length).toBeGreaterThanOrEqual(40 * ROUNDS);
    },
    40_000 * ROUNDS,
  );
}

describe('durability under SIGKILL [pglite]', () => {
  let dataDir = '';
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kairos-kill-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  runRounds(
    () => openEmbedded(dataDir, 'durability check'),
    () => ({ KAIROS_DATA_DIR: dataDir }),
  );
});

describeOnPostgres('durability under SIGKILL', (baseUrl) => {
  let scratch: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    scratch = await createScratchPostgres(baseUrl());
  });
  afterAll(async () => scratch?.drop());
  runRounds(
    () => openPostgres((scratch as { url: string }).url),
    () => ({ DATABASE_URL: (scratch as { url: string }).url }),
  );
});
