/**
 * Requests refused before any use case runs (`http/auth.ts`): no local secret, no valid device
 * token, no CSRF token, or a role that does not allow the route's action. Each refusal is on the
 * record, in a transaction of its own (nothing else changes).
 *
 * @module
 */
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';

/** Records the refusal of `action` to whoever `ctx` names, with what the route and reason were. */
export async function recordRefusedRequest(db: Db, ctx: RequestContext, action: string, details: Record<string, unknown>): Promise<void> {
  await audit(db, ctx, { action, outcome: 'denied', details });
}
