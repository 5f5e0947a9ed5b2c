/**
 * A site's protocol versions as stored: overrides of core's defaults, the signed one in force, the view of a version.
 *
 * @module
 */
import type { ProtocolChange, ProtocolVersion } from '@kairos/api';
import { applyProtocolOverrides, DEFAULT_PROTOCOL_CONFIG, type ProtocolConfig } from '@kairos/core';
import { AppError } from '../../../errors.js';
import type { Db } from '../../../store/database.js';

export type Overrides = Record<string, { value: unknown; reason?: string }>;

/** The versions of a site (or of several), newest first per site, with who proposed and signed each. */
export async function versionsOf(db: Db, site: string | readonly string[]) {
  const siteIds = typeof site === 'string' ? [site] : [...site];
  if (siteIds.length === 0) return [];
  return db
    .selectFrom('protocol_version as v')
    .leftJoin('app_user as c', 'c.id', 'v.created_by')
    .leftJoin('app_user as s', 's.id', 'v.signed_by')
    .select([
      'v.site_id',
      'v.version',
      'v.overrides',
      'v.changes',
      'v.reason',
      'v.created_at',
      'v.signed_at',
      'c.display_name as created_name',
      's.display_name as signed_name',
    ])
    .where('v.site_id', 'in', siteIds)
    .orderBy('v.site_id')
    .orderBy('v.version', 'desc')
    .execute();
}

/** The site's versions, newest first; the shipped defaults become version 1 when first needed. */
export async function ensureVersions(tx: Db, siteId: string, now: Date) {
  const rows = await versionsOf(tx, siteId);
  if (rows.length > 0) return rows;
  await tx
    .insertInto('protocol_version')
    .values({
      site_id: siteId,
      version: 1,
      overrides: '{}',
      changes: '[]',
      reason: 'Kairos protocol defaults as shipped',
      created_at: now,
      created_by: null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return versionsOf(tx, siteId);
}

export function toView(r: Awaited<ReturnType<typeof versionsOf>>[number]): ProtocolVersion {
  return {
    version: r.version,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_name ?? 'Kairos',
    reason: r.reason,
    signedAt: r.signed_at?.toISOString() ?? null,
    signedBy: r.signed_name ?? null,
    // Written by proposeProtocolVersion: each value was checked by core against its parameter,
    // whose values are all of the contract's ProtocolParamValue (protocol-values.test.ts).
    changes: r.changes as ProtocolChange[],
  };
}

/**
 * Configurations already built, by their overrides: core's parse, the overrides and the deep freeze
 * cost more than a reading's whole insert, and a stored version's overrides never change (a
 * version is only ever signed, never edited), so each one is built once per process. Keyed by the
 * overrides' text, not by site and version, so a database reset under a running process (the demo
 * reset, the tests) can never serve another database's values.
 */
const builtConfigs = new Map<string, ProtocolConfig>();
const BUILT_CONFIGS_MAX = 256;

export function configFrom(overrides: Overrides): ProtocolConfig {
  const key = JSON.stringify(overrides);
  const built = builtConfigs.get(key);
  if (built !== undefined) return built;
  const config = buildConfig(overrides);
  if (builtConfigs.size >= BUILT_CONFIGS_MAX) builtConfigs.clear();
  builtConfigs.set(key, config);
  return config;
}

function buildConfig(overrides: Overrides): ProtocolConfig {
  const applied = applyProtocolOverrides(DEFAULT_PROTOCOL_CONFIG, overrides);
  // Stored overrides were validated when written; a failure here means the defaults moved under
  // them (a newer Kairos): refuse loudly rather than dose on a half-applied configuration.
  if (!applied.ok)
    throw new AppError(
      'CONFLICT',
      `the site's protocol configuration no longer validates: ${applied.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  return applied.config;
}

export interface SiteProtocol {
  config: ProtocolConfig;
  /** The version number: the signed version in force, or 1 (the shipped defaults) while none is signed. */
  version: number;
  /** False only while the site has never signed a version: then dosing is refused. */
  signed: boolean;
}

type VersionRow = Awaited<ReturnType<typeof versionsOf>>[number];

/** The row in force among a site's versions (newest first): the newest signed one, else the shipped defaults. */
export function rowInForce(rows: readonly VersionRow[]): VersionRow | undefined {
  return rows.find((r) => r.signed_at !== null) ?? rows.find((r) => r.version === 1) ?? rows.at(-1);
}

export function siteProtocolOf(row: Pick<VersionRow, 'version' | 'overrides' | 'signed_at'>): SiteProtocol {
  const signed = row.signed_at !== null;
  // A never-signed site reads the shipped defaults, never an unsigned proposal's values.
  return { config: signed ? configFrom(row.overrides) : DEFAULT_PROTOCOL_CONFIG, version: row.version, signed };
}

/**
 * One version's number, overrides and signature, without the names `versionsOf` joins: what the
 * hot paths (a monitor's readings, every minute's timed alerts) need to find the configuration.
 */
export async function versionRow(tx: Db, siteId: string, version: number | 'newest-signed') {
  let q = tx.selectFrom('protocol_version').select(['version', 'overrides', 'signed_at']).where('site_id', '=', siteId);
  q =
    version === 'newest-signed'
      ? q.where('signed_at', 'is not', null).orderBy('version', 'desc').limit(1)
      : q.where('version', '=', version);
  return q.executeTakeFirst();
}
