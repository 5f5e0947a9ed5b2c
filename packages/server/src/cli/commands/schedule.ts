/**
 * `kairos schedule --template ID --start YYYY-MM-DD [--closed d1,d2] [--working-days mon,...]
 * [--time-zone Zone]`: the dated events and measures of a program (cli-contract.md "schedule").
 * Never touches the database.
 *
 * @module
 */
import {
  PROGRAM_TEMPLATES,
  ScheduleError,
  findProgramTemplate,
  generateSchedule,
  isKnownTimeZone,
  isWeekday,
  type SiteCalendar,
} from '@kairos/core';
import { CliError, parseOptions, printJson, requireOption, type CliCommand } from '../command.js';

const TEMPLATE_IDS = Object.keys(PROGRAM_TEMPLATES);

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseCalendar(values: Record<string, unknown>): SiteCalendar {
  const rawZone = typeof values['time-zone'] === 'string' ? values['time-zone'] : 'UTC';
  if (!isKnownTimeZone(rawZone)) throw new CliError('INVALID_INPUT', `--time-zone: unknown IANA time zone "${rawZone}"`);

  const rawDays = typeof values['working-days'] === 'string' ? values['working-days'] : 'mon,tue,wed,thu,fri';
  const days = splitList(rawDays.toLowerCase());
  if (days.length === 0) throw new CliError('INVALID_INPUT', '--working-days: at least one day is needed');
  const workingDays: SiteCalendar['workingDays'][number][] = [];
  for (const d of days) {
    if (!isWeekday(d)) throw new CliError('INVALID_INPUT', `--working-days: "${d}" is not one of mon, tue, wed, thu, fri, sat, sun`);
    if (!workingDays.includes(d)) workingDays.push(d);
  }

  // Dates are checked by generateSchedule (INVALID_DATE, mapped to INVALID_INPUT below).
  const closedDates = typeof values.closed === 'string' ? splitList(values.closed) : [];
  return { timeZone: rawZone, workingDays, closedDates };
}

export const scheduleCommand: CliCommand = {
  name: 'schedule',
  summary: 'Dated events and measures of a program (retreat-5-day, infusion-series-6, maintenance-1)',
  usage: `Usage: kairos schedule --template <${TEMPLATE_IDS.join('|')}> --start YYYY-MM-DD
                       [--closed YYYY-MM-DD,...] [--working-days mon,tue,wed,thu,fri] [--time-zone UTC]

Prints {"template","events":[{"date","start","end","kind","title","roles",...}],"measures":[{"date","instruments"}]}
with times local to the site's time zone (startAt/endAt give the UTC instants). Follow-up measures on
a non-working or closed day move to the next working day. A start that breaks the template's day
rule (retreat: 5 consecutive working days; series: Monday, Wednesday, Friday of two weeks, starting
on a Monday) is refused with code START_NOT_ALLOWED and "nextStart", the next possible start.`,
  run(args, io) {
    const { values } = parseOptions(args, {
      template: { type: 'string' },
      start: { type: 'string' },
      closed: { type: 'string' },
      'working-days': { type: 'string' },
      'time-zone': { type: 'string' },
    });
    const templateId = requireOption(values, 'template');
    const start = requireOption(values, 'start');
    const template = findProgramTemplate(templateId);
    if (template === undefined) {
      throw new CliError('INVALID_INPUT', `--template: unknown template "${templateId}": one of ${TEMPLATE_IDS.join(', ')}`);
    }
    const calendar = parseCalendar(values);

    let schedule;
    try {
      schedule = generateSchedule(template, start, calendar);
    } catch (err) {
      if (err instanceof ScheduleError) {
        if (err.code === 'START_NOT_ALLOWED') throw new CliError(err.code, err.message, { nextStart: err.nextStart });
        if (err.code === 'OUTSIDE_OPENING_HOURS') throw new CliError(err.code, err.message);
        throw new CliError('INVALID_INPUT', err.code === 'INVALID_DATE' ? `--start/--closed: ${err.message}` : err.message);
      }
      throw err;
    }
    return printJson(io, {
      template: schedule.templateId,
      timeZone: schedule.timeZone,
      events: schedule.events.map((e) => ({
        date: e.date,
        start: e.start,
        end: e.end,
        kind: e.kind,
        title: e.title,
        roles: e.roles,
        day: e.day,
        startAt: e.startAt,
        endAt: e.endAt,
      })),
      measures: schedule.measures.map((m) => ({
        date: m.date,
        instruments: m.instruments,
        movedFrom: m.movedFrom,
      })),
    });
  },
};
