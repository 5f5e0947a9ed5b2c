/**
 * Ketamine stock (issue 23): the site's DEA registration, products, storage locations and lots;
 * receipts; the draw for a dosing session and the witnessed waste of what was not given. Quantities
 * travel as integer µg of ketamine and µL of solution (JSON numbers, exact below 2^53); people type
 * mL (at most three decimals: whole µL) and vials.
 *
 * Who: `stock.move` (the licensed roles: medical director, prescriber, nurse) receives, draws,
 * wastes and reads stock; `stock.configure` (medical director, prescriber) records the site's DEA
 * registration, products and locations; admins see nothing of it (design.md).
 *
 * @module
 */
import { STOCK_ENTRY_KINDS, checkDeaNumber, isIsoDate, wholeYearsBetweenIsoDates } from '@kairos/core';
import { z } from 'zod';
import { IsoDate, IsoInstant, Reason, StepUpToken, pureSchema } from './common.js';

/** System limits of stock records (not clinical numbers). */
export const STOCK_LIMITS = {
  /** Vials one receipt may bring (a pharmacy order of a clinic). */
  vialsPerReceipt: 1000,
  /** The largest vial: 100 mL. */
  vialMaxMl: 100,
  /** The largest single volume typed: 1,000 mL. */
  volumeMaxMl: 1000,
  textChars: 200,
  addressChars: 500,
} as const;

export const StockEntryKindSchema = z.enum(STOCK_ENTRY_KINDS);
export type StockEntryKind = z.infer<typeof StockEntryKindSchema>;

/** A volume in mL is whole µL: at most three decimals. */
const wholeMicrolitres = (ml: number) => /^\d+(\.\d{1,3})?$/.test(String(ml));

/** A volume typed in mL: above 0, at most three decimals (whole µL). */
export const VolumeMl = z
  .number()
  .positive('more than 0 mL')
  .max(STOCK_LIMITS.volumeMaxMl, `at most ${STOCK_LIMITS.volumeMaxMl} mL`)
  .refine(wholeMicrolitres, 'at most three decimals (whole µL)');

/** A DEA registration number: 2 capital letters and 7 digits with a correct check digit. */
export const DeaNumber = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = checkDeaNumber(v);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

const Text = z.string().trim().min(1, 'required').max(STOCK_LIMITS.textChars, `at most ${STOCK_LIMITS.textChars} characters`);

/** An amount: integer µg of ketamine in µL of solution. */
export const StockQuantitySchema = z.object({ ug: z.number().int(), ul: z.number().int() });
export type StockQuantity = z.infer<typeof StockQuantitySchema>;

const Person = z.object({ id: z.uuid(), displayName: z.string() });

// ---- set-up: DEA registration, products, locations ----

/** The DEA schedules a registration may cover. */
export const DEA_SCHEDULES = ['2', '2N', '3', '3N', '4', '5'] as const;

/** `PUT /api/sites/:id/stock/dea-registration`: the site's own registration (a new one replaces it; the old stay on record). */
export const DeaRegistrationBodySchema = z.strictObject({
  number: DeaNumber,
  schedules: z
    .array(z.enum(DEA_SCHEDULES))
    .min(1, 'at least one schedule')
    .max(DEA_SCHEDULES.length)
    .refine((s) => s.includes('3'), 'ketamine is Schedule III: the registration must cover schedule 3'),
  expiresOn: IsoDate,
});
export type DeaRegistrationBody = z.infer<typeof DeaRegistrationBodySchema>;

export const DeaRegistrationSchema = z.object({
  number: z.string(),
  schedules: z.array(z.string()),
  expiresOn: z.string(),
  recordedBy: Person,
  recordedAt: IsoInstant,
});
export type DeaRegistration = z.infer<typeof DeaRegistrationSchema>;

/** `POST /api/sites/:id/stock/products`: ketamine hydrochloride as on the label. */
export const StockProductBodySchema = z.strictObject({
  name: Text,
  /** mg of ketamine per mL (a whole number: the label's strengths are 10, 50 and 100). */
  strengthMgPerMl: z.number().int('a whole number of mg/mL').positive('more than 0').max(1000),
  vialVolumeMl: /* @__PURE__ */ VolumeMl.refine((v) => v <= STOCK_LIMITS.vialMaxMl, `at most ${STOCK_LIMITS.vialMaxMl} mL`),
  /** The National Drug Code as printed: 10 digits in 4-4-2, 5-3-2 or 5-4-1 form, or 11 digits (5-4-2). */
  ndc: z
    .string()
    .trim()
    .regex(
      /^(\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1}|\d{5}-\d{4}-\d{2})$/,
      'an NDC such as 0409-2053-05 (4-4-2, 5-3-2, 5-4-1 or 5-4-2)',
    ),
});
export type StockProductBody = z.infer<typeof StockProductBodySchema>;

