/**
 * Use case: one kind of the site's ketamine records (administrations, receipts or disposals) for a
 * range of site-local days as CSV (issue 23, Must 7), for a DEA inspection or the clinic's own
 * files. Every row carries the site's name and its DEA registration (number, schedules, expiry).
 * The export is audited before it starts (`stock.records-export`: the kind, the range, how many
 * rows, which patients); the rows are then read in chunks in ledger order as the client takes them,
 * and a range holding more than `STOCK_RECORDS_LIMITS.csvRows` is refused asking for a shorter
 * one. Cells go through `services/csv.ts` (RFC 4180, formula injection neutralised).
 *
 * @module
 */
import { STOCK_RECORDS_LIMITS, type StockRecordKind, type StockRecordsCsvQuery } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { csvLine } from '../csv.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditStock } from './internal/stock-guards.js';
import { countRecordsOf } from './internal/count-records.js';
import {
  PATIENT_ADDRESS_NOT_RECORDED,
  STOCK_SUBSTANCE,
  countRecords,
  recordPatientIds,
  recordRows,
  recordsRangeOf,
  recordsSiteOf,
  type RecordsRange,
  type RecordsSite,
  type StockRecord,
} from './internal/stock-records.js';

/** Rows read from the database at a time. */
const CHUNK_ROWS = 500;

export interface StockRecordsCsv {
  /** The kind and the range, no patient data. */
  filename: string;
  rows: number;
  /** The CSV text, a chunk at a time (the first holds the header). */
  chunks: AsyncIterable<string>;
}

export async function exportStockRecordsCsv(
  db: Db,
  actor: Actor,
  siteId: string,
  query: StockRecordsCsvQuery,
  meta: RequestMeta,
): Promise<StockRecordsCsv> {
  if (query.kind === 'counts' || query.kind === 'discrepancies')
    return exportCountRecordsCsv(db, actor, siteId, { ...query, kind: query.kind }, meta);
  const kind = query.kind;
  const { site, range, rows } = await transact(db, async (tx) => {
    const site = await recordsSiteOf(tx, siteId);
    const range = recordsRangeOf(site, query.from, query.to);
    const rows = await countRecords(tx, site.id, [kind], range);
    if (rows > STOCK_RECORDS_LIMITS.csvRows)
      throw new AppError(
        'UNPROCESSABLE',
        `${rows.toLocaleString('en-US')} ${kind} fall in this range; one export holds at most ${STOCK_RECORDS_LIMITS.csvRows.toLocaleString('en-US')}. Choose a shorter range (from, to).`,
        { rows, max: STOCK_RECORDS_LIMITS.csvRows, issues: [{ field: 'querystring.from', message: 'choose a shorter range' }] },
      );
    const patientIds = kind === 'administrations' ? await recordPatientIds(tx, site.id, range) : [];
    await auditStock(tx, actor, meta, 'stock.records-export', 'site', site.id, {
      siteId: site.id,
      format: 'csv',
      kind: query.kind,
      from: query.from,
      to: query.to,
      rows,
      patientIds,
    });
    return { site, range, rows };
  });
  return {
    filename: `ketamine-${query.kind}-${query.from}-to-${query.to}.csv`,
    rows,
    chunks: csvChunks(db, site, kind, range, rows),
  };
}

/** The header, then the rows a chunk at a time; stops at the count audited even if entries were added meanwhile. */
async function* csvChunks(db: Db, site: RecordsSite, kind: StockRecordKind, range: RecordsRange, rows: number): AsyncGenerator<string> {
  // A byte order mark, so that a spreadsheet opens the names' accents as UTF-8.
  yield `\uFEFF${csvLine(headerOf(kind, site))}`;
  let afterSeq = '0';
  let written = 0;
  while (written < rows) {
    const page = await recordRows(db, site, [kind], range, { afterSeq, limit: Math.min(CHUNK_ROWS, rows - written) });
    if (page.length === 0) return;
    yield page.map((r) => csvLine(cellsOf(kind, r, site))).join('');
    written += page.length;
    afterSeq = page.at(-1)?.seq ?? afterSeq;
  }
}

/** The site and its registration: the first columns of every row. */
const SITE_HEADER = ['Site', 'DEA registration', 'DEA schedules', 'DEA registration expires'];
const siteCells = (site: RecordsSite) =>
  site.dea === null
    ? [site.name, 'not recorded', null, null]
    : [site.name, site.dea.number, site.dea.schedules.join(' '), site.dea.expiresOn];

function headerOf(kind: StockRecordKind, site: RecordsSite): string[] {
  const zone = `(${site.timeZone})`;
  switch (kind) {
    case 'administrations':
      return [
        ...SITE_HEADER,
        `Date ${zone}`,
        `Time ${zone}`,
        'Kind',
        'Substance',
        'Product (form)',
        'Strength (mg/mL)',
        'Given (mg)',
        'Given (mL)',
        'Lot',
        'Lot expires',
        'Patient',
        'MRN',
        'Patient address',
        'Drawn by',
        'Recorded by',
        'Correction',
        'Entry',
      ];
    case 'receipts':
      return [
        ...SITE_HEADER,
        'Received on',
        `Recorded ${zone}`,
        'Kind',
        'Substance',
        'Product (form)',
        'Strength (mg/mL)',
        'Vials',
        'mg',
        'mL',
        'Lot',
        'Lot expires',
        'Location',
        'Supplier',
        'Supplier address',
        'Supplier DEA number',
        'Invoice',
        'Recorded by',
        'Correction',
        'Entry',
      ];
    case 'disposals':
      return [
        ...SITE_HEADER,
        `Date ${zone}`,
        `Time ${zone}`,
        'Kind',
        'Substance',
        'Product (form)',
        'Strength (mg/mL)',
        'mg',
        'mL',
        'Lot',
        'Location',
        'Reason',
        'Method',
        'Witnesses',
        'Recorded by',
        'Correction',
        'Entry',
      ];
  }
}

