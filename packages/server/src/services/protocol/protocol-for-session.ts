/**
 * The protocol a dosing session runs under: the version it started under, until discharge.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import type { SiteProtocol } from './internal/versions.js';
import { siteProtocolOf, versionRow } from './internal/versions.js';
import { protocolInForce } from './protocol-in-force.js';

/**
 * The protocol a dosing session runs under: the version it started under, from the start to
 * discharge (a version signed mid-session applies to later sessions); before the start, the
 * version in force at its site.
 */
export async function protocolForSession(
  tx: Db,
  s: { site_id: string; protocol_version: number | null },
  now: Date,
): Promise<SiteProtocol> {
  if (s.protocol_version === null) return protocolInForce(tx, s.site_id, now);
  const row = await versionRow(tx, s.site_id, s.protocol_version);
  if (row === undefined) throw new AppError('CONFLICT', `the protocol version ${s.protocol_version} this session started under is missing`);
  return siteProtocolOf(row);
}
