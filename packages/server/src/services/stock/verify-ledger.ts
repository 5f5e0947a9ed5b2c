/**
 * Use case: `kairos ledger verify` (issue 23, Must 8): every site's ketamine ledger walked in `seq`
 * order and checked from its rows alone. For each entry: `seq` follows the entry before without a
 * gap (the first is 1); `prev_hash` is the hash of the entry before (the first links to
 * `STOCK_GENESIS_HASH`); `hash` is the keyed hash of the entry as stored (`auditMac` over
 * `stockEntryPayload`, so a row changed without the audit key is found); its effects on stock,
 * recomputed by core's `stockEffectsOf` (a reversal's from the entry it reverses), are exactly the
 * stored `stock_effect` rows; and after it, no balance of a lot at a location is below zero. Each
 * site's walk stops at its first bad entry, which the verdict names (site, seq, entry id, what is
 * wrong). The check writes nothing.
 *
 * What it cannot see alone: entries deleted from the end of a chain leave no gap; each site's
 * `head` (last seq and hash) is in the verdict to compare with a copy kept elsewhere.
 *
 * @module
 */
import {
  NO_QUANTITY,
  addQuantities,
  formatMg,
  formatMl,
  isNegativeQuantity,
  sameQuantity,
  stockEffectsOf,
  stockKey,
  type Quantity,
  type StockEntryFacts,
} from '@kairos/core';
import type { StockLedgerBreak, StockLedgerVerify } from '@kairos/api';
import { sql } from 'kysely';
import { auditMac } from '../audit.js';
import type { Db } from '../../store/database.js';
import { STOCK_GENESIS_HASH, quantityOf, stockEntryPayload } from './internal/ledger.js';

/** Entries read at a time. */
const BATCH_ROWS = 2000;

type SiteVerdict = StockLedgerVerify['sites'][number];

/** Checks every site's ledger; `ok` only when every one holds. */
export async function verifyStockLedger(db: Db, { batchSize = BATCH_ROWS }: { batchSize?: number } = {}): Promise<StockLedgerVerify> {
  const sites = await db.selectFrom('site').select(['id', 'name']).orderBy('name').orderBy('id').execute();
  const verdicts: SiteVerdict[] = [];
  for (const site of sites) verdicts.push(await verifySiteLedger(db, site, batchSize));
  const firstBroken = verdicts.find((v) => v.firstBroken !== undefined)?.firstBroken;
  return {
    ok: firstBroken === undefined,
    entries: verdicts.reduce((n, v) => n + v.entries, 0),
    sites: verdicts,
    ...(firstBroken === undefined ? {} : { firstBroken }),
  };
}

const signed = (q: Quantity) => `${q.ul > 0n ? '+' : ''}${formatMl(q.ul)} (${q.ug > 0n ? '+' : ''}${formatMg(q.ug)})`;