function cellsOf(kind: StockRecordKind, r: StockRecord, site: RecordsSite): (string | number | null)[] {
  const product = [STOCK_SUBSTANCE, r.productName, r.strengthMgPerMl];
  switch (kind) {
    case 'administrations':
      return [
        ...siteCells(site),
        r.date,
        r.time,
        r.kindWords,
        ...product,
        r.mg,
        r.ml,
        r.lotNumber,
        r.lotExpiresOn,
        r.patient?.name ?? null,
        r.patient?.mrn ?? null,
        r.patient === null ? null : (r.patient.address ?? PATIENT_ADDRESS_NOT_RECORDED),
        r.drawnBy,
        r.recordedBy,
        r.correction,
        r.entryId,
      ];
    case 'receipts':
      return [
        ...siteCells(site),
        r.receipt?.receivedOn ?? r.date,
        `${r.date} ${r.time}`,
        r.kindWords,
        ...product,
        r.receipt?.vials ?? null,
        r.mg,
        r.ml,
        r.lotNumber,
        r.lotExpiresOn,
        r.locationName,
        r.receipt?.supplierName ?? null,
        r.receipt?.supplierAddress ?? null,
        r.receipt?.supplierDeaNumber ?? null,
        r.receipt?.invoiceRef ?? null,
        r.recordedBy,
        r.correction,
        r.entryId,
      ];
    case 'disposals':
      return [
        ...siteCells(site),
        r.date,
        r.time,
        r.kindWords,
        ...product,
        r.mg,
        r.ml,
        r.lotNumber,
        r.locationName,
        r.reason,
        r.method,
        r.witnesses.join('; '),
        r.recordedBy,
        r.correction,
        r.entryId,
      ];
  }
}

const COUNT_HEADER = [
  'Taken on',
  'Kind',
  'Taken at',
  'Counted by',
  'Substance',
  'Product (form)',
  'Strength (mg/mL)',
  'Lot',
  'Location',
  'Ledger (mg)',
  'Ledger (mL)',
  'Counted (mg)',
  'Counted (mL)',
  'Difference (mg)',
  'Difference (mL)',
  'Resolved by',
  'Resolved at',
  'Resolution',
];

/** The counts, or only their discrepancies, of the range: one row per lot counted at a location. */
async function exportCountRecordsCsv(
  db: Db,
  actor: Actor,
  siteId: string,
  query: StockRecordsCsvQuery & { kind: 'counts' | 'discrepancies' },
  meta: RequestMeta,
): Promise<StockRecordsCsv> {
  const { site, records } = await transact(db, async (tx) => {
    const site = await recordsSiteOf(tx, siteId);
    recordsRangeOf(site, query.from, query.to);
    const records = await countRecordsOf(tx, site, query.from, query.to, query.kind === 'discrepancies');
    if (records.length > STOCK_RECORDS_LIMITS.csvRows)
      throw new AppError(
        'UNPROCESSABLE',
        `${records.length.toLocaleString('en-US')} counted lines fall in this range. Choose a shorter range (from, to).`,
        {
          rows: records.length,
          max: STOCK_RECORDS_LIMITS.csvRows,
          issues: [{ field: 'querystring.from', message: 'choose a shorter range' }],
        },
      );
    await auditStock(tx, actor, meta, 'stock.records-export', 'site', site.id, {
      siteId: site.id,
      format: 'csv',
      kind: query.kind,
      from: query.from,
      to: query.to,
      rows: records.length,
      patientIds: [],
    });
    return { site, records };
  });
  // eslint-disable-next-line @typescript-eslint/require-await -- the rows are read; the contract's chunks are async
  async function* chunks(): AsyncGenerator<string> {
    yield `\uFEFF${csvLine([...SITE_HEADER, ...COUNT_HEADER.map((h) => (h === 'Resolved at' ? `Resolved at (${site.timeZone})` : h))])}`;
    for (const r of records)
      yield csvLine([
        ...siteCells(site),
        r.takenOn,
        r.kindWords,
        r.timing === 'opening' ? 'opening of business' : 'close of business',
        r.recordedBy,
        STOCK_SUBSTANCE,
        r.productName,
        r.strengthMgPerMl,
        r.lotNumber,
        r.locationName,
        Number(r.ledgerMg),
        Number(r.ledgerMl),
        Number(r.countedMg),
        Number(r.countedMl),
        Number(r.differenceMg),
        Number(r.differenceMl),
        r.resolvedBy,
        r.resolvedAt,
        r.resolution,
      ]);
  }
  return { filename: `ketamine-${query.kind}-${query.from}-to-${query.to}.csv`, rows: records.length, chunks: chunks() };
}