export const StockProductSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  strengthMgPerMl: z.number(),
  vialVolumeUl: z.number().int(),
  ndc: z.string(),
});
export type StockProduct = z.infer<typeof StockProductSchema>;

/** `POST /api/sites/:id/stock/locations`: a place stock is kept (the safe, a crash-cart box). */
export const StockLocationBodySchema = z.strictObject({ name: Text });
export type StockLocationBody = z.infer<typeof StockLocationBodySchema>;

export const StockLocationSchema = z.object({ id: z.uuid(), name: z.string() });
export type StockLocation = z.infer<typeof StockLocationSchema>;

// ---- receipt ----

/** `POST /api/sites/:id/stock/receipts`: vials of one lot received into one location. */
export const StockReceiptBodySchema = z.strictObject({
  productId: z.uuid(),
  lotNumber: Text,
  /** The lot's expiry as printed. */
  expiresOn: IsoDate,
  locationId: z.uuid(),
  vials: z.number().int('a whole number of vials').positive('at least 1 vial').max(STOCK_LIMITS.vialsPerReceipt),
  receivedOn: IsoDate,
  supplier: z.strictObject({
    name: Text,
    address: z.string().trim().min(1, 'required').max(STOCK_LIMITS.addressChars),
    deaNumber: DeaNumber,
  }),
  /** The invoice or order form (DEA Form 222 is for Schedule II; an invoice for Schedule III). */
  invoiceRef: Text,
});
export type StockReceiptBody = z.infer<typeof StockReceiptBodySchema>;

// ---- the stock page ----

/** A lot at a location. */
export const StockLineSchema = z.object({
  lotId: z.uuid(),
  lotNumber: z.string(),
  productId: z.uuid(),
  productName: z.string(),
  strengthMgPerMl: z.number(),
  expiresOn: z.string(),
  /** The lot is past its expiry date (at the site's today): never drawn, destroyed or returned. */
  expired: z.boolean(),
  /** Expires within the site's warning days. */
  expiresSoon: z.boolean(),
  locationId: z.uuid(),
  locationName: z.string(),
  balance: StockQuantitySchema,
  sealedVials: z.number().int(),
  /** Solution left in the opened vial, µL (0: none open). */
  remnantUl: z.number().int(),
  /** When the opened vial's remnant stops being usable (the end of the day it was opened, a site setting). */
  remnantUsableUntil: /* @__PURE__ */ IsoInstant.nullable(),
});
export type StockLine = z.infer<typeof StockLineSchema>;

/** A dosing session whose draw is not yet accounted for (drawn = given + wasted). */
export const OpenDrawSchema = z.object({
  drawId: z.uuid(),
  sessionId: z.uuid(),
  patientName: z.string(),
  drawnAt: IsoInstant,
  drawnBy: Person,
  remaining: StockQuantitySchema,
});
export type OpenDraw = z.infer<typeof OpenDrawSchema>;

/** The site's stock settings (site defaults, for the medical director to review). */
export const StockSettingsSchema = z.object({
  /** Lots expiring within this many days are flagged (30 by default). */
  expiryWarningDays: z.number().int(),
  /** Days an opened vial's remnant is kept beyond the day it was opened (0: the end of that day). */
  openVialExtraDays: z.number().int(),
});
export type StockSettings = z.infer<typeof StockSettingsSchema>;

// ---- a dosing session's draw and waste ----

/** `POST /api/sessions/:id/stock/draw`: solution drawn from a lot at a location for the session's dose order. */
export const StockDrawBodySchema = z.strictObject({
  lotId: z.uuid(),
  locationId: z.uuid(),
  volumeMl: VolumeMl,
});
export type StockDrawBody = z.infer<typeof StockDrawBodySchema>;

/**
 * `POST /api/sessions/:id/stock/waste`: after the infusion ends, what remains of a draw is wasted
 * with a reason and a witness (a second licensed user, not the drawer, through step-up). The given
 * amount is what the session's infusion delivered; the waste must make drawn = given + wasted.
 */
