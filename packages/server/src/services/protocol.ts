/**
 * The site's protocol configuration: versions of overrides of core's defaults, each change
 * recording who, when, old and new values and a reason; a medical director signs a version after a
 * step-up check.
 *
 * The protocol in force at a site is its latest **signed** version, in every mode (the demo signs
 * the defaults at load). A proposal (an unsigned version newer than the one in force) changes
 * nothing: no threshold, dose or schedule, and it never blocks what the signed version allows.
 * A site that has never signed runs on nothing: every reader gets the shipped defaults marked
 * unsigned, and dosing is refused until a medical director signs. A dosing session keeps the
 * version it started under until discharge ({@link protocolForSession}).
 *
 * @module
 */
import type {
  ProtocolChange,
  ProtocolDosingCheck,
  ProtocolParam,
  ProtocolParamValue,
  ProtocolProposalBody,
  ProtocolVersion,
  ProtocolView,
} from '@kairos/api';
import {
  applyProtocolOverrides,
  CITATIONS,
  collectParams,
  DEFAULT_PROTOCOL_CONFIG,
  isParam,
  resolvePath,
  type Param,
  type ProtocolConfig,
} from '@kairos/core';
import type { Mode } from '../config.js';
import { AppError } from '../errors.js';
import type { ProtocolChange as StoredProtocolChange } from '../store/schema.js';
import { audit } from './audit.js';
import type { Actor, RequestMeta } from './context.js';
import { consumeStepUp } from './sign-in/step-up.js';
import { transact } from './transaction.js';
import { getSite } from './sites.js';
import type { Db } from '../store/database.js';

type Overrides = Record<string, { value: unknown; reason?: string }>;

async function versionsOf(db: Db, siteId: string) {
  return db
    .selectFrom('protocol_version as v')
    .leftJoin('app_user as c', 'c.id', 'v.created_by')
    .leftJoin('app_user as s', 's.id', 'v.signed_by')
    .select([
      'v.version',
      'v.overrides',
      'v.changes',
      'v.reason',
      'v.created_at',
      'v.signed_at',
      'c.display_name as created_name',
      's.display_name as signed_name',
    ])
    .where('v.site_id', '=', siteId)
    .orderBy('v.version', 'desc')
    .execute();
}

