/**
 * What the stock records exports share (the CSV of one kind, the PDF of all): the site with its DEA
 * registration, the range of site-local days as instants, and the ledger's entries of a kind of
 * record in words, as 21 CFR 1304.22(c) asks (clinical-facts.md section 9): the substance, its form
 * and strength, the quantity, the date, for an administration the patient and who gave it, for a
 * receipt the supplier's name, address and DEA number, for any other disposal the manner and the
 * witnesses.
 *
 * A corrected entry stays on record: a reversal is listed with the kind of record of the entry it
 * reverses (its quantity negative), and the reversed entry says when and by whom it was reversed.
 *
 * @module
 */
import { daysBetweenIsoDates, localDateOf, localDateTimeOf, localDaysToUtcRange, type StockEntryKind } from '@kairos/core';
import type { StockRecordKind } from '@kairos/api';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../../store/database.js';
import { fieldProblem, siteOf } from './stock-guards.js';

/** The substance every record names (the products are its forms and strengths). */
export const STOCK_SUBSTANCE = 'Ketamine hydrochloride';

/** A patient whose address is not recorded: the records say so rather than print nothing. */
export const PATIENT_ADDRESS_NOT_RECORDED = 'not recorded';

/** The ledger kinds each kind of record lists. Transfers (within the site) and count adjustments are on neither. */
export const RECORD_ENTRY_KINDS: Readonly<Record<StockRecordKind, readonly StockEntryKind[]>> = {
  administrations: ['administration'],
  receipts: ['receipt'],
  disposals: ['draw-waste', 'remnant-waste', 'expiry', 'destruction', 'return', 'loss'],
};

/** A ledger kind in words, as a record prints it. */
export const ENTRY_KIND_WORDS: Readonly<Record<StockEntryKind, string>> = {
  receipt: 'Receipt',
  draw: 'Draw',
  administration: 'Administration',
  'draw-waste': 'Waste of a draw after the infusion',
  'remnant-waste': 'Waste of an opened vial’s remnant',
  transfer: 'Transfer',
  return: 'Return to the supplier',
  destruction: 'Destruction',
  loss: 'Loss',
  expiry: 'Expired stock removed',
  'count-adjustment': 'Count adjustment',
  reversal: 'Reversal',
};

/** The site a record is printed for. */
export interface RecordsSite {
  id: string;
  name: string;
  timeZone: string;
  synthetic: boolean;
  /** The latest DEA registration recorded; null when none is. */
  dea: { number: string; schedules: string[]; expiresOn: string } | null;
}