export const StockWasteBodySchema = pureSchema(() =>
  z.strictObject({
    drawId: z.uuid(),
    volumeMl: z
      .number()
      .min(0, 'at least 0 mL')
      .max(STOCK_LIMITS.volumeMaxMl)
      .refine(wholeMicrolitres, 'at most three decimals (whole µL)'),
    reason: Reason,
    stepUpToken: StepUpToken,
  }),
);
export type StockWasteBody = z.infer<typeof StockWasteBodySchema>;

/** One draw of a session and what accounts for it. */
export const SessionDrawSchema = z.object({
  id: z.uuid(),
  lotNumber: z.string(),
  productName: z.string(),
  strengthMgPerMl: z.number(),
  locationName: z.string(),
  drawnAt: IsoInstant,
  drawnBy: Person,
  drawn: StockQuantitySchema,
  given: StockQuantitySchema,
  wasted: StockQuantitySchema,
  remaining: StockQuantitySchema,
  state: z.enum(['to-account', 'reconciled']),
  witnesses: z.array(Person),
  wasteReason: z.string().nullable(),
});
export type SessionDraw = z.infer<typeof SessionDrawSchema>;

/** A lot the session may draw from: the order's strength, not expired, with stock at a location. */
export const DrawableLotSchema = z.object({
  lotId: z.uuid(),
  lotNumber: z.string(),
  productName: z.string(),
  expiresOn: z.string(),
  locationId: z.uuid(),
  locationName: z.string(),
  balance: StockQuantitySchema,
  remnantUl: z.number().int(),
});
export type DrawableLot = z.infer<typeof DrawableLotSchema>;

/** `GET /api/sessions/:id/stock`: the console's ketamine card. */
export const SessionStockSchema = z.object({
  /** The site keeps its ketamine stock in Kairos (it has a product): draws are then required. */
  kept: z.boolean(),
  /** The dose order's drawn volume and strength; null before an order. */
  order: z.object({ drawnUl: z.number().int(), strengthMgPerMl: z.number(), doseUg: z.number().int() }).nullable(),
  draws: z.array(SessionDrawSchema),
  lots: z.array(DrawableLotSchema),
  /** What the infusion gave so far (the session's computed course), for the waste form; null before the infusion ended. */
  givenIfWastedNow: /* @__PURE__ */ StockQuantitySchema.nullable(),
  /** The infusion has ended (or the session ended without one): the remainder may be wasted. */
  wasteOpen: z.boolean(),
});
export type SessionStock = z.infer<typeof SessionStockSchema>;

/** The answer of a stock record created (a product, a location, a receipt). */
export const StockCreatedSchema = z.object({ id: z.uuid() });
export type StockCreated = z.infer<typeof StockCreatedSchema>;

// ---- other movements ----

const Vials = z.number().int('a whole number of vials').positive('at least 1 vial').max(STOCK_LIMITS.vialsPerReceipt);
const LongText = z.string().trim().min(3, 'at least 3 characters').max(2000, 'at most 2000 characters');

/** `POST /api/sites/:id/stock/transfers`: sealed vials moved between two locations of the site (both sides in one entry). */
export const StockTransferBodySchema = z
  .strictObject({ lotId: z.uuid(), fromLocationId: z.uuid(), toLocationId: z.uuid(), vials: Vials })
  .refine((b) => b.fromLocationId !== b.toLocationId, { path: ['toLocationId'], message: 'another location than where the vials are' });
export type StockTransferBody = z.infer<typeof StockTransferBodySchema>;

/** `POST /api/sites/:id/stock/returns`: sealed vials returned to the supplier (or a reverse distributor). */
export const StockReturnBodySchema = z.strictObject({
  lotId: z.uuid(),
  locationId: z.uuid(),
  vials: Vials,
  returnedOn: IsoDate,
  supplier: z.strictObject({
    name: Text,
    address: z.string().trim().min(1, 'required').max(STOCK_LIMITS.addressChars),
    deaNumber: DeaNumber,
  }),
  reference: Text,
});
export type StockReturnBody = z.infer<typeof StockReturnBodySchema>;

/**
 * `POST /api/sites/:id/stock/destructions`: sealed vials destroyed before two witnesses, each a
 * licensed colleague other than the person recording, who confirm through step-up (the fields of
 * DEA Form 41: drug, strength, quantity, method, date, witnesses). Expired lots may be destroyed.
 */
