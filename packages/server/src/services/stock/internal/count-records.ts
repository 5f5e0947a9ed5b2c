/**
 * The count records of a range of site-local days (issue 23, Must 7): every lot counted, when and
 * by whom, the ledger's balance at the count beside what was counted, the difference, and how it
 * was resolved; the discrepancies are the lines that differed.
 *
 * @module
 */
import { localDateTimeOf } from '@kairos/core';
import type { Db } from '../../../store/database.js';
import type { RecordsSite } from './stock-records.js';
import { thousandthsText } from './stock-records.js';

const KIND_WORDS = { initial: 'Initial inventory', biennial: 'Biennial inventory', 'ad-hoc': 'Count' } as const;

/** One counted lot at a location, in words. */
export interface CountRecord {
  takenOn: string;
  kindWords: string;
  timing: 'opening' | 'close';
  recordedBy: string;
  lotNumber: string;
  productName: string;
  strengthMgPerMl: number;
  locationName: string;
  ledgerMg: string;
  ledgerMl: string;
  countedMg: string;
  countedMl: string;
  /** Counted minus the ledger; "0" when they agree (an initial inventory has no ledger to differ from). */
  differenceMg: string;
  differenceMl: string;
  resolvedBy: string | null;
  /** Site-local `YYYY-MM-DD HH:MM`. */
  resolvedAt: string | null;
  resolution: string | null;
}

/** The counted lines of counts taken from `from` to `to` (site-local days, both included), in the order recorded. */
export async function countRecordsOf(
  db: Db,
  site: RecordsSite,
  from: string,
  to: string,
  onlyDifferences: boolean,
): Promise<CountRecord[]> {
  const rows = await db
    .selectFrom('stock_count_line as l')
    .innerJoin('stock_count as c', 'c.id', 'l.count_id')
    .innerJoin('app_user as u', 'u.id', 'c.recorded_by')
    .innerJoin('stock_lot as lot', 'lot.id', 'l.lot_id')
    .innerJoin('stock_product as p', 'p.id', 'lot.product_id')
    .innerJoin('stock_location as loc', 'loc.id', 'l.location_id')
    .leftJoin('stock_count_resolution as r', 'r.line_id', 'l.id')
    .leftJoin('app_user as ru', 'ru.id', 'r.resolved_by')
    .select([
      'c.taken_on',
      'c.kind',
      'c.timing',
      'u.display_name',
      'lot.lot_number',
      'p.name as product_name',
      'p.strength_mg_per_ml',
      'loc.name as location_name',
      'l.counted_ug',
      'l.counted_ul',
      'l.ledger_ug',
      'l.ledger_ul',
      'ru.display_name as resolver',
      'r.resolved_at',
      'r.reason',
    ])
    .where('l.site_id', '=', site.id)
    .where('c.taken_on', '>=', from)
    .where('c.taken_on', '<=', to)
    .orderBy('c.recorded_at')
    .orderBy('lot.lot_number')
    .orderBy('loc.name')
    .execute();
  return rows
    .map((r) => {
      const initial = r.kind === 'initial';
      const dUg = initial ? 0n : BigInt(r.counted_ug) - BigInt(r.ledger_ug);
      const dUl = initial ? 0n : BigInt(r.counted_ul) - BigInt(r.ledger_ul);
      const resolvedAt = r.resolved_at === null ? null : localDateTimeOf(r.resolved_at, site.timeZone);
      return {
        takenOn: r.taken_on,
        kindWords: KIND_WORDS[r.kind],
        timing: r.timing,
        recordedBy: r.display_name,
        lotNumber: r.lot_number,
        productName: r.product_name,
        strengthMgPerMl: r.strength_mg_per_ml,
        locationName: r.location_name,
        ledgerMg: thousandthsText(BigInt(r.ledger_ug)),
        ledgerMl: thousandthsText(BigInt(r.ledger_ul)),
        countedMg: thousandthsText(BigInt(r.counted_ug)),
        countedMl: thousandthsText(BigInt(r.counted_ul)),
        differenceMg: thousandthsText(dUg),
        differenceMl: thousandthsText(dUl),
        resolvedBy: r.resolver,
        resolvedAt: resolvedAt === null ? null : `${resolvedAt.date} ${resolvedAt.time}`,
        resolution: r.reason,
        differs: dUg !== 0n || dUl !== 0n,
      };
    })
    .filter((r) => !onlyDifferences || r.differs)
    .map(({ differs: _d, ...r }) => r);
}
