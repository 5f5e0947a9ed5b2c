/**
 * Provenance of every clinical number: where it comes from, as a typed value.
 *
 * - `brief`: the KAIR program description (shared/reference/program-brief.txt);
 * - `source`: a published source in the citations registry;
 * - `site-default`: no guideline was found; shipped so a new site works, shown everywhere as
 *   "site default, needs medical-director review".
 *
 * @module
 */
import { z } from 'zod';
import { isCitationKey, type CitationKey } from './citations.js';

/** Where a clinical number or rule detail comes from. */
export type Provenance =
  | { readonly kind: 'brief'; readonly note?: string }
  | { readonly kind: 'site-default'; readonly note?: string }
  | { readonly kind: 'source'; readonly citations: readonly CitationKey[]; readonly note?: string };

/** Zod schema of {@link Provenance}; rejects citation keys that are not in the registry. */
export const ProvenanceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('brief'), note: z.string().optional() }).strict(),
  z.object({ kind: z.literal('site-default'), note: z.string().optional() }).strict(),
  z
    .object({
      kind: z.literal('source'),
      citations: z.array(z.string().refine(isCitationKey, { message: 'unknown citation key' })).min(1),
      note: z.string().optional(),
    })
    .strict(),
]);

/** Provenance: the program brief. */
export const fromBrief = (note?: string): Provenance => Object.freeze(note === undefined ? { kind: 'brief' } : { kind: 'brief', note });

/** Provenance: a site default that needs medical-director review. */
export const siteDefault = (note?: string): Provenance =>
  Object.freeze(note === undefined ? { kind: 'site-default' } : { kind: 'site-default', note });

/** Provenance: one or more published sources from the registry. */
export const fromSource = (citations: readonly CitationKey[], note?: string): Provenance =>
  Object.freeze(
    note === undefined
      ? { kind: 'source', citations: Object.freeze([...citations]) }
      : { kind: 'source', citations: Object.freeze([...citations]), note },
  );

/** True when a value with this provenance must be shown as needing medical-director review. */
export function needsReview(p: Provenance): boolean {
  return p.kind === 'site-default';
}