export async function recordsSiteOf(tx: Db, siteId: string): Promise<RecordsSite> {
  const site = await siteOf(tx, siteId);
  const [extra, dea] = await Promise.all([
    tx.selectFrom('site').select('synthetic').where('id', '=', siteId).executeTakeFirstOrThrow(),
    tx
      .selectFrom('site_dea_registration')
      .select(['number', 'schedules', 'expires_on'])
      .where('site_id', '=', siteId)
      .orderBy('recorded_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    id: site.id,
    name: site.name,
    timeZone: site.time_zone,
    synthetic: extra.synthetic,
    dea: dea === undefined ? null : { number: dea.number, schedules: dea.schedules, expiresOn: dea.expires_on },
  };
}

/** The instants of site-local days `from` to `to`, both included: [from, to). */
export interface RecordsRange {
  from: string;
  to: string;
  fromAt: Date;
  toAt: Date;
}

export function recordsRangeOf(site: RecordsSite, from: string, to: string): RecordsRange {
  let instants: { from: string; to: string };
  try {
    instants = localDaysToUtcRange(from, daysBetweenIsoDates(from, to) + 1, site.timeZone);
  } catch (err) {
    // The calendar ends with 9999-12-31: the day after it cannot be placed.
    if (err instanceof RangeError) throw fieldProblem('querystring.to', 'is past the last day the calendar can place');
    throw err;
  }
  return { from, to, fromAt: new Date(instants.from), toAt: new Date(instants.to) };
}

/** One entry of a record, in words: what the CSV and the PDF print. */
export interface StockRecord {
  entryId: string;
  seq: string;
  /** Site-local date and time (`YYYY-MM-DD`, `HH:MM`) of the movement. */
  date: string;
  time: string;
  kind: StockEntryKind;
  /** The kind in words; a reversal's says what it reverses. */
  kindWords: string;
  productName: string;
  strengthMgPerMl: number;
  lotNumber: string;
  lotExpiresOn: string;
  locationName: string;
  /** mg and mL as decimal numbers (negative for a reversal: the amount it undoes). */
  mg: string;
  ml: string;
  recordedBy: string;
  /** Who drew the solution an administration gave (the nurse at the chair). */
  drawnBy: string | null;
  patient: { id: string; name: string; mrn: string; address: string | null } | null;
  witnesses: string[];
  reason: string | null;
  /** A destruction's or a return's manner, when its entry gives one (`details.method`). */
  method: string | null;
  /** A receipt's facts (`details`): the day received, vials, supplier, invoice. */
  receipt: {
    receivedOn: string;
    vials: number | null;
    supplierName: string | null;
    supplierAddress: string | null;
    supplierDeaNumber: string | null;
    invoiceRef: string | null;
  } | null;
  /** Either "reverses the entry of …" (a reversal) or "reversed … by …: reason" (a reversed entry); null otherwise. */
  correction: string | null;
}

/** A whole number of thousandths as a decimal number: 2500000n -> "2500", 34350n -> "34.35", -700n -> "-0.7". */
export function thousandthsText(n: bigint): string {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const frac = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${(abs / 1000n).toString()}${frac === '' ? '' : `.${frac}`}`;
}

/**
 * The entries of `kinds` of record in the range: an entry of one of their ledger kinds, or a
 * reversal of one; a receipt by the day received, any other entry by when it happened.
 */
function recordEntries(db: Db, siteId: string, kinds: readonly StockRecordKind[], range: RecordsRange) {
  const ledgerKinds = kinds.flatMap((k) => RECORD_ENTRY_KINDS[k]);
  return db
    .selectFrom('stock_entry as e')
    .leftJoin('stock_entry as r', 'r.id', 'e.reverses_id')
    .where('e.site_id', '=', siteId)
    .where((eb) =>
      eb.or([
        // A receipt belongs to the day the containers were received (entered perhaps a day later).
        sql<boolean>`e.kind = 'receipt' AND e.details->>'receivedOn' BETWEEN ${range.from} AND ${range.to}`,
        sql<boolean>`NOT (e.kind = 'receipt' AND e.details->>'receivedOn' IS NOT NULL) AND e.occurred_at >= ${range.fromAt} AND e.occurred_at < ${range.toAt}`,
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('e.kind', 'in', ledgerKinds),
        eb.and([eb('e.kind', '=', 'reversal'), eb('r.kind', 'in', ledgerKinds)]) as Expression<SqlBool>,
      ]),
    );
}

/** How many entries the range holds of `kinds`. */
export async function countRecords(db: Db, siteId: string, kinds: readonly StockRecordKind[], range: RecordsRange): Promise<number> {
  const row = await recordEntries(db, siteId, kinds, range)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The patients the administrations of the range name (for the export's audit event). */
export async function recordPatientIds(db: Db, siteId: string, range: RecordsRange): Promise<string[]> {
  const rows = await recordEntries(db, siteId, ['administrations'], range)
    .innerJoin('dosing_session as s', (j) => j.on((eb) => eb('s.id', '=', eb.fn.coalesce('e.session_id', 'r.session_id'))))
    .select('s.patient_id')
    .distinct()
    .execute();
  return rows.map((r) => r.patient_id).sort();
}

/** The next `limit` entries of `kinds` in the range after `afterSeq` (0: from the start), in ledger order, in words. */
export async function recordRows(
  db: Db,
  site: RecordsSite,
  kinds: readonly StockRecordKind[],
  range: RecordsRange,
  { afterSeq = '0', limit }: { afterSeq?: string; limit: number },
): Promise<StockRecord[]> {
  const rows = await recordEntries(db, site.id, kinds, range)
    .innerJoin('stock_lot as l', 'l.id', 'e.lot_id')
    .innerJoin('stock_product as p', 'p.id', 'l.product_id')
    .innerJoin('stock_location as loc', 'loc.id', 'e.location_id')
    .innerJoin('app_user as u', 'u.id', 'e.recorded_by')
    .leftJoin('stock_entry as d', (j) => j.on((eb) => eb('d.id', '=', eb.fn.coalesce('e.draw_id', 'r.draw_id'))))
    .leftJoin('app_user as du', 'du.id', 'd.recorded_by')
    .leftJoin('dosing_session as s', (j) => j.on((eb) => eb('s.id', '=', eb.fn.coalesce('e.session_id', 'r.session_id'))))
    .leftJoin('patient as pt', 'pt.id', 's.patient_id')
    .leftJoin('stock_entry as rv', 'rv.reverses_id', 'e.id')
    .leftJoin('app_user as rvu', 'rvu.id', 'rv.recorded_by')
    .select([
      'e.id',
      'e.seq',
      'e.kind',
      'e.occurred_at',
      'e.quantity_ug',
      'e.quantity_ul',
      'e.reason',
      'e.details',
      'r.kind as reversed_kind',
      'r.occurred_at as reversed_at',
      'r.quantity_ug as reversed_ug',
      'r.quantity_ul as reversed_ul',
      'r.details as reversed_details',
      'p.name as product_name',
      'p.strength_mg_per_ml',
      'l.lot_number',
      'l.expires_on',
      'loc.name as location_name',
      'u.display_name as recorded_by',
      'du.display_name as drawn_by',
      'pt.id as patient_id',
      'pt.address as patient_address',
      'pt.given_name',
      'pt.family_name',
      'pt.mrn',
      'rv.occurred_at as reversal_at',
      'rv.reason as reversal_reason',
      'rvu.display_name as reversal_by',
      sql<string[] | null>`(SELECT array_agg(w.display_name ORDER BY w.display_name) FROM app_user w WHERE w.id = ANY(e.witnesses))`.as(
        'witness_names',
      ),
    ])
    .where(sql<boolean>`e.seq > ${afterSeq}::bigint`)
    .orderBy('e.seq')
    .limit(limit)
    .execute();
  const at = (d: Date) => {
    const local = localDateTimeOf(d, site.timeZone);
    return `${local.date} ${local.time}`;
  };
  return rows.map((r) => {
    const reversal = r.kind === 'reversal';
    const subjectKind = reversal && r.reversed_kind !== null ? r.reversed_kind : r.kind;
    // A reversal undoes the amount of the entry it reverses.
    const ug = reversal ? -BigInt(r.reversed_ug ?? 0) : BigInt(r.quantity_ug);
    const ul = reversal ? -BigInt(r.reversed_ul ?? 0) : BigInt(r.quantity_ul);
    const details = (reversal ? r.reversed_details : r.details) ?? {};
    const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
    const supplier = (typeof details.supplier === 'object' && details.supplier !== null ? details.supplier : {}) as Record<string, unknown>;
    const local = localDateTimeOf(r.occurred_at, site.timeZone);
    return {
      entryId: r.id,
      seq: String(r.seq),
      date: local.date,
      time: local.time,
      kind: subjectKind,
      kindWords: reversal ? `Reversal: ${ENTRY_KIND_WORDS[subjectKind].toLowerCase()}` : ENTRY_KIND_WORDS[subjectKind],
      productName: r.product_name,
      strengthMgPerMl: r.strength_mg_per_ml,
      lotNumber: r.lot_number,
      lotExpiresOn: r.expires_on,
      locationName: r.location_name,
      mg: thousandthsText(ug),
      ml: thousandthsText(ul),
      recordedBy: r.recorded_by,
      drawnBy: r.drawn_by,
      patient:
        r.patient_id === null
          ? null
          : { id: r.patient_id, name: `${r.given_name ?? ''} ${r.family_name ?? ''}`.trim(), mrn: r.mrn ?? '', address: r.patient_address },
      witnesses: r.witness_names ?? [],
      reason: r.reason,
      method: text(details.method),
      receipt:
        subjectKind === 'receipt'
          ? {
              receivedOn: text(details.receivedOn) ?? localDateOf(r.occurred_at, site.timeZone),
              vials: typeof details.vials === 'number' ? (reversal ? -details.vials : details.vials) : null,
              supplierName: text(supplier.name),
              supplierAddress: text(supplier.address),
              supplierDeaNumber: text(supplier.deaNumber),
              invoiceRef: text(details.invoiceRef),
            }
          : null,
      correction:
        reversal && r.reversed_at !== null
          ? `reverses the entry of ${at(r.reversed_at)}`
          : r.reversal_at !== null
            ? `reversed ${at(r.reversal_at)} by ${r.reversal_by ?? 'unknown'}${r.reversal_reason === null ? '' : `: ${r.reversal_reason}`}`
            : null,
    };
  });
}

/** "DEA registration AB1234563, schedules 2, 3, 4, 5, expires 2028-06-30", or that none is recorded. */
export function deaLine(site: RecordsSite): string {
  return site.dea === null
    ? 'DEA registration: not recorded'
    : `DEA registration ${site.dea.number}, schedules ${site.dea.schedules.join(', ')}, expires ${site.dea.expiresOn}`;
}
