/**
 * Use case: one of the Outcomes dashboard's tables as CSV (issue 24, Must 3): `flow`, `scores`,
 * `rates`, `durability`, `safety` or `completeness`, one table a file so each opens in a spreadsheet
 * as a plain rectangle. The figures are the dashboard's, for the same filters and the same
 * permissions (`readProgramOutcomesForExport`: read and export audited). Numbers are written as
 * numbers (means and bounds to two decimals, percentages to one), labels in plain words; a figure
 * not reported is an empty cell. A cohort too small to report gives counts only, as on the page:
 * no means, intervals or rates, and the rates and durability tables hold their header alone. The
 * intervals' columns name the level the figures were computed with ("95% CI lower", "90% CI lower").
 * Every cell is RFC 4180 quoted and neutralised against formula injection (`services/csv.ts`): a
 * withdrawal reason is free text.
 *
 * @module
 */
import {
  ADVERSE_EVENT_KIND_LABELS,
  ADVERSE_EVENT_SEVERITY_LABELS,
  PROGRAM_TIME_POINTS,
  type ProgramOutcomes,
  type ProgramOutcomesCsvQuery,
  type ProgramOutcomesCsvTable,
  type ProgramTimePoint,
} from '@kairos/api';
import {
  DOSING_ROUTE_LABELS,
  PROGRAM_INSTRUMENT_LABELS as INSTRUMENT_WORDS,
  PROGRAM_RATE_LABELS as RATE_WORDS,
  PROGRAM_TIME_POINT_LABELS as TIME_POINT_WORDS,
  programCiWords,
} from '@kairos/core';
import type { Actor, RequestMeta } from '../context.js';
import { csvLine } from '../csv.js';
import type { Db } from '../../store/database.js';
import { programOutcomesFileName, readProgramOutcomesForExport } from './program-outcomes-pdf.js';

type Cell = string | number | null;

const round = (v: number | null | undefined, places: number): number | null =>
  v === null || v === undefined ? null : Math.round(v * 10 ** places) / 10 ** places;
const pct = (share: number | null | undefined): number | null => round(share === null || share === undefined ? null : share * 100, 1);
const order = (t: ProgramTimePoint) => PROGRAM_TIME_POINTS.indexOf(t);

