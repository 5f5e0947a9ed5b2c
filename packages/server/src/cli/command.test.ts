import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError, parseNumberOption, parseOptions, type CliIo } from './command.js';
import { main } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'kairos-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const screenFile = join(dir, 'screen.json');
writeFileSync(screenFile, JSON.stringify({ asOf: '2026-12-01' }));
const kmFile = join(dir, 'km.json');
writeFileSync(kmFile, JSON.stringify({ durations: [{ days: 1, event: true }] }));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function refused(args: string[]) {
  const r = await run(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  return (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;
}

const DOSE = ['dose', '--weight-kg', '82', '--mg-per-kg', '0.5', '--minutes', '40', '--vial-mg-per-ml', '10', '--diluent-ml', '100'];
const PK = ['pk', '--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '40', '--until-minutes', '10'];

function replace(args: readonly string[], option: string, value: string): string[] {
  const i = args.indexOf(`--${option}`);
  return [...args.slice(0, i + 1), value, ...args.slice(i + 2)];
}

describe('every command: an option given twice is INVALID_INPUT naming it', () => {
  it.each([
    ['dose --weight-kg', [...DOSE, '--weight-kg', '90'], '--weight-kg'],
    ['dose --diluent-ml (the same value twice)', [...DOSE, '--diluent-ml', '100'], '--diluent-ml'],
    ['dose --as-of', [...DOSE, '--weight-measured-on', '2026-11-20', '--as-of', '2026-12-01', '--as-of', '2026-12-02'], '--as-of'],
    ['dose --weight-kg=90 after --weight-kg 80', [...replace(DOSE, 'weight-kg', '80'), '--weight-kg=90'], '--weight-kg'],
    ['pk --until-minutes', [...PK, '--until-minutes', '20'], '--until-minutes'],
    ['screen --input', ['screen', '--input', screenFile, '--input', screenFile], '--input'],
    ['km --input', ['km', '--input', kmFile, '--input', kmFile], '--input'],
    ['score --answers', ['score', 'gad7', '--answers', '0,0,0,0,0,0,0', '--answers', '1,1,1,1,1,1,1'], '--answers'],
    ['schedule --start', ['schedule', '--template', 'maintenance-1', '--start', '2026-12-07', '--start', '2026-12-08'], '--start'],
    [
      'schedule --template',
      ['schedule', '--template', 'maintenance-1', '--template', 'retreat-5-day', '--start', '2026-12-07'],
      '--template',
    ],
    ['serve --port (refused before anything starts)', ['serve', '--port', '0', '--port', '1'], '--port'],
  ])('%s', async (_title, args, option) => {
    const e = await refused(args);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain(option);
  });
  it('an unknown option is still USAGE, also beside a duplicate', async () => {
    expect((await refused([...DOSE, '--rate', '5'])).code).toBe('USAGE');
    expect((await refused([...DOSE, '--rate', '5', '--weight-kg', '90'])).code).toBe('USAGE');
  });
});

describe('every command: a negative or non-numeric number is INVALID_INPUT naming the option, never USAGE', () => {
  it.each([
    ['dose', DOSE, 'weight-kg', '-82'],
    ['dose', DOSE, 'mg-per-kg', '-0.5'],
    ['dose', DOSE, 'minutes', '-40'],
    ['dose', DOSE, 'vial-mg-per-ml', '-10'],
    ['dose', DOSE, 'diluent-ml', '-5'],
    ['dose', DOSE, 'diluent-ml', '-0.01'],
    ['dose', DOSE, 'diluent-ml', '-.5'],
    ['dose', DOSE, 'diluent-ml', '-x'],
    ['dose', DOSE, 'diluent-ml', 'five'],
    ['dose', DOSE, 'diluent-ml', '5ml'],
    ['dose', DOSE, 'weight-kg', 'Infinity'],
    ['dose', DOSE, 'weight-kg', '1e999'],
    ['pk', PK, 'weight-kg', '-70'],
    ['pk', PK, 'mg-per-kg', '-1'],
    ['pk', PK, 'minutes', '-40'],
    ['pk', PK, 'until-minutes', '-10'],
    ['pk', PK, 'until-minutes', 'ten'],
    ['dose', DOSE, 'weight-kg', ''],
    ['dose', DOSE, 'weight-kg', '-'],
    ['dose', DOSE, 'weight-kg', '--82'],
    ['dose', DOSE, 'diluent-ml', ''],
    ['pk', PK, 'minutes', ''],
    ['pk', PK, 'weight-kg', '--70'],
  ])('%s --%s %s', async (_command, args, option, value) => {
    const e = await refused(replace(args, option, value));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain(`--${option}`);
  });
  it('the contract example: kairos dose --diluent-ml -5', async () => {
    const e = await refused(replace(DOSE, 'diluent-ml', '-5'));
    expect(e).toEqual({ code: 'INVALID_INPUT', message: '--diluent-ml: -5 must not be negative' });
  });
  it('--option=-5 is refused the same way', async () => {
    const args = DOSE.filter((a, i) => a !== '--diluent-ml' && DOSE[i - 1] !== '--diluent-ml');
    expect(await refused([...args, '--diluent-ml=-5'])).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('--diluent-ml') as unknown,
    });
  });
  it.each([['-1'], ['3.5'], ['port']])('serve --port %s is INVALID_INPUT before anything starts', async (value) => {
    expect((await refused(['serve', '--port', value])).code).toBe('INVALID_INPUT');
  });
  it('a missing value (the next word is an option) stays USAGE', async () => {
    expect((await refused(['dose', '--weight-kg', '--mg-per-kg', '0.5', '--minutes', '40', '--vial-mg-per-ml', '10'])).code).toBe('USAGE');
  });
  it('an empty number beside a missing required option: USAGE comes first', async () => {
    const withoutMinutes = DOSE.filter((a, i) => a !== '--minutes' && DOSE[i - 1] !== '--minutes');
    expect((await refused(replace(withoutMinutes, 'weight-kg', ''))).code).toBe('USAGE');
    expect((await refused([...withoutMinutes.filter((a) => a !== '--weight-kg' && a !== '82'), '--weight-kg='])).code).toBe('USAGE');
  });
  it('--weight-kg= (an empty value) is INVALID_INPUT naming the option', async () => {
    const args = DOSE.filter((a, i) => a !== '--weight-kg' && DOSE[i - 1] !== '--weight-kg');
    expect(await refused([...args, '--weight-kg='])).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('--weight-kg') as unknown,
    });
  });
  it('0 is not negative: --diluent-ml 0 is a syringe pump', async () => {
    const r = await run(replace(DOSE, 'diluent-ml', '0'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ pump: 'syringe' });
  });
});

