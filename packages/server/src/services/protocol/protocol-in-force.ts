/**
 * The protocol in force at a site: the latest signed version (the shipped defaults when none is signed).
 *
 * @module
 */
import type { Db } from '../../store/database.js';
import type { SiteProtocol } from './internal/versions.js';
import { ensureVersions, rowInForce, siteProtocolOf } from './internal/versions.js';

/** The protocol in force at a site (its latest signed version), inside a transaction. */
export async function protocolInForce(tx: Db, siteId: string, now: Date): Promise<SiteProtocol> {
  const row = rowInForce(await ensureVersions(tx, siteId, now));
  if (row === undefined) throw new Error('no protocol version');
  return siteProtocolOf(row);
}
