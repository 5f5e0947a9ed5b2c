/**
 * Use case: a difference between a count and the ledger resolved with a reason by a prescriber or
 * the medical director, who proves it is them (step-up): a count-adjustment entry brings the
 * ledger to what was counted (by the difference found at the count), once per difference.
 *
 * @module
 */
import type { StockCountResolutionBody } from '@kairos/api';
import { notFound } from '../../errors.js';
import { otherSiteRefusal } from '../access/site-scope.js';
import type { Actor, RequestMeta } from '../context.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry } from './internal/ledger.js';
import { auditStock, stockConflict } from './internal/stock-guards.js';

/** What the step-up of a resolution proves. */
export const RESOLVE_DIFFERENCE_PURPOSE = 'stock.resolve-difference';

export async function resolveCountDifference(
  db: Db,
  actor: Actor,
  lineId: string,
  body: StockCountResolutionBody,
  meta: RequestMeta,
): Promise<void> {
  await transact(db, async (tx) => {
    const line = await tx
      .selectFrom('stock_count_line as l')
      .innerJoin('stock_count as c', 'c.id', 'l.count_id')
      .select(['l.id', 'l.site_id', 'l.lot_id', 'l.location_id', 'l.counted_ug', 'l.counted_ul', 'l.ledger_ug', 'l.ledger_ul', 'c.kind'])
      .where('l.id', '=', lineId)
      .executeTakeFirst();
    if (line === undefined) throw notFound('count line', lineId);
    if (line.site_id !== actor.siteId) throw otherSiteRefusal(actor, line.site_id, meta, 'stock.resolve-difference');
    const difference = { ug: BigInt(line.counted_ug) - BigInt(line.ledger_ug), ul: BigInt(line.counted_ul) - BigInt(line.ledger_ul) };
    if (line.kind === 'initial' || (difference.ug === 0n && difference.ul === 0n))
      throw stockConflict('id', 'this count line has no difference to resolve', 'NO_DIFFERENCE');
    const done = await tx.selectFrom('stock_count_resolution').select('line_id').where('line_id', '=', line.id).executeTakeFirst();
    if (done !== undefined) throw stockConflict('id', 'this difference is already resolved', 'ALREADY_RESOLVED');
    const prover = await consumeStepUp(tx, actor, body.stepUpToken, { purpose: RESOLVE_DIFFERENCE_PURPOSE }, meta);
    if (prover.userId !== actor.userId)
      throw new AuditedRefusal(
        'CHECKER_NOT_ALLOWED',
        'The person resolving the difference confirms with their own password.',
        { ...meta, actor },
        {
          action: `step-up.use:${RESOLVE_DIFFERENCE_PURPOSE}`,
          recordType: 'stock_count_line',
          recordId: line.id,
          outcome: 'denied',
          details: { reason: 'another person proved' },
        },
        { purpose: RESOLVE_DIFFERENCE_PURPOSE },
      );
    const entryId = await appendStockEntry(
      tx,
      line.site_id,
      {
        kind: 'count-adjustment',
        lotId: line.lot_id,
        locationId: line.location_id,
        quantity: difference,
        occurredAt: meta.now,
        recordedBy: actor.userId,
        reason: body.reason,
        details: { countLineId: line.id },
      },
      meta.now,
      'id',
    );
    await tx
      .insertInto('stock_count_resolution')
      .values({
        line_id: line.id,
        site_id: line.site_id,
        entry_id: entryId,
        reason: body.reason,
        resolved_by: actor.userId,
        resolved_at: meta.now,
      })
      .execute();
    await auditStock(tx, actor, meta, 'stock.resolve-difference', 'stock_count_line', line.id, { entryId, ul: Number(difference.ul) });
  });
}