/** The site's versions, newest first; the shipped defaults become version 1 when first needed. */
async function ensureVersions(tx: Db, siteId: string, now: Date) {
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

function toView(r: Awaited<ReturnType<typeof versionsOf>>[number]): ProtocolVersion {
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

function configFrom(overrides: Overrides): ProtocolConfig {
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
function rowInForce(rows: readonly VersionRow[]): VersionRow | undefined {
  return rows.find((r) => r.signed_at !== null) ?? rows.find((r) => r.version === 1) ?? rows.at(-1);
}

function siteProtocolOf(row: VersionRow): SiteProtocol {
  const signed = row.signed_at !== null;
  // A never-signed site reads the shipped defaults, never an unsigned proposal's values.
  return { config: signed ? configFrom(row.overrides) : DEFAULT_PROTOCOL_CONFIG, version: row.version, signed };
}

/** The protocol in force at a site (its latest signed version), inside a transaction. */
export async function protocolInForce(tx: Db, siteId: string, now: Date): Promise<SiteProtocol> {
  const row = rowInForce(await ensureVersions(tx, siteId, now));
  if (row === undefined) throw new Error('no protocol version');
  return siteProtocolOf(row);
}

/** The protocol in force at a site: its latest signed version. */
export async function currentProtocol(db: Db, siteId: string, now: Date): Promise<SiteProtocol> {
  return transact(db, (tx) => protocolInForce(tx, siteId, now));
}

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
  const row = (await versionsOf(tx, s.site_id)).find((r) => r.version === s.protocol_version);
  if (row === undefined) throw new AppError('CONFLICT', `the protocol version ${s.protocol_version} this session started under is missing`);
  return siteProtocolOf(row);
}

function describeParam(path: string, param: Param<unknown>, signed: boolean): ProtocolParam {
  const p = param.provenance;
  return {
    path,
    // A value of the configuration in force: core checked its shape against the default's.
    value: param.value as ProtocolParamValue,
    unit: param.unit,
    ...(param.min !== undefined ? { min: param.min } : {}),
    ...(param.max !== undefined ? { max: param.max } : {}),
    provenance:
      p.kind === 'source'
        ? {
            kind: p.kind,
            citations: p.citations.map((key) => ({ key, title: CITATIONS[key].title, reference: CITATIONS[key].reference })),
            ...(p.note !== undefined ? { note: p.note } : {}),
          }
        : { kind: p.kind, ...(p.note !== undefined ? { note: p.note } : {}) },
    reviewState: p.kind === 'site-default' ? (signed ? 'reviewed' : 'needs-review') : p.kind,
  };
}

/**
 * The protocol page: the version in force with every value, provenance and review state; the
 * pending proposal (an unsigned version newer than the one in force) with its values and its
 * changes against the version in force; and every version.
 */
/** A protocol parameter as a refusal names it: path, value, unit and provenance. */
export interface ParameterRef {
  parameter: string;
  value: unknown;
  unit: string;
  provenance: { kind: string; citations?: readonly string[]; note?: string };
}

/** The parameters at `paths` of a configuration, each with its value and provenance (unknown paths are left out). */
export function parameterRefs(config: ProtocolConfig, paths: readonly string[]): ParameterRef[] {
  return [...new Set(paths)].flatMap((path) => {
    const p = resolvePath(config, path);
    if (!isParam(p)) return [];
    const prov = p.provenance;
    return [
      {
        parameter: path,
        value: p.value,
        unit: p.unit,
        provenance: {
          kind: prov.kind,
          ...(prov.kind === 'source' ? { citations: prov.citations } : {}),
          ...(prov.note !== undefined ? { note: prov.note } : {}),
        },
      },
    ];
  });
}

/** The values of a configuration that differ from the shipped defaults, by path (what a client applies to core's defaults). */
export function overridesOf(config: ProtocolConfig, prefixes: readonly string[]): Record<string, unknown> {
  const defaults = new Map(collectParams(DEFAULT_PROTOCOL_CONFIG).map((e) => [e.path, JSON.stringify(e.param.value)]));
  return Object.fromEntries(
    collectParams(config)
      .filter((e) => prefixes.some((p) => e.path.startsWith(p)) && defaults.get(e.path) !== JSON.stringify(e.param.value))
      .map((e) => [e.path, e.param.value]),
  );
}

export async function protocolView(db: Db, siteId: string, now: Date): Promise<ProtocolView> {
  return transact(db, async (tx) => {
    await getSite(tx, siteId);
    const rows = await ensureVersions(tx, siteId, now);
    const inForceRow = rowInForce(rows);
    const latest = rows[0];
    if (inForceRow === undefined || latest === undefined) throw new Error('no protocol version');
    const inForce = siteProtocolOf(inForceRow);
    const params = collectParams(inForce.config).map((e) => describeParam(e.path, e.param, inForce.signed));
    const pending = latest.signed_at === null && (latest.version !== inForceRow.version || !inForce.signed) ? latest : undefined;
    const proposal =
      pending === undefined
        ? null
        : {
            ...toView(pending),
            params: collectParams(configFrom(pending.overrides as Overrides)).map((e) => describeParam(e.path, e.param, false)),
          };
    return {
      inForce: { ...toView(inForceRow), signed: inForce.signed },
      current: toView(latest),
      params,
      proposal,
      versions: rows.map(toView),
    };
  });
}

/**
 * Proposes a new version: the overrides of the version in force plus `changes`, validated against
 * core's schema. It builds on the version in force, never on an earlier unsigned proposal (which
 * it supersedes), so what a medical director signs is exactly the version in force and the
 * changes listed.
 */
export async function proposeProtocolVersion(
  db: Db,
  actor: Actor,
  siteId: string,
  input: ProtocolProposalBody,
  meta: RequestMeta,
): Promise<ProtocolVersion> {
  return transact(db, async (tx) => {
    await getSite(tx, siteId);
    const rows = await ensureVersions(tx, siteId, meta.now);
    const latest = rows[0];
    const base = rowInForce(rows);
    if (latest === undefined || base === undefined) throw new Error('no protocol version');
    const overrides: Overrides = base.signed_at === null ? {} : { ...(base.overrides as Overrides) };
    const current = configFrom(overrides);
    const changes: StoredProtocolChange[] = [];
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
      .values({
        site_id: siteId,
        version,
        overrides: JSON.stringify(overrides),
        changes: JSON.stringify(changes),
        reason: input.reason,
        created_at: meta.now,
        created_by: actor.userId,
      })
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'protocol.propose',
        recordType: 'protocol_version',
        recordId: `${siteId}:${version}`,
        outcome: 'allowed',
        details: { changes, reason: input.reason },
      },
    );
    const after = await versionsOf(tx, siteId);
    return toView(after[0] as (typeof after)[number]);
  });
}

