import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { main } from '../main.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kairos-km-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(['km', ...args], io);
  return { code, stdout, stderr };
}

interface KmOutput {
  n: number;
  events: number;
  median: { days: number | null; lower: number | null; upper: number | null };
  curve: { days: number; survival: number; lower: number | null; upper: number | null }[];
}

describe('kairos km', () => {
  it('events at days 1, 2, 3, 4: median 2 (no midpoint rule), curve at 0 and each event time', async () => {
    const path = await file('four.json', JSON.stringify([1, 2, 3, 4].map((days) => ({ days, event: true }))));
    const { code, stdout, stderr } = await run(['--input', path]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = JSON.parse(stdout) as KmOutput;
    expect(out.n).toBe(4);
    expect(out.events).toBe(4);
    expect(out.median).toEqual({ days: 2, lower: 1, upper: null });
    expect(out.curve.map((p) => [p.days, p.survival])).toEqual([
      [0, 1],
      [1, 0.75],
      [2, 0.5],
      [3, 0.25],
      [4, 0],
    ]);
  });

  it('censoring and ties (6-MP textbook data): median 23 days, CI 16 to not reached', async () => {
    const data: [number, boolean][] = [
      [6, true],
      [6, true],
      [6, true],
      [6, false],
      [7, true],
      [9, false],
      [10, true],
      [10, false],
      [11, false],
      [13, true],
      [16, true],
      [17, false],
      [19, false],
      [20, false],
      [22, true],
      [23, true],
      [25, false],
      [32, false],
      [32, false],
      [34, false],
      [35, false],
    ];
    const path = await file('6mp.json', JSON.stringify(data.map(([days, event]) => ({ days, event }))));
    const out = JSON.parse((await run(['--input', path])).stdout) as KmOutput;
    expect(out).toMatchObject({ n: 21, events: 9, median: { days: 23, lower: 16, upper: null } });
    expect(out.curve.map((p) => p.days)).toEqual([0, 6, 7, 10, 13, 16, 22, 23]);
    expect(out.curve[1]?.survival).toBeCloseTo(0.8571, 4);
    expect(out.curve[7]?.survival).toBeCloseTo(0.4482, 4);
  });

  it('all censored: median and its CI are null; the curve has only the point at 0', async () => {
    const path = await file('censored.json', JSON.stringify([{ days: 30, event: false }]));
    const out = JSON.parse((await run(['--input', path])).stdout) as KmOutput;
    expect(out.median).toEqual({ days: null, lower: null, upper: null });
    expect(out.curve).toEqual([expect.objectContaining({ days: 0, survival: 1 })]);
  });

  it('a missing --input is USAGE; an unknown option is USAGE', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'USAGE' } });
    expect(JSON.parse((await run(['--input', 'x', '--bogus'])).stderr).error.code).toBe('USAGE');
  });

  it.each([
    ['not-json.json', '{nope'],
    ['wrong-shape.json', JSON.stringify({ days: 3, event: true })],
    ['negative.json', JSON.stringify([{ days: -1, event: true }])],
    ['string-event.json', JSON.stringify([{ days: 3, event: 'yes' }])],
  ])('%s is INVALID_INPUT', async (name, content) => {
    const r = await run(['--input', await file(name, content)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('an unreadable file is INVALID_INPUT', async () => {
    const r = await run(['--input', join(dir, 'does-not-exist.json')]);
    expect(JSON.parse(r.stderr).error.code).toBe('INVALID_INPUT');
  });
});
