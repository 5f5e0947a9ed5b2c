import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { main } from '../main.js';

/** Runs `kairos ...args` with captured output. */
async function run(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string; json: unknown; error: { code: string; message: string } | undefined }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(args, io);
  const json: unknown = stdout.startsWith('{') ? JSON.parse(stdout) : undefined;
  const error = stderr === '' ? undefined : (JSON.parse(stderr) as { error: { code: string; message: string } }).error;
  return { code, stdout, stderr, json, error };
}

const zeros = (n: number): number[] => Array<number>(n).fill(0);
const csv = (a: readonly number[]): string => a.join(',');

describe('kairos score pcl5', () => {
  it('prints total, clusters and provisional PTSD with the default cutoff 33, exit 0', async () => {
    const answers = [2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 4, 4, 4, 4];
    const r = await run('score', 'pcl5', '--answers', csv(answers));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.json).toEqual({
      instrument: 'pcl5',
      total: 28,
      clusters: { B: 2, C: 2, D: 4, E: 20 },
      provisionalPtsd: { byCutoff: false, byClusterRule: true, cutoff: 33 },
    });
  });
  it.each([
    [32, false],
    [33, true],
  ])('total %i: byCutoff %s (bound inclusive)', async (total, byCutoff) => {
    const answers = zeros(20).map((_, i) => (i < Math.floor(total / 4) ? 4 : i === Math.floor(total / 4) ? total % 4 : 0));
    const r = await run('score', 'pcl5', '--answers', csv(answers));
    expect(r.json).toMatchObject({ total, provisionalPtsd: { byCutoff } });
  });
  it('a wrong count is INVALID_INPUT naming the missing item, exit 2, nothing on stdout', async () => {
    const r = await run('score', 'pcl5', '--answers', csv(zeros(19)));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.error?.code).toBe('INVALID_INPUT');
    expect(r.error?.message).toMatch(/item 20/);
  });
  it('an answer out of range is INVALID_INPUT naming the item', async () => {
    const answers = zeros(20);
    answers[6] = 5;
    const r = await run('score', 'pcl5', '--answers', csv(answers));
    expect(r.code).toBe(2);
    expect(r.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/item 7/) });
  });
});

describe('kairos score phq9', () => {
  it('9 values: total, severity and item9Positive', async () => {
    const r = await run('score', 'phq9', '--answers', '1,1,1,1,1,1,1,1,1');
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ instrument: 'phq9', total: 9, severity: 'mild', item9Positive: true });
  });
  it('10 values: the difficulty item is not in the total', async () => {
    const r = await run('score', 'phq9', '--answers', '3,3,3,1,0,0,0,0,0,3');
    expect(r.json).toEqual({ instrument: 'phq9', total: 10, severity: 'moderate', item9Positive: false });
  });
  it.each([
    ['3,3,3,3,3,2,2,0,0', 19, 'moderately-severe'],
    ['3,3,3,3,3,3,2,0,0', 20, 'severe'],
  ])('%s gives total %i, %s (band edge 19/20)', async (answers, total, severity) => {
    expect((await run('score', 'phq9', '--answers', answers)).json).toMatchObject({ total, severity });
  });
  it('a non-integer answer is INVALID_INPUT naming the item', async () => {
    const r = await run('score', 'phq9', '--answers', '0,0,1.5,0,0,0,0,0,0');
    expect(r.code).toBe(2);
    expect(r.error?.code).toBe('INVALID_INPUT');
    expect(r.error?.message).toMatch(/item 3/);
  });
  it('a value that is not a number is INVALID_INPUT naming the item', async () => {
    const r = await run('score', 'phq9', '--answers', '0,0,0,x,0,0,0,0,0');
    expect(r.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/item 4/) });
  });
  it('11 values is INVALID_INPUT naming item 11', async () => {
    const r = await run('score', 'phq9', '--answers', csv(zeros(11)));
    expect(r.error?.message).toMatch(/item 11/);
  });
});

describe('kairos score gad7', () => {
  it.each([
    ['1,1,1,1,0,0,0', 4, 'minimal'],
    ['1,1,1,1,1,0,0', 5, 'mild'],
    ['3,3,3,0,0,0,0', 9, 'mild'],
    ['3,3,3,1,0,0,0', 10, 'moderate'],
    ['3,3,3,3,2,0,0', 14, 'moderate'],
    ['3,3,3,3,3,0,0', 15, 'severe'],
  ])('%s gives total %i, %s', async (answers, total, severity) => {
    const r = await run('score', 'gad7', '--answers', answers);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ instrument: 'gad7', total, severity });
  });
  it('a negative answer is INVALID_INPUT naming the item (also when written --answers -1,...)', async () => {
    for (const args of [['--answers', '-1,0,0,0,0,0,0'], ['--answers=-1,0,0,0,0,0,0']]) {
      const r = await run('score', 'gad7', ...args);
      expect(r.code).toBe(2);
      expect(r.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/item 1/) });
    }
  });
});

describe('kairos score usage errors', () => {
  it.each([
    ['an unknown instrument', ['score', 'bdi', '--answers', '0']],
    ['no instrument', ['score', '--answers', '0']],
    ['an unknown option', ['score', 'gad7', '--answers', '0,0,0,0,0,0,0', '--cutoff', '30']],
    ['a missing --answers', ['score', 'gad7']],
    ['a stray argument', ['score', 'gad7', 'extra', '--answers', '0,0,0,0,0,0,0']],
  ])('%s is USAGE, exit 2', async (_t, args) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.error?.code).toBe('USAGE');
  });
  it('--help prints the usage, exit 0', async () => {
    const r = await run('score', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kairos score <pcl5\|phq9\|gad7>/);
  });
});
