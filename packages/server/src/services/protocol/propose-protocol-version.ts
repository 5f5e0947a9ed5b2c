/**
 * Use case: a director proposes a new protocol version (unsigned: changes nothing until signed).
 *
 * @module
 */
import type { ProtocolProposalBody, ProtocolVersion } from '@kairos/api';
import { applyProtocolOverrides, DEFAULT_PROTOCOL_CONFIG, resolvePath, type Param } from '@kairos/core';
import { AppError } from '../../errors.js';
import type { ProtocolChange as StoredProtocolChange } from '../../store/schema.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { getSite } from '../sites/get-site.js';
import type { Db } from '../../store/database.js';
import type { Overrides } from './internal/versions.js';
import { versionsOf, ensureVersions, toView, configFrom, rowInForce } from './internal/versions.js';

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
