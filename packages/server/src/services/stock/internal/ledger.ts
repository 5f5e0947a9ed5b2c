/**
 * Writing and reading the ketamine stock ledger (migration 0027): one entry at a time under the
 * site's stock lock, checked by core against the balances it would change (a balance never goes
 * below zero), chained to the site's previous entry by an HMAC keyed like the audit chain, with its
 * effects on stock written beside it.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  NO_QUANTITY,
  addQuantities,
  checkStockEntry,
  formatMg,
  formatMl,
  stockEffectsOf,
  stockKey,
  type Quantity,
  type StockEntryFacts,
  type StockEntryKind,
} from '@kairos/core';
import { sql } from 'kysely';
import { AppError } from '../../../errors.js';
import { auditMac, canonicalJson } from '../../audit.js';
import type { Db } from '../../../store/database.js';

/** The first entry's previous hash. */
export const STOCK_GENESIS_HASH = '0'.repeat(64);

/** Holds the site's stock lock until the transaction ends: one writer of a site's ledger at a time. */
export async function lockSiteStock(tx: Db, siteId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`kairos.stock:${siteId}`}, 0))`.execute(tx);
}

/** A quantity from its bigint columns as read (decimal strings). */
export const quantityOf = (ug: string | bigint, ul: string | bigint): Quantity => ({ ug: BigInt(ug), ul: BigInt(ul) });

/** A quantity for the API: integer µg and µL as numbers. */
export const quantityJson = (q: Quantity) => ({ ug: Number(q.ug), ul: Number(q.ul) });

/** The balance of each lot at each location of a site (or of one lot), from the effects. */
export async function stockBalances(tx: Db, siteId: string, lotId?: string): Promise<Map<string, Quantity>> {
  let q = tx
    .selectFrom('stock_effect')
    .select(['lot_id', 'location_id', sql<string>`sum(delta_ug)`.as('ug'), sql<string>`sum(delta_ul)`.as('ul')])
    .where('site_id', '=', siteId)
    .groupBy(['lot_id', 'location_id']);
  if (lotId !== undefined) q = q.where('lot_id', '=', lotId);
  const rows = await q.execute();
  return new Map(rows.map((r) => [stockKey(r.lot_id, r.location_id), quantityOf(r.ug, r.ul)]));
}

/** A new ledger entry. */
export interface NewStockEntry {
  readonly kind: StockEntryKind;
  readonly lotId: string;
  readonly locationId: string;
  readonly toLocationId?: string;
  readonly quantity: Quantity;
  readonly occurredAt: Date;
  readonly recordedBy: string;
  readonly witnesses?: readonly string[];
  readonly sessionId?: string;
  readonly doseOrderId?: string;
  readonly drawId?: string;
  readonly reversesId?: string;
  readonly reason?: string;
  readonly details?: Record<string, unknown>;
}

/** The fields an entry's hash covers, in order. */
export function stockEntryPayload(e: {
  prevHash: string;
  id: string;
  siteId: string;
  seq: bigint;
  kind: string;
  lotId: string;
  locationId: string;
  toLocationId: string | null;
  quantity: Quantity;
  occurredAt: Date;
  recordedAt: Date;
  recordedBy: string;
  witnesses: readonly string[];
  sessionId: string | null;
  doseOrderId: string | null;
  drawId: string | null;
  reversesId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}): string {
  return canonicalJson([
    e.prevHash,
    e.id,
    e.siteId,
    e.seq.toString(),
    e.kind,
    e.lotId,
    e.locationId,
    e.toLocationId,
    e.quantity.ug.toString(),
    e.quantity.ul.toString(),
    e.occurredAt.toISOString(),
    e.recordedAt.toISOString(),
    e.recordedBy,
    [...e.witnesses],
    e.sessionId,
    e.doseOrderId,
    e.drawId,
    e.reversesId,
    e.reason,
    e.details,
  ]);
}

/** The facts core needs of a stored entry (a reversal carries the reversed entry's). */
export async function entryFacts(tx: Db, entryId: string): Promise<StockEntryFacts> {
  const e = await tx.selectFrom('stock_entry').selectAll().where('id', '=', entryId).executeTakeFirstOrThrow();
  return {
    kind: e.kind,
    lotId: e.lot_id,
    locationId: e.location_id,
    ...(e.to_location_id === null ? {} : { toLocationId: e.to_location_id }),
    quantity: quantityOf(e.quantity_ug, e.quantity_ul),
    ...(e.reverses_id === null ? {} : { reverses: await entryFacts(tx, e.reverses_id) }),
  };
}

/**
 * Appends one entry to the site's ledger. Takes the site's stock lock, refuses (409 naming `field`
 * and the balance) an entry that would take a lot at a location below zero, chains the entry and
 * writes its effects. Call inside the act's transaction.
 */
export async function appendStockEntry(tx: Db, siteId: string, e: NewStockEntry, now: Date, field = 'volumeMl'): Promise<string> {
  await lockSiteStock(tx, siteId);
  const facts: StockEntryFacts = {
    kind: e.kind,
    lotId: e.lotId,
    locationId: e.locationId,
    ...(e.toLocationId === undefined ? {} : { toLocationId: e.toLocationId }),
    quantity: e.quantity,
    ...(e.reversesId === undefined ? {} : { reverses: await entryFacts(tx, e.reversesId) }),
  };
  const shortfalls = checkStockEntry(facts, await stockBalances(tx, siteId, e.lotId));
  const short = shortfalls[0];
  if (short !== undefined) {
    const names = await tx
      .selectFrom('stock_lot as l')
      .innerJoin('stock_location as loc', (j) => j.on('loc.id', '=', short.locationId))
      .select(['l.lot_number', 'loc.name'])
      .where('l.id', '=', short.lotId)
      .executeTakeFirst();
    throw new AppError(
      'CONFLICT',
      `lot ${names?.lot_number ?? ''} at ${names?.name ?? 'this location'} holds ${formatMl(short.balance.ul)} (${formatMg(short.balance.ug)}): not enough for this entry`,
      {
        code: 'STOCK_SHORT',
        issues: [{ field, message: `more than the ${formatMl(short.balance.ul)} in stock` }],
        balance: { ug: Number(short.balance.ug), ul: Number(short.balance.ul) },
      },
    );
  }
  const head = await tx
    .selectFrom('stock_entry')
    .select(['seq', 'hash'])
    .where('site_id', '=', siteId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = {
    prevHash: head?.hash ?? STOCK_GENESIS_HASH,
    id: randomUUID(),
    siteId,
    seq: head === undefined ? 1n : BigInt(head.seq) + 1n,
    kind: e.kind,
    lotId: e.lotId,
    locationId: e.locationId,
    toLocationId: e.toLocationId ?? null,
    quantity: e.quantity,
    occurredAt: e.occurredAt,
    recordedAt: now,
    recordedBy: e.recordedBy,
    witnesses: e.witnesses ?? [],
    sessionId: e.sessionId ?? null,
    doseOrderId: e.doseOrderId ?? null,
    drawId: e.drawId ?? null,
    reversesId: e.reversesId ?? null,
    reason: e.reason ?? null,
    details: e.details ?? {},
  };
  await tx
    .insertInto('stock_entry')
    .values({
      id: row.id,
      site_id: siteId,
      seq: row.seq,
      kind: row.kind,
      lot_id: row.lotId,
      location_id: row.locationId,
      to_location_id: row.toLocationId,
      quantity_ug: row.quantity.ug,
      quantity_ul: row.quantity.ul,
      occurred_at: row.occurredAt,
      recorded_at: row.recordedAt,
      recorded_by: row.recordedBy,
      witnesses: [...row.witnesses],
      session_id: row.sessionId,
      dose_order_id: row.doseOrderId,
      draw_id: row.drawId,
      reverses_id: row.reversesId,
      reason: row.reason,
      details: JSON.stringify(row.details),
      prev_hash: row.prevHash,
      hash: auditMac(stockEntryPayload(row)),
    })
    .execute();
  // Effects on one lot at one location add up (a transfer to its own location is refused before).
  const merged = new Map<string, { lotId: string; locationId: string; delta: Quantity }>();
  for (const effect of stockEffectsOf(facts)) {
    const key = stockKey(effect.lotId, effect.locationId);
    const prior = merged.get(key);
    merged.set(key, { ...effect, delta: addQuantities(prior?.delta ?? NO_QUANTITY, effect.delta) });
  }
  if (merged.size > 0) {
    await tx
      .insertInto('stock_effect')
      .values(
        [...merged.values()].map((m) => ({
          entry_id: row.id,
          site_id: siteId,
          lot_id: m.lotId,
          location_id: m.locationId,
          delta_ug: m.delta.ug,
          delta_ul: m.delta.ul,
        })),
      )
      .execute();
  }
  return row.id;
}
