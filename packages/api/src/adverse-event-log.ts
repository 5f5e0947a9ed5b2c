/**
 * The adverse events log of a site (`GET /api/adverse-events`, its CSV `GET /api/adverse-events.csv`):
 * every adverse event of the site's patients the actor may see, newest first, a page at a time
 * (keyset: `next` of one page is the `cursor` of the next), with the counts by kind and by
 * severity of everything the filters match (the whole range, not only the page). Kinds and
 * severities are shown as they stand now: a corrected event shows its corrected values and says
 * it was corrected. The words for kinds and severities live here, so the page and the CSV say
 * the same thing.
 *
 * @module
 */
import { z } from 'zod';
import { IsoDate, IsoInstant, pureSchema } from './common.js';
import { AdverseEventKindSchema, AdverseEventSeveritySchema, type AdverseEventKind, type AdverseEventSeverity } from './dosing-sessions.js';

/** Adverse event kinds in plain words (the API's ids stay out of sight on pages and in exports). */
export const ADVERSE_EVENT_KIND_LABELS: Readonly<Record<AdverseEventKind, string>> = {
  nausea: 'Nausea',
  vomiting: 'Vomiting',
  hypertension: 'Hypertension (high blood pressure)',
  hypotension: 'Hypotension (low blood pressure)',
  tachycardia: 'Tachycardia (fast heart rate)',
  bradycardia: 'Bradycardia (slow heart rate)',
  desaturation: 'Desaturation (low oxygen saturation)',
  oversedation: 'Oversedation (too deeply sedated)',
  'respiratory-depression': 'Respiratory depression (slow or shallow breathing)',
  'emergence-reaction': 'Emergence reaction',
  anxiety: 'Anxiety',
  other: 'Other',
};

/** Severities in plain words. */
export const ADVERSE_EVENT_SEVERITY_LABELS: Readonly<Record<AdverseEventSeverity, string>> = {
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

/** The most events one page of the log holds. */
export const ADVERSE_EVENT_LOG_PAGE_MAX = 200;

/** The most events one CSV export holds: more is refused (422), asking for a narrower date range. */
export const ADVERSE_EVENT_CSV_MAX_ROWS = 50_000;

/** A page's position: the last event's onset and id (`2026-12-01T14:05:00.000Z,<uuid>`), from `next`. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z),([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The onset and id a cursor names; undefined when it is not a cursor this API wrote. */
export function parseAdverseEventLogCursor(cursor: string): { occurredAt: string; id: string } | undefined {
  const m = CURSOR.exec(cursor);
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
  const ms = Date.parse(m[1]);
  if (!Number.isFinite(ms) || new Date(ms).toISOString() !== m[1]) return undefined;
  return { occurredAt: m[1], id: m[2] };
}

/** Whether `review` asks for reviewed events or for those not reviewed (yet, or never needing it). */
export const ADVERSE_EVENT_REVIEW_FILTERS = ['reviewed', 'not-reviewed'] as const;

/**
 * The filters of the log and of its CSV. `from` and `to` are days of the site's calendar, both
 * included. Without `siteId`, the actor's own site; another site's is refused (403, audited).
 */
const filterFields = {
  siteId: z.uuid().optional(),
  from: /* @__PURE__ */ IsoDate.optional(),
  to: /* @__PURE__ */ IsoDate.optional(),
  kind: /* @__PURE__ */ AdverseEventKindSchema.optional(),
  severity: /* @__PURE__ */ AdverseEventSeveritySchema.optional(),
  review: z.enum(ADVERSE_EVENT_REVIEW_FILTERS).optional(),
  patientId: z.uuid().optional(),
};

const rangeInOrder = (q: { from?: string | undefined; to?: string | undefined }) =>
  q.from === undefined || q.to === undefined || q.from <= q.to;
const RANGE_MESSAGE = { message: 'must be on or after from', path: ['to'] };

/** `GET /api/adverse-events.csv`: the filters. */
export const AdverseEventLogFilterSchema = z.strictObject(filterFields).refine(rangeInOrder, RANGE_MESSAGE);
export type AdverseEventLogFilter = z.infer<typeof AdverseEventLogFilterSchema>;

/** `GET /api/adverse-events`: the filters, a page size, and where the page starts (`next` of the previous page). */
export const AdverseEventLogQuerySchema = pureSchema(() =>
  z
    .strictObject({
      ...filterFields,
      limit: z.coerce.number().int().min(1).max(ADVERSE_EVENT_LOG_PAGE_MAX).default(50),
      cursor: z
        .string()
        .max(100)
        .refine((c) => parseAdverseEventLogCursor(c) !== undefined, 'is not a position this list gave (use "next" of the previous page)')
        .optional(),
    })
    .refine(rangeInOrder, RANGE_MESSAGE),
);
export type AdverseEventLogQuery = z.infer<typeof AdverseEventLogQuerySchema>;

/** One adverse event of the log, its kind and severity as they stand now (after any correction). */
export const AdverseEventLogItemSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  occurredAt: IsoInstant,
  resolvedAt: /* @__PURE__ */ IsoInstant.nullable(),
  kind: AdverseEventKindSchema,
  severity: AdverseEventSeveritySchema,
  serious: z.boolean(),
  description: z.string().nullable(),
  actionTaken: z.string(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  /** Names, not ids. */
  reportedBy: z.string(),
  reviewedAt: /* @__PURE__ */ IsoInstant.nullable(),
  reviewedBy: z.string().nullable(),
  /** How many times it was corrected (0: as reported). */
  corrections: z.number().int(),
});
export type AdverseEventLogItem = z.infer<typeof AdverseEventLogItemSchema>;

/** The log: the site (its time zone for the times), the page, the next page's cursor, and the counts of the whole filtered range. */
export const AdverseEventLogSchema = z.object({
  site: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
  items: z.array(AdverseEventLogItemSchema),
  /** The `cursor` of the next page; null: this is the last. */
  next: z.string().nullable(),
  /** Every event the filters match, all pages. */
  total: z.number().int(),
  /** Every kind and every severity, in the contract's order, with how many events of each the filters match (zeros included). */
  byKind: z.array(z.object({ kind: AdverseEventKindSchema, count: z.number().int() })),
  bySeverity: z.array(z.object({ severity: AdverseEventSeveritySchema, count: z.number().int() })),
});
export type AdverseEventLog = z.infer<typeof AdverseEventLogSchema>;