export const StockDestructionBodySchema = z.strictObject({
  lotId: z.uuid(),
  locationId: z.uuid(),
  vials: Vials,
  destroyedOn: IsoDate,
  method: Text,
  witnessTokens: z.array(StepUpToken).length(2, 'two witnesses'),
});
export type StockDestructionBody = z.infer<typeof StockDestructionBodySchema>;

export const STOCK_LOSS_KINDS = ['loss', 'theft'] as const;

/** `POST /api/sites/:id/stock/losses`: stock found missing (the facts DEA Form 106 asks for). */
export const StockLossBodySchema = z.strictObject({
  lotId: z.uuid(),
  locationId: z.uuid(),
  volumeMl: VolumeMl,
  kind: z.enum(STOCK_LOSS_KINDS),
  discoveredOn: IsoDate,
  circumstances: LongText,
  policeReport: /* @__PURE__ */ Text.optional(),
});
export type StockLossBody = z.infer<typeof StockLossBodySchema>;

/** The answer to a loss: when the written notice to the DEA is due (one business day after discovery, 21 CFR 1301.76(b)). */
export const StockLossRecordedSchema = z.object({ id: z.uuid(), deaNoticeDueOn: IsoDate });
export type StockLossRecorded = z.infer<typeof StockLossRecordedSchema>;

/**
 * `POST /api/sites/:id/stock/remnant-wastes`: what is left in an opened vial, wasted with a reason and
 * a witness (a licensed colleague other than the person recording). The volume must be the whole
 * remnant; past its use (the end of the day it was opened) the entry is an expiry.
 */
export const StockRemnantWasteBodySchema = z.strictObject({
  lotId: z.uuid(),
  locationId: z.uuid(),
  volumeMl: VolumeMl,
  reason: Reason,
  stepUpToken: StepUpToken,
});
export type StockRemnantWasteBody = z.infer<typeof StockRemnantWasteBodySchema>;

/** `POST /api/stock/entries/:id/reversal`: a correction, as an entry that undoes another, with a reason. */
export const StockReversalBodySchema = z.strictObject({ reason: Reason });
export type StockReversalBody = z.infer<typeof StockReversalBodySchema>;

/** One entry of the ledger, as the Inventory page lists the latest. */
export const StockLedgerEntrySchema = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  kind: StockEntryKindSchema,
  occurredAt: IsoInstant,
  lotNumber: z.string(),
  locationName: z.string(),
  toLocationName: z.string().nullable(),
  quantity: StockQuantitySchema,
  recordedBy: Person,
  witnesses: z.array(Person),
  reason: z.string().nullable(),
  /** A reversal's reversed entry, or the reversal of this entry. */
  reverses: z.uuid().nullable(),
  reversedBy: z.uuid().nullable(),
  /** The entry may be reversed (a receipt, a transfer, a return, a loss, a draw not yet accounted for). */
  reversible: z.boolean(),
});
export type StockLedgerEntry = z.infer<typeof StockLedgerEntrySchema>;

// ---- counts ----

export const STOCK_COUNT_KINDS = ['initial', 'biennial', 'ad-hoc'] as const;
export const STOCK_COUNT_TIMINGS = ['opening', 'close'] as const;

/**
 * `POST /api/sites/:id/stock/counts`: a physical count, taken at the opening or the close of
 * business, of every lot at the locations it names (a lot in stock there and not counted is refused,
 * never read as zero). An initial inventory (the first day of stock, nothing in the ledger yet)
 * records what is there as the opening stock.
 */
export const StockCountBodySchema = z.strictObject({
  kind: z.enum(STOCK_COUNT_KINDS),
  timing: z.enum(STOCK_COUNT_TIMINGS),
  takenOn: IsoDate,
  lines: z
    .array(
      z.strictObject({
        lotId: z.uuid(),
        locationId: z.uuid(),
        countedMl: z.number().min(0, 'at least 0 mL').max(100_000).refine(wholeMicrolitres, 'at most three decimals (whole µL)'),
      }),
    )
    .min(1, 'at least one lot counted')
    .max(500),
});
export type StockCountBody = z.infer<typeof StockCountBodySchema>;

export const StockCountRecordedSchema = z.object({ id: z.uuid(), differences: z.number().int() });
export type StockCountRecorded = z.infer<typeof StockCountRecordedSchema>;