/** The table's header and rows. */
export function programOutcomesTable(o: ProgramOutcomes, table: ProgramOutcomesCsvTable): { header: string[]; rows: Cell[][] } {
  // The intervals named at the level they were computed with: "95% CI lower", "90% CI lower".
  const ci = programCiWords(o.confidenceLevelPercent);
  switch (table) {
    case 'flow': {
      const f = o.flow;
      return {
        header: ['Step', 'Reason', 'Patients'],
        rows: [
          ['Referred', null, f.referred],
          ['Screened', null, f.screened],
          ['Eligible', null, f.eligible],
          ['Started', null, f.started],
          ['Completed', null, f.completed],
          ['Withdrawn', null, f.withdrawn],
          ...f.withdrawnReasons.map((r): Cell[] => ['Withdrawn for this reason', r.reason, r.count]),
          ['Lost to follow-up', null, f.lostToFollowUp],
        ],
      };
    }
    case 'scores':
      return {
        header: ['Questionnaire', 'Time point', 'n', 'Mean', 'SD', `${ci} lower`, `${ci} upper`],
        rows: (['pcl5', 'phq9', 'gad7'] as const).flatMap((id) =>
          [...o.scores[id]]
            .sort((a, b) => order(a.timePoint) - order(b.timePoint))
            .map((m): Cell[] => [
              INSTRUMENT_WORDS[id],
              TIME_POINT_WORDS[m.timePoint],
              m.n,
              o.suppressed ? null : round(m.mean, 2),
              o.suppressed ? null : round(m.sd, 2),
              o.suppressed ? null : round(m.ci?.lower, 2),
              o.suppressed ? null : round(m.ci?.upper, 2),
            ]),
        ),
      };
    case 'rates':
      return {
        header: [
          'Measure',
          'Time point',
          'Patients meeting it',
          'Patients measured (n)',
          'Rate (%)',
          `${ci} lower (%)`,
          `${ci} upper (%)`,
          'Started',
        ],
        rows: o.suppressed
          ? []
          : [...o.rates]
              .sort((a, b) => order(a.timePoint) - order(b.timePoint))
              .map((r): Cell[] => [
                RATE_WORDS[r.id],
                TIME_POINT_WORDS[r.timePoint],
                r.events,
                r.n,
                pct(r.rate),
                pct(r.ci?.lower),
                pct(r.ci?.upper),
                r.started,
              ]),
      };
    case 'durability':
      return {
        header: ['Day', 'Responders followed', 'Lost the response', 'Still responding (%)', `${ci} lower (%)`, `${ci} upper (%)`],
        rows:
          o.suppressed || o.durability === null
            ? []
            : [...o.durability.curve]
                .sort((a, b) => a.days - b.days)
                .map((p): Cell[] => [p.days, p.atRisk, p.events, pct(p.survival), pct(p.lower), pct(p.upper)]),
      };
    case 'safety': {
      const s = o.safety;
      const per100 = (v: number | null) => (o.suppressed ? null : round(v, 1));
      const kinds = ADVERSE_EVENT_KIND_LABELS as Readonly<Record<string, string>>;
      return {
        header: ['Measure', 'Kind', 'Severity', 'Value', 'Per 100 sessions'],
        rows: [
          ['Dosing sessions (dose given)', null, null, s.sessions, null],
          ...s.sessionsByRoute.map((r) => [`Dosing sessions: ${DOSING_ROUTE_LABELS[r.route]}`, null, null, r.sessions, null]),
          ['Adverse events', 'All', null, s.adverseEvents.total, per100(s.adverseEvents.per100Sessions)],
          ...[...s.adverseEvents.byKind]
            .sort((a, b) => b.count - a.count)
            .map((k): Cell[] => [
              'Adverse events',
              kinds[k.kind] ?? 'Other',
              ADVERSE_EVENT_SEVERITY_LABELS[k.severity],
              k.count,
              per100(k.per100Sessions),
            ]),
          ['Sessions with blood pressure at the warning level', null, null, s.bloodPressure.warningSessions, null],
          ['Sessions with blood pressure at the pause level or above', null, null, s.bloodPressure.pauseSessions, null],
          ['Infusion end to discharge: sessions', null, null, s.dischargeMinutes.n, null],
          ['Infusion end to discharge: median (minutes)', null, null, round(s.dischargeMinutes.median, 1), null],
          ['Infusion end to discharge: lower quartile (minutes)', null, null, round(s.dischargeMinutes.q1, 1), null],
          ['Infusion end to discharge: upper quartile (minutes)', null, null, round(s.dischargeMinutes.q3, 1), null],
          ['Sessions paused', null, null, s.pausedSessions, null],
          ['Sessions stopped early', null, null, s.stoppedEarlySessions, null],
        ],
      };
    }
    case 'completeness':
      return {
        header: ['Questionnaire', 'Time point', 'Due (window closed)', 'Answered', 'Answered (%)'],
        rows: [...o.completeness]
          .sort((a, b) => order(a.timePoint) - order(b.timePoint))
          .map((c): Cell[] => [INSTRUMENT_WORDS[c.instrument], TIME_POINT_WORDS[c.timePoint], c.due, c.answered, pct(c.share)]),
      };
  }
}

/** One table of the dashboard as CSV text, with its file name. */
export async function exportProgramOutcomesCsv(
  db: Db,
  actor: Actor,
  siteId: string,
  query: ProgramOutcomesCsvQuery,
  meta: RequestMeta,
): Promise<{ csv: string; filename: string }> {
  const { table, ...filters } = query;
  const { outcomes } = await readProgramOutcomesForExport(db, actor, siteId, filters, meta, { format: 'csv', table });
  const { header, rows } = programOutcomesTable(outcomes, table);
  // A byte order mark, so that a spreadsheet opens the words' accents as UTF-8.
  const csv = `\uFEFF${csvLine(header)}${rows.map((r) => csvLine(r)).join('')}`;
  return { csv, filename: programOutcomesFileName(outcomes, 'csv', table) };
}
