/**
 * Use case: a correction of the ledger, as an entry that undoes another, with a reason (issue 23,
 * Must 5: the ledger is append-only). Reversible: a receipt, a transfer, a return, a loss, and a
 * draw nothing accounts for yet; once, and only where the balance allows (a receipt whose vials
 * were drawn cannot be undone). A prescriber or the medical director of the entry's site.
 *
 * @module
 */
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { notFound } from '../../errors.js';
import { appendStockEntry } from './internal/ledger.js';
import { REVERSIBLE_KINDS } from './internal/ledger-entries.js';
import { auditStock, stockConflict } from './internal/stock-guards.js';
import { otherSiteRefusal } from '../access/site-scope.js';

export async function reverseStockEntry(db: Db, actor: Actor, entryId: string, reason: string, meta: RequestMeta): Promise<string> {
  return transact(db, async (tx) => {
    const e = await tx.selectFrom('stock_entry').selectAll().where('id', '=', entryId).executeTakeFirst();
    if (e === undefined) throw notFound('stock entry', entryId);
    if (e.site_id !== actor.siteId) throw otherSiteRefusal(actor, e.site_id, meta, 'stock.reversal');
    if (!REVERSIBLE_KINDS.includes(e.kind))
      throw stockConflict('id', `a ${e.kind} entry is not reversed: it accounts for a draw or is itself a correction`, 'NOT_REVERSIBLE');
    const reversed = await tx.selectFrom('stock_entry').select('id').where('reverses_id', '=', e.id).executeTakeFirst();
    if (reversed !== undefined) throw stockConflict('id', 'this entry is already reversed', 'ALREADY_REVERSED');
    if (e.kind === 'draw') {
      const accounted = await tx
        .selectFrom('stock_entry as a')
        .select('a.id')
        .where('a.draw_id', '=', e.id)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('stock_entry as r').select('r.id').whereRef('r.reverses_id', '=', 'a.id'))))
        .executeTakeFirst();
      if (accounted !== undefined)
        throw stockConflict('id', 'this draw is already accounted for (given, wasted): it is not reversed', 'NOT_REVERSIBLE');
    }
    const id = await appendStockEntry(
      tx,
      e.site_id,
      {
        kind: 'reversal',
        lotId: e.lot_id,
        locationId: e.location_id,
        ...(e.to_location_id === null ? {} : { toLocationId: e.to_location_id }),
        quantity: { ug: BigInt(e.quantity_ug), ul: BigInt(e.quantity_ul) },
        occurredAt: meta.now,
        recordedBy: actor.userId,
        reversesId: e.id,
        reason,
        ...(e.session_id === null ? {} : { sessionId: e.session_id }),
      },
      meta.now,
      'id',
    );
    await auditStock(tx, actor, meta, 'stock.reversal', 'stock_entry', id, { siteId: e.site_id, reverses: e.id, kind: e.kind });
    return id;
  });
}