/** `POST /api/stock/count-lines/:id/resolution`: a difference resolved with a reason, by a prescriber or the medical director proving it is them (step-up). */
export const StockCountResolutionBodySchema = z.strictObject({ reason: Reason, stepUpToken: StepUpToken });
export type StockCountResolutionBody = z.infer<typeof StockCountResolutionBodySchema>;

/** A counted lot at a location whose count differs from the ledger. */
export const StockCountDifferenceSchema = z.object({
  lineId: z.uuid(),
  lotNumber: z.string(),
  locationName: z.string(),
  ledger: StockQuantitySchema,
  counted: StockQuantitySchema,
  /** Counted minus the ledger (negative: missing). */
  difference: StockQuantitySchema,
  resolution: z.object({ reason: z.string(), resolvedBy: Person, resolvedAt: IsoInstant }).nullable(),
});
export type StockCountDifference = z.infer<typeof StockCountDifferenceSchema>;

export const StockCountSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(STOCK_COUNT_KINDS),
  timing: z.enum(STOCK_COUNT_TIMINGS),
  takenOn: IsoDate,
  recordedBy: Person,
  lines: z.number().int(),
  differences: z.array(StockCountDifferenceSchema),
});
export type StockCountSummary = z.infer<typeof StockCountSummarySchema>;

/** `GET /api/sites/:id/stock/alerts`: what a prescriber or the medical director must act on (Today). */
export const StockAlertsSchema = z.object({
  unresolvedDifferences: z.number().int(),
  lossNotices: z.array(
    z.object({ id: z.uuid(), kind: z.enum(STOCK_LOSS_KINDS), discoveredOn: IsoDate, deaNoticeDueOn: IsoDate, lotNumber: z.string() }),
  ),
  expiringLots: z.number().int(),
});
export type StockAlerts = z.infer<typeof StockAlertsSchema>;

/**
 * `PUT /api/sites/:id/stock/settings` (the medical director): the site's stock settings. Neither is a
 * clinical number of protocol-defaults.md; both are site defaults for the director to review.
 */
export const StockSettingsBodySchema = z.strictObject({
  expiryWarningDays: z.number().int('whole days').min(0, 'at least 0').max(365, 'at most 365'),
  openVialExtraDays: z.number().int('whole days').min(0, 'at least 0').max(30, 'at most 30'),
});
export type StockSettingsBody = z.infer<typeof StockSettingsBodySchema>;

/** `GET /api/sites/:id/stock`: everything the Inventory page shows. */
export const StockOverviewSchema = z.object({
  deaRegistration: /* @__PURE__ */ DeaRegistrationSchema.nullable(),
  products: z.array(StockProductSchema),
  locations: z.array(StockLocationSchema),
  lines: z.array(StockLineSchema),
  openDraws: z.array(OpenDrawSchema),
  settings: StockSettingsSchema,
  /** The latest entries of the ledger, newest first (at most 50). */
  recentEntries: z.array(StockLedgerEntrySchema),
  /** The latest counts (at most 10), newest first, with their differences. */
  counts: z.array(StockCountSummarySchema),
  /** Losses and thefts of the last 30 days, with when the written notice to the DEA is due. */
  lossNotices: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(STOCK_LOSS_KINDS),
      discoveredOn: IsoDate,
      deaNoticeDueOn: IsoDate,
      lotNumber: z.string(),
      quantity: StockQuantitySchema,
    }),
  ),
  /** The site's today, for the expiry words. */
  today: IsoDate,
});
export type StockOverview = z.infer<typeof StockOverviewSchema>;

// ---- records for a date range, and the ledger's verification (issue 23, Must 7 and 8) ----

/**
 * The kinds of record `GET /api/sites/:id/stock/records.csv` writes (21 CFR 1304.22(c) as
 * clinical-facts.md section 9 sums it up): what was given to patients, what came in, and every
 * other way stock left (waste, destruction, return, loss, expiry). The counts are their own kinds
 * (`STOCK_COUNT_RECORD_KINDS`).
 */
export const STOCK_RECORD_KINDS = ['administrations', 'receipts', 'disposals'] as const;
export const StockRecordKindSchema = z.enum(STOCK_RECORD_KINDS);
export type StockRecordKind = z.infer<typeof StockRecordKindSchema>;

/** The kinds of record in words (the card's links, the PDF's sections). */
export const STOCK_RECORD_KIND_LABELS: Readonly<Record<StockRecordKind, string>> = {
  administrations: 'Administrations',
  receipts: 'Receipts',
  disposals: 'Disposals (waste, destruction, return, loss, expiry)',
};

