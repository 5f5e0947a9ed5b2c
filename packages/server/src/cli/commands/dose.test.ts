import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { main } from '../main.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(['dose', ...args], io);
  return { code, stdout, stderr };
}

/** Options of a dose; pass overrides as option name -> value (undefined drops the option). */
function opts(overrides: Record<string, string | undefined> = {}): string[] {
  const all: Record<string, string | undefined> = {
    'weight-kg': '82',
    'mg-per-kg': '0.5',
    minutes: '40',
    'vial-mg-per-ml': '10',
    'diluent-ml': '100',
    ...overrides,
  };
  return Object.entries(all).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, v]));
}

async function ok(args: string[]) {
  const r = await run(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function refused(args: string[]) {
  const r = await run(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const body = JSON.parse(r.stderr) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

describe('kairos dose: the contract examples', () => {
  it('the issue example: 82 kg, 0.5 mg/kg, 40 min, 10 mg/mL, 100 mL gives 41, 4.1, 104.1, 156.2 (156.15 rounds up)', async () => {
    const out = await ok(opts());
    expect(out).toMatchObject({ doseMg: 41, drawnVolumeMl: 4.1, bagTotalMl: 104.1, rateMlPerHour: 156.2 });
  });
  it('the issue example with a weight 11 days old at --as-of is accepted', async () => {
    const out = await ok([...opts(), '--weight-measured-on', '2026-11-20', '--as-of', '2026-12-01']);
    expect(out).toMatchObject({ doseMg: 41, drawnVolumeMl: 4.1, bagTotalMl: 104.1, rateMlPerHour: 156.2, weightAgeDays: 11 });
  });
  it('80.3 kg x 0.5 = 40.15 -> 40.2 mg', async () => {
    expect((await ok(opts({ 'weight-kg': '80.3' }))).doseMg).toBe(40.2);
  });
  it('201 kg x 0.5 = 100.5 mg at 100 mg/mL -> 1.005 -> 1.01 mL', async () => {
    const out = await ok(opts({ 'weight-kg': '201', 'vial-mg-per-ml': '100' }));
    expect(out).toMatchObject({ doseMg: 100.5, drawnVolumeMl: 1.01, bagTotalMl: 101.01 });
  });
  it('no --diluent-ml means a syringe pump, the same as --diluent-ml 0', async () => {
    const out = await ok(opts({ 'weight-kg': '70', 'diluent-ml': undefined }));
    expect(out).toMatchObject({ doseMg: 35, drawnVolumeMl: 3.5, bagTotalMl: 3.5, rateMlPerHour: 5.3 });
  });

  it('70 kg, no diluent (syringe pump): 35.0 mg, 3.50 mL, 3.50 mL, 5.25 -> 5.3 mL/h', async () => {
    const out = await ok(opts({ 'weight-kg': '70', 'diluent-ml': '0' }));
    expect(out).toMatchObject({ doseMg: 35, drawnVolumeMl: 3.5, bagTotalMl: 3.5, rateMlPerHour: 5.3, pump: 'syringe' });
  });
  it('82 kg syringe pump: 4.1 mL over 40 min = 6.15 -> 6.2 mL/h', async () => {
    expect((await ok(opts({ 'diluent-ml': '0' }))).rateMlPerHour).toBe(6.2);
  });
  it('prints the inputs and limits beside the four numbers', async () => {
    const out = await ok(opts());
    expect(out['inputs']).toEqual({ weightKg: 82, mgPerKg: 0.5, minutes: 40, vialMgPerMl: 10, diluentMl: 100 });
    expect(out['limits']).toMatchObject({ maximumMgPerKg: 1, weightMaxAgeDays: 30 });
  });
});

describe('kairos dose: boundaries', () => {
  it.each([
    ['weight 30 kg accepted', { 'weight-kg': '30' }],
    ['weight 250 kg accepted', { 'weight-kg': '250' }],
    ['20 min accepted', { minutes: '20' }],
    ['120 min accepted', { minutes: '120' }],
    ['exactly the site maximum 1.0 mg/kg accepted', { 'mg-per-kg': '1.0' }],
    ['exactly the minimum 0.1 mg/kg accepted', { 'mg-per-kg': '0.1' }],
    ['50 mg/mL accepted', { 'vial-mg-per-ml': '50' }],
  ])('%s', async (_title, o) => {
    await ok(opts(o));
  });
  it('a weight exactly 30 days old is accepted; 31 days is WEIGHT_STALE', async () => {
    await ok([...opts(), '--weight-measured-on', '2026-11-01', '--as-of', '2026-12-01']);
    expect((await refused([...opts(), '--weight-measured-on', '2026-10-31', '--as-of', '2026-12-01'])).code).toBe('WEIGHT_STALE');
  });
});

describe('kairos dose: refusals', () => {
  it.each([
    ['weight 29.99 kg', opts({ 'weight-kg': '29.99' }), 'WEIGHT_IMPLAUSIBLE'],
    ['weight 250.01 kg', opts({ 'weight-kg': '250.01' }), 'WEIGHT_IMPLAUSIBLE'],
    ['19 min', opts({ minutes: '19' }), 'DURATION_OUT_OF_RANGE'],
    ['121 min', opts({ minutes: '121' }), 'DURATION_OUT_OF_RANGE'],
    ['vial 25 mg/mL', opts({ 'vial-mg-per-ml': '25' }), 'VIAL_UNKNOWN'],
    ['1.01 mg/kg above the site maximum', opts({ 'mg-per-kg': '1.01' }), 'DOSE_ABOVE_MAXIMUM'],
    ['0.09 mg/kg below the minimum', opts({ 'mg-per-kg': '0.09' }), 'DOSE_BELOW_MINIMUM'],
    ['100 mg/mL undiluted', opts({ 'weight-kg': '70', 'vial-mg-per-ml': '100', 'diluent-ml': '0' }), 'UNDILUTED_IV'],
    [
      '100 mg/mL with diluent 0.34 mL < 0.35 mL drawn',
      opts({ 'weight-kg': '70', 'vial-mg-per-ml': '100', 'diluent-ml': '0.34' }),
      'UNDILUTED_IV',
    ],
    ['mg/kg of 0', opts({ 'mg-per-kg': '0' }), 'INVALID_INPUT'],
    ['mg/kg of -0.5', opts({ 'mg-per-kg': '-0.5' }), 'INVALID_INPUT'],
    ['a non-number weight', opts({ 'weight-kg': '82kg' }), 'INVALID_INPUT'],
    ['a non-number vial', opts({ 'vial-mg-per-ml': 'ten' }), 'INVALID_INPUT'],
    ['--weight-measured-on without --as-of', [...opts(), '--weight-measured-on', '2026-11-20'], 'INVALID_INPUT'],
    ['a malformed date', [...opts(), '--weight-measured-on', '2026-11-31', '--as-of', '2026-12-01'], 'INVALID_INPUT'],
    ['a weight measured after --as-of', [...opts(), '--weight-measured-on', '2026-12-02', '--as-of', '2026-12-01'], 'INVALID_INPUT'],
    ['a missing --weight-kg', opts({ 'weight-kg': undefined }), 'USAGE'],
    ['an unknown option', [...opts(), '--rate', '5'], 'USAGE'],
  ])('%s: %s', async (_title, args, code) => {
    expect((await refused(args)).code).toBe(code);
  });

  it('checks in the contract order: the first that applies wins', async () => {
    const bad = { 'weight-kg': '300', 'mg-per-kg': '2', minutes: '10', 'vial-mg-per-ml': '25', 'diluent-ml': '0' };
    const stale = ['--weight-measured-on', '2026-01-01', '--as-of', '2026-12-01'];
    expect((await refused([...opts({ ...bad, 'mg-per-kg': 'x' }), ...stale])).code).toBe('INVALID_INPUT');
    expect((await refused([...opts(bad), ...stale])).code).toBe('VIAL_UNKNOWN');
    expect((await refused([...opts({ ...bad, 'vial-mg-per-ml': '100' }), ...stale])).code).toBe('DURATION_OUT_OF_RANGE');
    expect((await refused([...opts({ ...bad, 'vial-mg-per-ml': '100', minutes: '40' }), ...stale])).code).toBe('WEIGHT_IMPLAUSIBLE');
    const fine = { ...bad, 'vial-mg-per-ml': '100', minutes: '40', 'weight-kg': '70' };
    expect((await refused([...opts(fine), ...stale])).code).toBe('WEIGHT_STALE');
    const fresh = ['--weight-measured-on', '2026-11-30', '--as-of', '2026-12-01'];
    expect((await refused([...opts({ ...fine, 'mg-per-kg': '0.05' }), ...fresh])).code).toBe('DOSE_BELOW_MINIMUM');
    expect((await refused([...opts(fine), ...fresh])).code).toBe('DOSE_ABOVE_MAXIMUM');
    expect((await refused([...opts({ ...fine, 'mg-per-kg': '0.5' }), ...fresh])).code).toBe('UNDILUTED_IV');
  });

  it('the message names the option for invalid input', async () => {
    expect((await refused(opts({ 'mg-per-kg': '0' }))).message).toMatch(/^--mg-per-kg/);
  });
});

describe('kairos dose: repeated options and negative numbers (cli-contract.md "All subcommands")', () => {
  it.each([
    ['--diluent-ml -5', opts({ 'diluent-ml': '-5' }), '--diluent-ml'],
    ['--weight-kg -82', opts({ 'weight-kg': '-82' }), '--weight-kg'],
    ['--minutes -40', opts({ minutes: '-40' }), '--minutes'],
    ['--vial-mg-per-ml -10', opts({ 'vial-mg-per-ml': '-10' }), '--vial-mg-per-ml'],
    ['--weight-kg 80 --weight-kg 90', [...opts({ 'weight-kg': '80' }), '--weight-kg', '90'], '--weight-kg'],
    ['--minutes 40 --minutes 40', [...opts(), '--minutes', '40'], '--minutes'],
  ])('%s is INVALID_INPUT naming the option', async (_title, args, option) => {
    const e = await refused(args);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain(option);
  });
  it('every label strength is stocked by default: the contract is unchanged (10, 50 and 100 mg/mL accepted)', async () => {
    for (const vial of ['10', '50', '100']) await ok(opts({ 'vial-mg-per-ml': vial }));
  });
});
