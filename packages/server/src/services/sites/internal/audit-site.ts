/**
 * The audit event of a change to a site, a room or a chair.
 *
 * @module
 */
import { audit } from '../../audit.js';
import type { Actor, RequestMeta } from '../../context.js';
import type { Db } from '../../../store/database.js';

export function auditSite(
  tx: Db,
  actor: Actor,
  meta: RequestMeta,
  action: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) {
  return audit(tx, { ...meta, actor }, { action, recordType, recordId, outcome: 'allowed', details });
}