/**
 * The count records (21 CFR 1304.11's inventories, clinical-facts.md section 9): every lot counted,
 * with the ledger's balance at the count, and the discrepancies only (the lines that differed, with
 * their resolution).
 */
export const STOCK_COUNT_RECORD_KINDS = ['counts', 'discrepancies'] as const;
/** Every kind of CSV record. */
export const STOCK_RECORDS_CSV_KINDS = ['administrations', 'receipts', 'disposals', 'counts', 'discrepancies'] as const satisfies readonly [
  ...typeof STOCK_RECORD_KINDS,
  ...typeof STOCK_COUNT_RECORD_KINDS,
];
export const StockRecordsCsvKindSchema = z.enum(STOCK_RECORDS_CSV_KINDS);
export type StockRecordsCsvKind = z.infer<typeof StockRecordsCsvKindSchema>;
export const STOCK_COUNT_RECORD_KIND_LABELS: Readonly<Record<(typeof STOCK_COUNT_RECORD_KINDS)[number], string>> = {
  counts: 'Counts',
  discrepancies: 'Count discrepancies',
};

/** System limits of the records (not clinical numbers). */
export const STOCK_RECORDS_LIMITS = {
  /**
   * The longest range of one export, in whole years: DEA records are kept at least 2 years (21 CFR
   * 1304.04(a)), so one file holds what an inspection may ask for; 2 years and a day is refused.
   */
  maxYears: 2,
  /** Rows of one CSV; more is refused (422) asking for a shorter range. */
  csvRows: 50_000,
  /** Rows of one PDF, all kinds together; more is refused (422) asking for a shorter range. */
  pdfRows: 5_000,
} as const;

/** From `from` to `to` (site-local days, both included): in order and less than `maxYears` whole years apart. */
const checkRecordRange = (q: { from: string; to: string }, ctx: z.RefinementCtx) => {
  if (!isIsoDate(q.from) || !isIsoDate(q.to)) return;
  if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'is before from: the range ends before it starts' });
  else if (wholeYearsBetweenIsoDates(q.from, q.to) >= STOCK_RECORDS_LIMITS.maxYears)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `is ${STOCK_RECORDS_LIMITS.maxYears} years or more after from: one export covers at most ${STOCK_RECORDS_LIMITS.maxYears} years`,
    });
};

/** `GET /api/sites/:id/stock/records.pdf`: every kind of record for site-local days `from` to `to`, both included. */
export const StockRecordsPdfQuerySchema = pureSchema(() => z.strictObject({ from: IsoDate, to: IsoDate }).superRefine(checkRecordRange));
export type StockRecordsPdfQuery = z.infer<typeof StockRecordsPdfQuerySchema>;

/** `GET /api/sites/:id/stock/records.csv`: one kind of record for site-local days `from` to `to`, both included. */
export const StockRecordsCsvQuerySchema = pureSchema(() =>
  z.strictObject({ from: IsoDate, to: IsoDate, kind: StockRecordsCsvKindSchema }).superRefine(checkRecordRange),
);
export type StockRecordsCsvQuery = z.infer<typeof StockRecordsCsvQuerySchema>;

/** The first entry of a site's ledger found wrong: where, and what is wrong. */
export const StockLedgerBreakSchema = z.object({
  siteId: z.uuid(),
  seq: z.string(),
  entryId: z.uuid(),
  reason: z.string(),
});
export type StockLedgerBreak = z.infer<typeof StockLedgerBreakSchema>;

/**
 * `GET /api/local/stock-ledger-verify` (the local `kairos ledger verify`): each site's ledger walked
 * in order: no gap in `seq`, each entry linked to the one before, its keyed hash, its effects on
 * stock, and every balance never below zero. `head` is the last entry checked (its seq and hash,
 * to compare with a copy kept elsewhere: entries deleted from the end leave no gap).
 */
export const StockLedgerVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  sites: z.array(
    z.object({
      siteId: z.uuid(),
      siteName: z.string(),
      entries: z.number().int(),
      head: z.object({ seq: z.string(), hash: z.string() }).nullable(),
      firstBroken: /* @__PURE__ */ StockLedgerBreakSchema.optional(),
    }),
  ),
  firstBroken: /* @__PURE__ */ StockLedgerBreakSchema.optional(),
});
export type StockLedgerVerify = z.infer<typeof StockLedgerVerifySchema>;