/** A medical director signs the current version, proving their password now (step-up). */
export async function signProtocolVersion(
  db: Db,
  actor: Actor,
  siteId: string,
  version: number,
  stepUpToken: string,
  meta: RequestMeta,
): Promise<ProtocolVersion> {
  return transact(db, async (tx) => {
    const rows = await ensureVersions(tx, siteId, meta.now);
    const latest = rows[0];
    if (latest === undefined || latest.version !== version) {
      throw new AppError('CONFLICT', `only the current version (${latest?.version}) can be signed`, { current: latest?.version });
    }
    if (latest.signed_at !== null) throw new AppError('CONFLICT', `version ${version} is already signed`);
    const signer = await consumeStepUp(tx, actor, stepUpToken, { purpose: 'protocol.sign' }, meta);
    if (!signer.roles.includes('medical-director'))
      throw new AppError('FORBIDDEN', 'only a medical director can sign the protocol configuration');
    await tx
      .updateTable('protocol_version')
      .set({ signed_at: meta.now, signed_by: signer.userId })
      .where('site_id', '=', siteId)
      .where('version', '=', version)
      .execute();
    await audit(
      tx,
      { ...meta, actor: signer },
      {
        action: 'protocol.sign',
        recordType: 'protocol_version',
        recordId: `${siteId}:${version}`,
        outcome: 'allowed',
        details: { version },
      },
    );
    const after = await versionsOf(tx, siteId);
    return toView(after[0] as (typeof after)[number]);
  });
}

/** Whether dosing may run at the site now: a version is signed (in every mode; the demo signs at load). */
export async function dosingCheck(db: Db, siteId: string, mode: Mode, now: Date): Promise<ProtocolDosingCheck> {
  return transact(db, (tx) => dosingCheckIn(tx, siteId, mode, now));
}

/** {@link dosingCheck} inside an open transaction. */
export async function dosingCheckIn(tx: Db, siteId: string, mode: Mode, now: Date): Promise<ProtocolDosingCheck> {
  const { version, signed } = await protocolInForce(tx, siteId, now);
  const [latest] = await versionsOf(tx, siteId);
  const proposal = latest !== undefined && latest.signed_at === null && latest.version > version ? latest.version : null;
  const message = signed
    ? `protocol version ${version} is signed and in force${proposal === null ? '' : ` (the proposal, version ${proposal}, changes nothing until a medical director signs it)`}`
    : `no version of the site protocol is signed by a medical director: dosing is refused until one is`;
  return { allowed: signed, mode, version, signed, proposal, message };
}
