/**
 * What the header says about a site's protocol: the newest signed version (the one in force), or
 * not signed while none is (the shipped defaults apply). One indexed read; it writes nothing.
 *
 * @module
 */
import type { Db } from '../../store/database.js';
import { versionRow } from './internal/versions.js';

export async function protocolBadge(db: Db, siteId: string): Promise<{ version: number | null; signed: boolean }> {
  const signed = await versionRow(db, siteId, 'newest-signed');
  return signed === undefined ? { version: null, signed: false } : { version: signed.version, signed: true };
}
