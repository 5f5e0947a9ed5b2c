/**
 * A file that is not a whole Kairos backup is refused before anything is touched: not gzip,
 * truncated, corrupted, a gzip of something else, a tarball without a database. The current
 * database stays as it was, and the CLI says so in one line (no stack trace), exit non-zero.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnKairos, waitForExit } from '../../test/spawn.js';
import { checkBackup, InvalidBackupError, openEmbedded, PGDATA, restoreEmbedded } from './database.js';

/** A tar archive of one file (enough to look like a tarball without a database). */
function tarOf(name: string, content: string): Uint8Array {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write('0000644\0', 100);
  header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124);
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
  body.write(content);
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

describe('restoring a file that is not a valid backup', () => {
  let dir: string;
  let valid: Uint8Array;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kairos-restore-'));
    const database = await openEmbedded(dir, 'kairos test');
    try {
      await sql`CREATE TABLE marker (v text)`.execute(database.db);
      await sql`INSERT INTO marker VALUES ('before')`.execute(database.db);
      valid = await (database.dump as () => Promise<Uint8Array>)();
    } finally {
      await database.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a real backup passes the check', () => {
    expect(() => checkBackup(valid)).not.toThrow();
  });

  const flipped = (): Uint8Array => {
    const b = new Uint8Array(valid);
    const at = Math.floor(b.length / 2);
    b[at] = (b[at] as number) ^ 0xff;
    return b;
  };
  it.each([
    ['empty file', () => new Uint8Array(), /not a gzip file/],
    ['not gzip (text)', () => new TextEncoder().encode('hello, not a backup\n'), /not a gzip file/],
    ['truncated', () => valid.subarray(0, Math.floor(valid.length / 2)), /damaged/],
    ['a byte flipped in the middle', flipped, /damaged/],
    ['gzip of something else', () => gzipSync('just some text'), /no database in it/],
    ['a tarball without a database', () => gzipSync(tarOf('notes.txt', 'hello')), /no database in it/],
  ] as const)('%s: refused, the current database intact', async (_row, make, reason) => {
    const entriesBefore = readdirSync(dir).sort();
    const error = await restoreEmbedded(dir, make(), '20261201T140000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidBackupError);
    expect((error as Error).message).toMatch(reason);
    expect(readdirSync(dir).sort()).toEqual(entriesBefore);
    expect(existsSync(join(dir, `${PGDATA}.before-restore-20261201T140000`))).toBe(false);
  });

  it('after the refusals the database still opens with its data', async () => {
    const database = await openEmbedded(dir, 'kairos test');
    try {
      const r = await sql<{ v: string }>`SELECT v FROM marker`.execute(database.db);
      expect(r.rows).toEqual([{ v: 'before' }]);
    } finally {
      await database.close();
    }
  });

  it('kairos restore of a damaged file: one line naming the file, exit non-zero, nothing changed', async () => {
    const file = join(dir, '..', `kairos-damaged-${process.pid}.tar.gz`);
    writeFileSync(file, valid.subarray(0, 1000));
    try {
      const entriesBefore = readdirSync(dir).sort();
      const result = await waitForExit(spawnKairos(['restore', file], { KAIROS_DATA_DIR: dir, KAIROS_MODE: 'test', LOG_LEVEL: 'warn' }));
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toContain('is not a valid Kairos backup (damaged');
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir).sort()).toEqual(entriesBefore);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
