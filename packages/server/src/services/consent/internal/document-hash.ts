/**
 * The hash of a consent document's title and body, which a signature names.
 *
 * @module
 */
import { createHash } from 'node:crypto';

export const documentHash = (title: string, body: string): string => createHash('sha256').update(`${title}\n\n${body}`).digest('hex');
