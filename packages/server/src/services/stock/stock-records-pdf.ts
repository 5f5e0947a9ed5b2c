/**
 * Use case: every kind of the site's ketamine records (administrations, receipts, disposals) for a
 * range of site-local days as one PDF (issue 23, Must 7). The facts are gathered and the export is
 * audited (`stock.records-export`: the range, how many rows, which patients) in one transaction;
 * the PDF is then rendered off the event loop, in the PDF worker pool. A range holding more than
 * `STOCK_RECORDS_LIMITS.pdfRows` entries is refused asking for a shorter one (every entry of the
 * range is printed, never a sample: these are the records an inspector reads).
 *
 * @module
 */
import { STOCK_RECORDS_LIMITS, STOCK_RECORD_KINDS, type StockRecordsPdfQuery } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { renderPdf } from '../../workers/worker-pool.js';
import { auditStock } from './internal/stock-guards.js';
import {
  PATIENT_ADDRESS_NOT_RECORDED,
  STOCK_SUBSTANCE,
  countRecords,
  recordRows,
  recordsRangeOf,
  recordsSiteOf,
} from './internal/stock-records.js';
import type { StockRecordsPdfFacts } from './render-stock-records-pdf.js';
import { countRecordsOf } from './internal/count-records.js';

/** The site's ketamine records of the range as a PDF, with its file name. */
export async function stockRecordsPdf(
  db: Db,
  actor: Actor,
  siteId: string,
  query: StockRecordsPdfQuery,
  meta: RequestMeta,
): Promise<{ pdf: Buffer; filename: string }> {
  const facts = await transact(db, async (tx): Promise<StockRecordsPdfFacts> => {
    const site = await recordsSiteOf(tx, siteId);
    const range = recordsRangeOf(site, query.from, query.to);
    const rows = await countRecords(tx, site.id, STOCK_RECORD_KINDS, range);
    if (rows > STOCK_RECORDS_LIMITS.pdfRows)
      throw new AppError(
        'UNPROCESSABLE',
        `${rows.toLocaleString('en-US')} entries fall in this range; one PDF holds at most ${STOCK_RECORDS_LIMITS.pdfRows.toLocaleString('en-US')}. Choose a shorter range (from, to), or export each kind as CSV.`,
        { rows, max: STOCK_RECORDS_LIMITS.pdfRows, issues: [{ field: 'querystring.from', message: 'choose a shorter range' }] },
      );
    const limit = STOCK_RECORDS_LIMITS.pdfRows;
    const [administrations, receipts, disposals] = await Promise.all([
      recordRows(tx, site, ['administrations'], range, { limit }),
      recordRows(tx, site, ['receipts'], range, { limit }),
      recordRows(tx, site, ['disposals'], range, { limit }),
    ]);
    const counts = await countRecordsOf(tx, site, query.from, query.to, false);
    const patientIds = [...new Set(administrations.flatMap((r) => (r.patient === null ? [] : [r.patient.id])))].sort();
    await auditStock(tx, actor, meta, 'stock.records-export', 'site', site.id, {
      siteId: site.id,
      format: 'pdf',
      kind: 'all',
      from: query.from,
      to: query.to,
      rows: administrations.length + receipts.length + disposals.length + counts.length,
      patientIds,
    });
    return {
      siteName: site.name,
      timeZone: site.timeZone,
      synthetic: site.synthetic,
      dea: site.dea,
      substance: STOCK_SUBSTANCE,
      patientAddress: PATIENT_ADDRESS_NOT_RECORDED,
      from: query.from,
      to: query.to,
      administrations,
      receipts,
      disposals,
      counts,
      printedBy: actor.displayName,
      generatedAt: meta.now,
    };
  });
  return { pdf: await renderPdf({ kind: 'stock-records', facts }), filename: `ketamine-records-${query.from}-to-${query.to}.pdf` };
}