describe('parseOptions and parseNumberOption', () => {
  const options = {
    a: { type: 'string' },
    b: { type: 'string' },
    flag: { type: 'boolean' },
    many: { type: 'string', multiple: true },
  } as const;
  it('keeps a dash value with its option', () => {
    expect(parseOptions(['--a', '-5', '--b', '-x'], options).values).toMatchObject({ a: '-5', b: '-x' });
  });
  it('a boolean given twice is INVALID_INPUT; a multiple option may repeat', () => {
    expect(() => parseOptions(['--flag', '--flag'], options)).toThrow(CliError);
    expect(parseOptions(['--many', 'x', '--many', 'y'], options).values.many).toEqual(['x', 'y']);
  });
  it.each([
    ['0', 0],
    ['12.5', 12.5],
    ['+3', 3],
    ['.5', 0.5],
    ['1e2', 100],
    ['-0', -0],
  ])('%s is %d', (raw, value) => {
    expect(parseNumberOption(raw, 'x')).toBe(value);
  });
  it.each(['-1', '-0.001', 'abc', '', '1,5', 'NaN', '1e400'])('%j is INVALID_INPUT naming the option', (raw) => {
    try {
      parseNumberOption(raw, 'x');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).code).toBe('INVALID_INPUT');
      expect((e as CliError).message).toContain('--x');
    }
  });
});
