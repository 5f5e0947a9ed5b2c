/**
 * Shapes every feature of the API shares: ids, instants, dates, lists, "no content".
 *
 * Request schemas are strict (`z.strictObject`: an unknown field is a 400 naming it). Response
 * schemas are plain `z.object`: the server's serializer drops any field the schema does not name,
 * so nothing leaves the server that the contract does not list. Response schemas carry no
 * transforms and no defaults: what the schema says is exactly what travels.
 *
 * @module
 */
import { z } from 'zod';

/** A record id in a path: `/:id`. */
export const IdParams = z.strictObject({ id: z.uuid() });

/** An instant with its offset, as the server writes it (`2026-03-12T14:05:00.000Z`). */
export const IsoInstant = z.iso.datetime({ offset: true });

/** A calendar date, `YYYY-MM-DD` (a real date: 2026-02-30 is refused). */
export const IsoDate = z.iso.date();

/** A reason a person types for an override, a correction or a decision. */
export const Reason = z.string().trim().min(3).max(2000);

/** One field a correction changed, its value before and after as text (an instant in ISO 8601, null: none). */
export const CorrectedFieldSchema = z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() });
export type CorrectedField = z.infer<typeof CorrectedFieldSchema>;

/**
 * One correction of a stored record (an adverse event, a questionnaire's date): when, by whom (a
 * name), why, and what changed. The record shows its corrected values; the first correction's
 * `before` values are the original, so nothing is lost.
 */
export const RecordCorrectionSchema = z.object({
  at: IsoInstant,
  by: z.string(),
  reason: z.string(),
  changes: z.array(CorrectedFieldSchema),
});
export type RecordCorrection = z.infer<typeof RecordCorrectionSchema>;

/** A step-up proof: a second person (or the actor again) entered their password just now. */
export const StepUpToken = z.string().min(1).max(200);

/** The answer of a route that answers 204: nothing. */
export const NoContent = z.null().describe('No content');

/** `{ items: [...] }`, the shape of every list the API answers. */
/* @__NO_SIDE_EFFECTS__ */
export function itemsOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/**
 * Builds a schema whose definition spreads shared fields or value lists (`{ ...fields }`,
 * `[...LIST]`). The bundler counts a spread as a side effect and would keep such a schema in the
 * web's bundle even when nothing there uses it; this wrapper is marked free of side effects, so an
 * unused schema is dropped. (Schemas built on another one, `X.optional()`, carry a pure mark for the
 * same reason; `z` calls are declared pure in the web's build.)
 */
/* @__NO_SIDE_EFFECTS__ */
export function pureSchema<T>(build: () => T): T {
  return build();
}
