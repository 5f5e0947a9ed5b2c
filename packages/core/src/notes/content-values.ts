/**
 * A note's content as it is stored and shown: changes overlay the stored fields (null or undefined
 * clears a field, so an empty field is absent), and every stored value is text or a list of texts.
 *
 * @module
 */

/** The value of one field as stored: text, a list of texts, or `null` for anything else (never stored). */
export type StoredNoteValue = string | string[];

/**
 * The content after `changes` overlay `base`: the keys given replace the stored ones, and a key
 * whose value is null (or undefined) is dropped (null in the API clears a field).
 */
export function mergeNoteContent(
  base: Readonly<Record<string, unknown>>,
  changes: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return Object.fromEntries(Object.entries({ ...base, ...changes }).filter(([, v]) => v !== null && v !== undefined));
}

/** A stored field value as the contract types it (the note schema only ever stores text, a list of texts, or null). */
export function storedNoteValue(v: unknown): StoredNoteValue | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  return null;
}

/** Stored content as the contract types it: every value is text or a list of texts (checked on every save), an empty field is absent. */
export function storedNoteContent(content: Readonly<Record<string, unknown>>): Record<string, StoredNoteValue> {
  return Object.fromEntries(
    Object.entries(content).flatMap(([id, v]) => {
      const value = storedNoteValue(v);
      return value === null ? [] : [[id, value]];
    }),
  );
}
