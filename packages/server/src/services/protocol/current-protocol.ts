/**
 * Use case: the protocol in force at a site, read in a transaction of its own.
 *
 * @module
 */
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import type { SiteProtocol } from './internal/versions.js';
import { protocolInForce } from './protocol-in-force.js';

/** The protocol in force at a site: its latest signed version. */
export async function currentProtocol(db: Db, siteId: string, now: Date): Promise<SiteProtocol> {
  return transact(db, (tx) => protocolInForce(tx, siteId, now));
}
