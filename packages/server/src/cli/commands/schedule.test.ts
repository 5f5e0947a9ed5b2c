import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { main } from '../main.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(['schedule', ...args], io);
  return { code, stdout, stderr };
}

interface ScheduleOutput {
  template: string;
  events: { date: string; start: string; end: string; kind: string; title: string; roles: string[]; startAt: string }[];
  measures: { date: string; instruments: string[] }[];
}

describe('kairos schedule: the cli-contract.md example', () => {
  it('retreat-5-day from 2026-12-07 gives the contract events and measures', async () => {
    const { code, stdout, stderr } = await run(['--template', 'retreat-5-day', '--start', '2026-12-07']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = JSON.parse(stdout) as ScheduleOutput;
    expect(out.template).toBe('retreat-5-day');
    expect(out.events.map(({ date, start, end, kind }) => ({ date, start, end, kind }))).toEqual([
      { date: '2026-12-07', start: '09:00', end: '11:00', kind: 'assessment' },
      { date: '2026-12-07', start: '13:00', end: '14:30', kind: 'preparation' },
      { date: '2026-12-08', start: '08:30', end: '09:00', kind: 'intention' },
      { date: '2026-12-08', start: '09:00', end: '11:45', kind: 'dosing' },
      { date: '2026-12-09', start: '10:00', end: '12:00', kind: 'integration' },
      { date: '2026-12-10', start: '08:30', end: '09:00', kind: 'intention' },
      { date: '2026-12-10', start: '09:00', end: '11:45', kind: 'dosing' },
      { date: '2026-12-11', start: '10:00', end: '12:00', kind: 'review' },
    ]);
    for (const e of out.events) {
      expect(typeof e.title).toBe('string');
      expect(e.title).not.toBe('');
      expect(e.roles.length).toBeGreaterThan(0);
    }
    expect(out.events[0]?.roles).toEqual(['prescriber', 'therapist']);
    expect(out.events[3]?.roles).toEqual(['licensed-iv-runner', 'therapist']);
    expect(out.measures.map(({ date, instruments }) => ({ date, instruments }))).toEqual([
      { date: '2026-12-07', instruments: ['pcl5-month', 'phq9', 'gad7', 'cssrs'] },
      { date: '2026-12-08', instruments: ['cssrs', 'moaas', 'cadss6'] },
      { date: '2026-12-10', instruments: ['cssrs', 'moaas', 'cadss6'] },
      { date: '2026-12-11', instruments: ['pcl5-week', 'phq9'] },
      { date: '2026-12-18', instruments: ['pcl5-week', 'phq9', 'cssrs'] },
      { date: '2027-01-11', instruments: ['pcl5-month', 'phq9', 'cssrs'] },
      { date: '2027-03-11', instruments: ['pcl5-month', 'phq9', 'cssrs'] },
    ]);
  });

  it('from 2026-12-09 it is refused: exit 2, START_NOT_ALLOWED, nextStart 2026-12-14 named in the message', async () => {
    const { code, stdout, stderr } = await run(['--template', 'retreat-5-day', '--start', '2026-12-09']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const { error } = JSON.parse(stderr) as { error: { code: string; message: string; nextStart: string } };
    expect(error.code).toBe('START_NOT_ALLOWED');
    expect(error.nextStart).toBe('2026-12-14');
    expect(error.message).toContain('2026-12-14');
  });
});

describe('kairos schedule options', () => {
  it('--closed, --time-zone: closed days push the start; times stay local, instants are UTC', async () => {
    const refused = await run(['--template', 'retreat-5-day', '--start', '2026-12-21', '--closed', '2026-12-24,2026-12-25']);
    expect(JSON.parse(refused.stderr).error).toMatchObject({ code: 'START_NOT_ALLOWED', nextStart: '2026-12-28' });
    const ok = await run(['--template', 'retreat-5-day', '--start', '2026-12-07', '--time-zone', 'America/New_York']);
    const out = JSON.parse(ok.stdout) as ScheduleOutput;
    expect(out.events[0]).toMatchObject({ start: '09:00', startAt: '2026-12-07T14:00:00.000Z' });
  });

  it('--working-days with weekends lets a retreat start on a Wednesday', async () => {
    const r = await run(['--template', 'retreat-5-day', '--start', '2026-12-09', '--working-days', 'mon,tue,wed,thu,fri,sat,sun']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ScheduleOutput).events.at(-1)?.date).toBe('2026-12-13');
  });

  it('infusion-series-6 from a Tuesday is refused with the next Monday', async () => {
    const r = await run(['--template', 'infusion-series-6', '--start', '2026-12-08']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'START_NOT_ALLOWED', nextStart: '2026-12-14' });
  });

  it('maintenance-1 on a working day: one dosing event, measures before and +7 days', async () => {
    const r = await run(['--template', 'maintenance-1', '--start', '2026-12-07']);
    const out = JSON.parse(r.stdout) as ScheduleOutput;
    expect(out.events.map((e) => e.kind)).toEqual(['dosing']);
    expect(out.measures.map((m) => m.date)).toEqual(['2026-12-07', '2026-12-14']);
  });

  it.each([
    [['--start', '2026-12-07'], 'USAGE'],
    [['--template', 'retreat-5-day'], 'USAGE'],
    [['--template', 'retreat-5-day', '--start', '2026-12-07', '--room', '3'], 'USAGE'],
    [['--template', 'retreat-9-day', '--start', '2026-12-07'], 'INVALID_INPUT'],
    [['--template', 'retreat-5-day', '--start', '2026-02-30'], 'INVALID_INPUT'],
    [['--template', 'retreat-5-day', '--start', '2026-12-07', '--closed', '2026-12-32'], 'INVALID_INPUT'],
    [['--template', 'retreat-5-day', '--start', '2026-12-07', '--working-days', 'mon,funday'], 'INVALID_INPUT'],
    [['--template', 'retreat-5-day', '--start', '2026-12-07', '--time-zone', 'Mars/Olympus'], 'INVALID_INPUT'],
  ])('%j gives %s', async (args, expected) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error.code).toBe(expected);
  });
});
