/**
 * The protocol in force at a site: the latest signed version (the shipped defaults when none is signed).
 *
 * @module
 */
import type { Db } from '../../store/database.js';
import type { SiteProtocol } from './internal/versions.js';
import { ensureVersions, rowInForce, siteProtocolOf, versionRow } from './internal/versions.js';

/** The protocol in force at a site (its latest signed version), inside a transaction. */
export async function protocolInForce(tx: Db, siteId: string, now: Date): Promise<SiteProtocol> {
  // The newest signed version is the one in force (`rowInForce`): read it alone, the common case.
  const signed = await versionRow(tx, siteId, 'newest-signed');
  if (signed !== undefined) return siteProtocolOf(signed);
  const row = rowInForce(await ensureVersions(tx, siteId, now));
  if (row === undefined) throw new Error('no protocol version');
  return siteProtocolOf(row);
}
