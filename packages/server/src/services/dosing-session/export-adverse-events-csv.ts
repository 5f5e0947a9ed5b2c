/**
 * Use case: the site's adverse events log as CSV (the same filters and scope as the log), for a
 * safety report or a spreadsheet. The export is audited before it starts (the filters, how many
 * events, which patients); the rows are then read in keyset chunks as the client takes them, so
 * an export of the whole history neither holds a connection for its length nor blocks the event
 * loop, and an export larger than `ADVERSE_EVENT_CSV_MAX_ROWS` is refused with a request for
 * narrower dates. Kinds and severities are in words, as they stand now (after any correction),
 * with whether and how often the event was corrected; times are the site's, to the minute.
 * Every cell is RFC 4180 quoted and neutralised against formula injection (`services/csv.ts`).
 *
 * @module
 */
import { localDateOf, localDateTimeOf } from '@kairos/core';
import {
  ADVERSE_EVENT_CSV_MAX_ROWS,
  ADVERSE_EVENT_KIND_LABELS,
  ADVERSE_EVENT_SEVERITY_LABELS,
  type AdverseEventLogFilter,
} from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { csvLine } from '../csv.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import {
  filterDetails,
  filteredEvents,
  logSiteOf,
  pageOf,
  type LogPosition,
  type LogRow,
  type LogSite,
} from './internal/adverse-event-log-query.js';

const ACTION = 'adverse-event.log.export';

/** Rows read from the database at a time. */
export const CSV_CHUNK_ROWS = 500;

export interface AdverseEventsCsv {
  /** A file name without patient data: the site's day of the export. */
  filename: string;
  rows: number;
  /** The CSV text, a chunk at a time (the first holds the header). */
  chunks: AsyncIterable<string>;
}

export async function exportAdverseEventsCsv(
  db: Db,
  actor: Actor,
  filter: AdverseEventLogFilter,
  meta: RequestMeta,
): Promise<AdverseEventsCsv> {
  const { site, rows } = await transact(db, async (tx) => {
    const site = await logSiteOf(tx, actor, filter.siteId, meta, ACTION);
    const events = filteredEvents(tx, actor, site, filter);
    const count = await events.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = Number(count.n);
    if (rows > ADVERSE_EVENT_CSV_MAX_ROWS)
      throw new AppError(
        'UNPROCESSABLE',
        `${rows.toLocaleString('en-US')} adverse events match; an export holds at most ${ADVERSE_EVENT_CSV_MAX_ROWS.toLocaleString('en-US')}. Choose a shorter date range (from, to).`,
        { rows, max: ADVERSE_EVENT_CSV_MAX_ROWS, issues: [{ field: 'querystring.from', message: 'choose a shorter date range' }] },
      );
    const patients = await events.select('a.patient_id').distinct().execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'adverse_event',
        outcome: 'allowed',
        details: { filters: filterDetails(filter), rows, patientIds: patients.map((p) => p.patient_id) },
      },
    );
    return { site, rows };
  });
  return {
    filename: `adverse-events-${localDateOf(meta.now, site.time_zone)}.csv`,
    rows,
    chunks: csvChunks(db, actor, site, filter),
  };
}

/** The header, then each keyset chunk of rows as text; stops at the export's cap even if events were added meanwhile. */
async function* csvChunks(db: Db, actor: Actor, site: LogSite, filter: AdverseEventLogFilter): AsyncGenerator<string> {
  // A byte order mark, so that a spreadsheet opens the names' accents as UTF-8.
  yield `\uFEFF${csvLine(headerOf(site))}`;
  let after: LogPosition | undefined;
  let written = 0;
  while (written < ADVERSE_EVENT_CSV_MAX_ROWS) {
    const page = await pageOf(
      filteredEvents(db, actor, site, filter),
      after,
      Math.min(CSV_CHUNK_ROWS, ADVERSE_EVENT_CSV_MAX_ROWS - written),
    );
    if (page.rows.length > 0) yield page.rows.map((r) => csvLine(cellsOf(r, site.time_zone))).join('');
    written += page.rows.length;
    if (page.next === undefined) return;
    after = page.next;
  }
}

function headerOf(site: LogSite): string[] {
  const zone = `(${site.time_zone})`;
  return [
    `Onset ${zone}`,
    'Patient',
    'MRN',
    'Kind',
    'Severity',
    'Serious',
    'Description',
    'Action taken',
    `Resolved ${zone}`,
    'Reported by',
    `Reported ${zone}`,
    'Review',
    'Reviewed by',
    `Reviewed ${zone}`,
    'Review note',
    'Corrected',
    'Corrections',
    'Reference',
  ];
}

const at = (d: Date | null, timeZone: string): string | null => {
  if (d === null) return null;
  const local = localDateTimeOf(d, timeZone);
  return `${local.date} ${local.time}`;
};

function cellsOf(r: LogRow, timeZone: string): (string | number | null)[] {
  const corrections = Number(r.corrections ?? 0);
  return [
    at(r.occurred_at, timeZone),
    `${r.given_name} ${r.family_name}`,
    r.mrn,
    ADVERSE_EVENT_KIND_LABELS[r.kind],
    ADVERSE_EVENT_SEVERITY_LABELS[r.severity],
    r.serious ? 'yes' : 'no',
    r.description,
    r.action_taken,
    at(r.resolved_at, timeZone),
    r.reported_by,
    at(r.reported_at, timeZone),
    r.reviewed_at !== null ? 'reviewed' : r.serious ? 'awaiting review' : 'not needed',
    r.reviewed_by,
    at(r.reviewed_at, timeZone),
    r.review_note,
    corrections > 0 ? 'yes' : 'no',
    corrections,
    r.id,
  ];
}
