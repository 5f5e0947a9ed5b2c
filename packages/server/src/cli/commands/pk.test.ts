import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { main } from '../main.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(['pk', ...args], io);
  return { code, stdout, stderr };
}

interface PkOutput {
  model: string;
  estimate: string;
  peak: { minute: number; ngPerMl: number };
  samples: { minute: number; ngPerMl: number }[];
}

const EXAMPLE = ['--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '240'];

describe('kairos pk', () => {
  it('70 kg, 0.5 mg/kg over 40 min: the contract values at 10, 30, 40 (peak), 60, 120, 240 min', async () => {
    const { code, stdout, stderr } = await run(EXAMPLE);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = JSON.parse(stdout) as PkOutput;
    expect(out.model).toBe('domino');
    expect(out.estimate).toBe('population-model');
    expect(out.peak).toEqual({ minute: 40, ngPerMl: 240.3 });
    const at = (m: number) => out.samples.find((s) => s.minute === m)?.ngPerMl;
    expect([10, 30, 40, 60, 120, 240].map(at)).toEqual([181.8, 226.5, 240.3, 55.1, 35.8, 17.3]);
  });

  it('one sample per whole minute from 0 to --until-minutes inclusive, starting at {"minute":0,"ngPerMl":0}', async () => {
    const out = JSON.parse((await run(EXAMPLE)).stdout) as PkOutput;
    expect(out.samples).toHaveLength(241);
    expect(out.samples.map((s) => s.minute)).toEqual(Array.from({ length: 241 }, (_, i) => i));
    expect(out.samples[0]).toEqual({ minute: 0, ngPerMl: 0 });
    for (const s of out.samples) expect(Math.round(s.ngPerMl * 10) / 10).toBe(s.ngPerMl);
  });

  it('the peak is the largest sample, the earliest if equal; before the infusion ends it is the last sample', async () => {
    const out = JSON.parse(
      (await run(['--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '20'])).stdout,
    ) as PkOutput;
    expect(out.peak.minute).toBe(20);
    expect(out.peak.ngPerMl).toBe(Math.max(...out.samples.map((s) => s.ngPerMl)));
  });

  it('--until-minutes 0 gives one sample and a peak of 0 at minute 0', async () => {
    const out = JSON.parse(
      (await run(['--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '0'])).stdout,
    ) as PkOutput;
    expect(out.samples).toEqual([{ minute: 0, ngPerMl: 0 }]);
    expect(out.peak).toEqual({ minute: 0, ngPerMl: 0 });
  });

  it.each([
    ['a missing --until-minutes', ['--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '40']],
    ['a missing --weight-kg', ['--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '60']],
    ['an unknown option', [...EXAMPLE, '--bolus', '1']],
    ['a stray argument', [...EXAMPLE, 'extra']],
  ])('%s is USAGE, exit 2, JSON on stderr', async (_t, args) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect((JSON.parse(stderr) as { error: { code: string } }).error.code).toBe('USAGE');
  });

  it.each([
    [
      'a weight that is not a number',
      ['--weight-kg', 'seventy', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '60'],
      'weight-kg',
    ],
    ['a weight of 0', ['--weight-kg', '0', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '60'], 'weight-kg'],
    ['a negative weight', ['--weight-kg', '-70', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '60'], 'weight-kg'],
    ['a dose of 0 mg/kg', ['--weight-kg', '70', '--mg-per-kg', '0', '--minutes', '40', '--until-minutes', '60'], 'mg-per-kg'],
    ['a duration of 0 min', ['--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '0', '--until-minutes', '60'], 'minutes'],
    [
      'a fractional --until-minutes',
      ['--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '60.5'],
      'until-minutes',
    ],
    [
      'a negative --until-minutes',
      ['--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '-1'],
      'until-minutes',
    ],
    [
      'an --until-minutes over one week',
      ['--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '10081'],
      'until-minutes',
    ],
  ])('%s is INVALID_INPUT naming the option, exit 2', async (_t, args, option) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const err = (JSON.parse(stderr) as { error: { code: string; message: string } }).error;
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain(`--${option}`);
  });

  it('--help prints the usage on stdout', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('kairos pk');
  });
});
