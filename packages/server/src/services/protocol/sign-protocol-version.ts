/**
 * Use case: the medical director signs the proposed protocol version (step-up).
 *
 * @module
 */
import type { ProtocolVersion } from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { versionsOf, ensureVersions, toView } from './internal/versions.js';

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
