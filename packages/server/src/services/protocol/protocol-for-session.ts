/**
 * The protocol a dosing session runs under: the version it started under, until discharge.
 *
 * @module
 */
import { sql } from 'kysely';
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

/** A protocol version as `SESSION_PROTOCOL_ROW` reads it with its session. */
export interface SessionProtocolRow {
  version: number;
  overrides: unknown;
  signed_at: string | null;
}

/**
 * The version a session runs under (as `protocolForSession` chooses it), read as a column of a
 * statement that selects the session as `ds` (a group of monitors' readings reads it with the
 * session's lock, in one round trip): the version it started under, or before its start the
 * newest signed one. Null when the site has signed none (then `protocolForSession`).
 */
export const SESSION_PROTOCOL_ROW = sql<SessionProtocolRow | null>`(
  SELECT jsonb_build_object('version', pv.version, 'overrides', pv.overrides, 'signed_at', pv.signed_at)
  FROM protocol_version pv
  WHERE pv.site_id = ds.site_id
    AND CASE WHEN ds.protocol_version IS NULL THEN pv.signed_at IS NOT NULL ELSE pv.version = ds.protocol_version END
  ORDER BY pv.version DESC LIMIT 1)`;

/** The protocol of a version read by `SESSION_PROTOCOL_ROW` (its configuration parsed once per version and overrides). */
export function protocolOfRow(row: SessionProtocolRow): SiteProtocol {
  return siteProtocolOf({
    version: row.version,
    overrides: row.overrides as Parameters<typeof siteProtocolOf>[0]['overrides'],
    signed_at: row.signed_at === null ? null : new Date(row.signed_at),
  });
}
