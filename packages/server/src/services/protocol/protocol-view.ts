/**
 * Use case: a site's protocol: the version in force, the proposal, every parameter with its provenance.
 *
 * @module
 */
import type { ProtocolView } from '@kairos/api';
import { collectParams } from '@kairos/core';
import { transact } from '../transaction.js';
import { getSite } from '../sites/get-site.js';
import type { Db } from '../../store/database.js';
import type { Overrides } from './internal/versions.js';
import { ensureVersions, toView, configFrom, rowInForce, siteProtocolOf } from './internal/versions.js';
import { describeParam } from './parameter-refs.js';

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
