/**
 * The site's protocol configuration: versions of overrides of core's defaults, each change
 * recording who, when, old and new values and a reason; a medical director signs a version after a
 * step-up check. Dosing refuses at a site whose current version is unsigned (demo mode excepted).
 *
 * @module
 */
import { applyProtocolOverrides, CITATIONS, collectParams, DEFAULT_PROTOCOL_CONFIG, resolvePath, type Param, type ProtocolConfig } from '@kairos/core';
import type { Kysely, Transaction } from 'kysely';
import type { Mode } from '../config.js';
import { AppError } from '../errors.js';
import type { Database, ProtocolChange } from '../store/schema.js';
import { appendAudit } from './audit.js';
import type { Actor, RequestMeta } from './sessions.js';
import { consumeStepUp } from './step-up.js';
import { transact } from './transaction.js';
import { getSite } from './sites.js';

type Db = Kysely<Database> | Transaction<Database>;
type Overrides = Record<string, { value: unknown; reason?: string }>;

export interface ProtocolVersionView {
  version: number;
  createdAt: string;
  createdBy: string;
  reason: string;
  signedAt: string | null;
  signedBy: string | null;
  changes: ProtocolChange[];
}

async function versionsOf(db: Db, siteId: string) {
  return db
    .selectFrom('protocol_version as v')
    .leftJoin('app_user as c', 'c.id', 'v.created_by')
    .leftJoin('app_user as s', 's.id', 'v.signed_by')
    .select(['v.version', 'v.overrides', 'v.changes', 'v.reason', 'v.created_at', 'v.signed_at', 'c.display_name as created_name', 's.display_name as signed_name'])
    .where('v.site_id', '=', siteId)
    .orderBy('v.version', 'desc')
    .execute();
}

