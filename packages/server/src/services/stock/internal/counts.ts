/**
 * The latest counts of a site with their differences and resolutions, and the number of
 * differences not yet resolved (Today's alert for the medical director).
 *
 * @module
 */
import type { StockCountSummary } from '@kairos/api';
import { sql } from 'kysely';
import type { Db } from '../../../store/database.js';
import { quantityJson, quantityOf } from './ledger.js';

export async function recentCounts(tx: Db, siteId: string, limit = 10): Promise<StockCountSummary[]> {
  const counts = await tx
    .selectFrom('stock_count as c')
    .innerJoin('app_user as u', 'u.id', 'c.recorded_by')
    .select(['c.id', 'c.kind', 'c.timing', 'c.taken_on', 'u.id as user_id', 'u.display_name'])
    .where('c.site_id', '=', siteId)
    .orderBy('c.recorded_at', 'desc')
    .limit(limit)
    .execute();
  if (counts.length === 0) return [];
  const lines = await tx
    .selectFrom('stock_count_line as l')
    .innerJoin('stock_lot as lot', 'lot.id', 'l.lot_id')
    .innerJoin('stock_location as loc', 'loc.id', 'l.location_id')
    .leftJoin('stock_count_resolution as r', 'r.line_id', 'l.id')
    .leftJoin('app_user as ru', 'ru.id', 'r.resolved_by')
    .select([
      'l.id',
      'l.count_id',
      'l.counted_ug',
      'l.counted_ul',
      'l.ledger_ug',
      'l.ledger_ul',
      'lot.lot_number',
      'loc.name as location_name',
      'r.reason',
      'r.resolved_at',
      'ru.id as resolver_id',
      'ru.display_name as resolver_name',
    ])
    .where(
      'l.count_id',
      'in',
      counts.map((c) => c.id),
    )
    .execute();
  return counts.map((c) => {
    const mine = lines.filter((l) => l.count_id === c.id);
    const differences = c.kind === 'initial' ? [] : mine.filter((l) => l.counted_ug !== l.ledger_ug || l.counted_ul !== l.ledger_ul);
    return {
      id: c.id,
      kind: c.kind,
      timing: c.timing,
      takenOn: c.taken_on,
      recordedBy: { id: c.user_id, displayName: c.display_name },
      lines: mine.length,
      differences: differences.map((l) => {
        const counted = quantityOf(l.counted_ug, l.counted_ul);
        const ledger = quantityOf(l.ledger_ug, l.ledger_ul);
        return {
          lineId: l.id,
          lotNumber: l.lot_number,
          locationName: l.location_name,
          ledger: quantityJson(ledger),
          counted: quantityJson(counted),
          difference: quantityJson({ ug: counted.ug - ledger.ug, ul: counted.ul - ledger.ul }),
          resolution:
            l.reason === null || l.resolved_at === null || l.resolver_id === null || l.resolver_name === null
              ? null
              : {
                  reason: l.reason,
                  resolvedBy: { id: l.resolver_id, displayName: l.resolver_name },
                  resolvedAt: l.resolved_at.toISOString(),
                },
        };
      }),
    };
  });
}

/** Differences between counts and the ledger that nobody has resolved yet. */
export async function unresolvedDifferences(tx: Db, siteId: string): Promise<number> {
  const row = await tx
    .selectFrom('stock_count_line as l')
    .innerJoin('stock_count as c', 'c.id', 'l.count_id')
    .leftJoin('stock_count_resolution as r', 'r.line_id', 'l.id')
    .select(sql<string>`count(*)`.as('n'))
    .where('l.site_id', '=', siteId)
    .where('c.kind', '<>', 'initial')
    .where('r.line_id', 'is', null)
    .where((eb) => eb.or([eb('l.counted_ul', '<>', eb.ref('l.ledger_ul')), eb('l.counted_ug', '<>', eb.ref('l.ledger_ug'))]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
