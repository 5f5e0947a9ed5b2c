/**
 * The hashes a signature and an amendment lock: sha256 of canonical JSON (object keys sorted, so
 * jsonb's reordering of keys never changes a hash).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../audit.js';

const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** sha256 of the canonical JSON of the template id, its version and the content: what a signature locks. */
export function noteContentHash(templateId: string, templateVersion: string, content: Record<string, unknown>): string {
  return sha256Hex(canonicalJson({ template: templateId, version: templateVersion, content }));
}

/** sha256 of the canonical JSON of the note's hash, the amendment's body and its reason. */
export function amendmentHash(noteHash: string, body: string, reason: string): string {
  return sha256Hex(canonicalJson({ note: noteHash, body, reason }));
}