/** The site's versions, newest first; the shipped defaults become version 1 when first needed. */
async function ensureVersions(tx: Transaction<Database>, siteId: string, now: Date) {
  const rows = await versionsOf(tx, siteId);
  if (rows.length > 0) return rows;
  await tx
    .insertInto('protocol_version')
    .values({ site_id: siteId, version: 1, overrides: '{}', changes: '[]', reason: 'Kairos protocol defaults as shipped', created_at: now, created_by: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return versionsOf(tx, siteId);
}

function toView(r: Awaited<ReturnType<typeof versionsOf>>[number]): ProtocolVersionView {
  return {
    version: r.version,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_name ?? 'Kairos',
    reason: r.reason,
    signedAt: r.signed_at?.toISOString() ?? null,
    signedBy: r.signed_name ?? null,
    changes: r.changes as ProtocolChange[],
  };
}

function configFrom(overrides: Overrides): ProtocolConfig {
  const applied = applyProtocolOverrides(DEFAULT_PROTOCOL_CONFIG, overrides);
  // Stored overrides were validated when written; a failure here means the defaults moved under
  // them (a newer Kairos): refuse loudly rather than dose on a half-applied configuration.
  if (!applied.ok) throw new AppError('CONFLICT', `the site's protocol configuration no longer validates: ${applied.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return applied.config;
}

export interface SiteProtocol {
  config: ProtocolConfig;
  version: number;
  signed: boolean;
}

/** The configuration in force at a site (the newest version, signed or not), inside a transaction. */
export async function protocolForTransaction(tx: Transaction<Database>, siteId: string, now: Date): Promise<SiteProtocol> {
  const [latest] = await ensureVersions(tx, siteId, now);
  if (latest === undefined) throw new Error('no protocol version');
  return { config: configFrom(latest.overrides as Overrides), version: latest.version, signed: latest.signed_at !== null };
}

/** The configuration in force at a site: the newest version, signed or not. */
export async function currentProtocol(db: Kysely<Database>, siteId: string, now: Date): Promise<SiteProtocol> {
  return transact(db, (tx) => protocolForTransaction(tx, siteId, now));
}

function describeParam(path: string, param: Param<unknown>, signed: boolean) {
  const p = param.provenance;
  return {
    path,
    value: param.value,
    unit: param.unit,
    ...(param.min !== undefined ? { min: param.min } : {}),
    ...(param.max !== undefined ? { max: param.max } : {}),
    provenance: {
      kind: p.kind,
      ...(p.kind === 'source' ? { citations: p.citations.map((key) => ({ key, title: CITATIONS[key].title, reference: CITATIONS[key].reference })) } : {}),
      ...(p.note !== undefined ? { note: p.note } : {}),
    },
    reviewState: p.kind === 'site-default' ? (signed ? 'reviewed' : 'needs-review') : p.kind,
  };
}

export async function protocolView(db: Kysely<Database>, siteId: string, now: Date) {
  return transact(db, async (tx) => {
    await getSite(tx, siteId);
    const rows = await ensureVersions(tx, siteId, now);
    const latest = rows[0];
    if (latest === undefined) throw new Error('no protocol version');
    const signed = latest.signed_at !== null;
    const params = collectParams(configFrom(latest.overrides as Overrides)).map((e) => describeParam(e.path, e.param, signed));
    return { current: toView(latest), params, versions: rows.map(toView) };
  });
}

/** Proposes a new version: the current overrides plus `changes`; validated against core's schema. */
export async function proposeProtocolVersion(db: Kysely<Database>, actor: Actor, siteId: string, input: { changes: { path: string; value: unknown }[]; reason: string }, meta: RequestMeta): Promise<ProtocolVersionView> {
  return transact(db, async (tx) => {
    await getSite(tx, siteId);
    const [latest] = await ensureVersions(tx, siteId, meta.now);
    if (latest === undefined) throw new Error('no protocol version');
    const overrides: Overrides = { ...(latest.overrides as Overrides) };
    const current = configFrom(overrides);
    const changes: ProtocolChange[] = [];
    for (const c of input.changes) {
      const before = resolvePath(current, c.path) as Param<unknown> | undefined;
      changes.push({ path: c.path, old: before?.value ?? null, new: c.value });
      overrides[c.path] = { value: c.value, reason: input.reason };
    }
    const applied = applyProtocolOverrides(DEFAULT_PROTOCOL_CONFIG, overrides);
    if (!applied.ok) {
      const issues = applied.issues.map((i) => ({ field: `body.changes.${i.path}`, message: i.message }));
      throw new AppError('VALIDATION_FAILED', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });
    }
    const version = latest.version + 1;
    await tx
      .insertInto('protocol_version')
      .values({ site_id: siteId, version, overrides: JSON.stringify(overrides), changes: JSON.stringify(changes), reason: input.reason, created_at: meta.now, created_by: actor.userId })
      .execute();
    await appendAudit(tx, { userId: actor.userId, userRoles: actor.roles, action: 'protocol.propose', recordType: 'protocol_version', recordId: `${siteId}:${version}`, outcome: 'allowed', requestId: meta.requestId, clientAddress: meta.clientAddress, details: { changes, reason: input.reason }, at: meta.now });
    const rows = await versionsOf(tx, siteId);
    return toView(rows[0] as (typeof rows)[number]);
  });
}

/** A medical director signs the current version, proving their password now (step-up). */
export async function signProtocolVersion(db: Kysely<Database>, actor: Actor, siteId: string, version: number, stepUpToken: string, meta: RequestMeta): Promise<ProtocolVersionView> {
  return transact(db, async (tx) => {
    const rows = await ensureVersions(tx, siteId, meta.now);
    const latest = rows[0];
    if (latest === undefined || latest.version !== version) {
      throw new AppError('CONFLICT', `only the current version (${latest?.version}) can be signed`, { current: latest?.version });
    }
    if (latest.signed_at !== null) throw new AppError('CONFLICT', `version ${version} is already signed`);
    const signer = await consumeStepUp(tx, actor, stepUpToken, { purpose: 'protocol.sign' }, meta);
    if (!signer.roles.includes('medical-director')) throw new AppError('FORBIDDEN', 'only a medical director can sign the protocol configuration');
    await tx.updateTable('protocol_version').set({ signed_at: meta.now, signed_by: signer.userId }).where('site_id', '=', siteId).where('version', '=', version).execute();
    await appendAudit(tx, { userId: signer.userId, userRoles: signer.roles, action: 'protocol.sign', recordType: 'protocol_version', recordId: `${siteId}:${version}`, outcome: 'allowed', requestId: meta.requestId, clientAddress: meta.clientAddress, details: { version }, at: meta.now });
    const after = await versionsOf(tx, siteId);
    return toView(after[0] as (typeof after)[number]);
  });
}

/** Whether dosing may run at the site now: its current version is signed, or this is demo mode. */
export async function dosingCheck(db: Kysely<Database>, siteId: string, mode: Mode, now: Date) {
  return transact(db, (tx) => dosingCheckIn(tx, siteId, mode, now));
}

/** {@link dosingCheck} inside an open transaction. */
export async function dosingCheckIn(tx: Transaction<Database>, siteId: string, mode: Mode, now: Date) {
  const { version, signed } = await protocolForTransaction(tx, siteId, now);
  const allowed = signed || mode === 'demo';
  const message = signed
    ? `protocol version ${version} is signed`
    : mode === 'demo'
      ? `protocol version ${version} is not signed; dosing is allowed only because this is demo mode`
      : `protocol version ${version} is not signed by a medical director: dosing is refused until it is`;
  return { allowed, mode, version, signed, message };
}