async function verifySiteLedger(db: Db, site: { id: string; name: string }, batchSize: number): Promise<SiteVerdict> {
  const [lots, locations] = await Promise.all([
    db.selectFrom('stock_lot').select(['id', 'lot_number']).where('site_id', '=', site.id).execute(),
    db.selectFrom('stock_location').select(['id', 'name']).where('site_id', '=', site.id).execute(),
  ]);
  const lotName = new Map(lots.map((l) => [l.id, `lot ${l.lot_number}`]));
  const locationName = new Map(locations.map((l) => [l.id, l.name]));
  const where = (lotId: string, locationId: string) =>
    `${lotName.get(lotId) ?? `lot ${lotId}`} at ${locationName.get(locationId) ?? `location ${locationId}`}`;

  /** The facts of every entry checked so far, for the reversals that follow. */
  const facts = new Map<string, StockEntryFacts>();
  const balances = new Map<string, Quantity>();
  let prevHash = STOCK_GENESIS_HASH;
  let prevSeq = 0n;
  let entries = 0;
  const verdict = (firstBroken?: StockLedgerBreak): SiteVerdict => ({
    siteId: site.id,
    siteName: site.name,
    entries,
    head: prevSeq === 0n ? null : { seq: prevSeq.toString(), hash: prevHash },
    ...(firstBroken === undefined ? {} : { firstBroken }),
  });

  for (;;) {
    const rows = await db
      .selectFrom('stock_entry')
      .selectAll()
      .where('site_id', '=', site.id)
      .where(sql<boolean>`seq > ${prevSeq.toString()}::bigint`)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return verdict();
    const stored = await db
      .selectFrom('stock_effect')
      .selectAll()
      .where(
        'entry_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    const effectsOf = new Map<string, typeof stored>();
    for (const e of stored) effectsOf.set(e.entry_id, [...(effectsOf.get(e.entry_id) ?? []), e]);

    for (const r of rows) {
      const seq = BigInt(r.seq);
      const broken = (reason: string) => verdict({ siteId: site.id, seq: seq.toString(), entryId: r.id, reason });
      if (seq !== prevSeq + 1n)
        return broken(
          prevSeq === 0n
            ? `the ledger starts at seq ${seq}, not 1: entries before it are missing`
            : `seq ${seq} follows seq ${prevSeq}: ${seq - prevSeq - 1n === 1n ? 'an entry is' : `${seq - prevSeq - 1n} entries are`} missing`,
        );
      if (r.prev_hash !== prevHash) return broken('does not link to the entry before it (its prev_hash is not that entry’s hash)');
      const quantity = quantityOf(r.quantity_ug, r.quantity_ul);
      const expected = auditMac(
        stockEntryPayload({
          prevHash: r.prev_hash,
          id: r.id,
          siteId: r.site_id,
          seq,
          kind: r.kind,
          lotId: r.lot_id,
          locationId: r.location_id,
          toLocationId: r.to_location_id,
          quantity,
          occurredAt: r.occurred_at,
          recordedAt: r.recorded_at,
          recordedBy: r.recorded_by,
          witnesses: r.witnesses,
          sessionId: r.session_id,
          doseOrderId: r.dose_order_id,
          drawId: r.draw_id,
          reversesId: r.reverses_id,
          reason: r.reason,
          details: r.details,
        }),
      );
      if (expected !== r.hash) return broken('its content does not match its hash (the entry was changed)');

      let reverses: StockEntryFacts | undefined;
      if (r.reverses_id !== null) {
        reverses = facts.get(r.reverses_id);
        if (reverses === undefined) return broken(`reverses entry ${r.reverses_id}, which is not an earlier entry of this site’s ledger`);
      }
      const entry: StockEntryFacts = {
        kind: r.kind,
        lotId: r.lot_id,
        locationId: r.location_id,
        ...(r.to_location_id === null ? {} : { toLocationId: r.to_location_id }),
        quantity,
        ...(reverses === undefined ? {} : { reverses }),
      };
      // The effects as the writer stores them: one row per lot at a location, summed.
      const recomputed = new Map<string, { lotId: string; locationId: string; delta: Quantity }>();
      try {
        for (const e of stockEffectsOf(entry)) {
          const key = stockKey(e.lotId, e.locationId);
          recomputed.set(key, { ...e, delta: addQuantities(recomputed.get(key)?.delta ?? NO_QUANTITY, e.delta) });
        }
      } catch (err) {
        return broken(`its effects on stock cannot be computed: ${err instanceof Error ? err.message : String(err)}`);
      }
      const mine = effectsOf.get(r.id) ?? [];
      for (const s of mine) {
        if (s.site_id !== site.id) return broken(`its effect on ${where(s.lot_id, s.location_id)} is stored for another site`);
        const want = recomputed.get(stockKey(s.lot_id, s.location_id));
        const got = quantityOf(s.delta_ug, s.delta_ul);
        if (want === undefined)
          return broken(`a stored effect on ${where(s.lot_id, s.location_id)} (${signed(got)}) is not one the entry makes`);
        if (!sameQuantity(want.delta, got))
          return broken(
            `its effect on ${where(s.lot_id, s.location_id)} is stored as ${signed(got)}; the entry makes ${signed(want.delta)}`,
          );
      }
      for (const [key, want] of recomputed)
        if (!mine.some((s) => stockKey(s.lot_id, s.location_id) === key))
          return broken(`its effect on ${where(want.lotId, want.locationId)} (${signed(want.delta)}) is not stored`);

      for (const [key, want] of recomputed) {
        const after = addQuantities(balances.get(key) ?? NO_QUANTITY, want.delta);
        if (isNegativeQuantity(after))
          return broken(
            `takes ${where(want.lotId, want.locationId)} below zero: ${formatMl(after.ul)} (${formatMg(after.ug)}) after this entry`,
          );
        balances.set(key, after);
      }
      facts.set(r.id, entry);
      prevHash = r.hash;
      prevSeq = seq;
      entries++;
    }
  }
}
