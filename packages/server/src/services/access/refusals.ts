/**
 * Requests refused before any use case runs (`http/auth.ts`): no local secret, no valid device
 * token, no CSRF token, or a role that does not allow the route's action. Each refusal is on the
 * record, in a transaction of its own (nothing else changes).
 *
 * @module
 */
import type { Db } from '../../store/database.js';
import { audit, wasDenialRecorded } from '../audit.js';
import type { RequestContext } from '../context.js';

/** Records the refusal of `action` to whoever `ctx` names, with what the route and reason were. */
export async function recordRefusedRequest(db: Db, ctx: RequestContext, action: string, details: Record<string, unknown>): Promise<void> {
  await audit(db, ctx, { action, outcome: 'denied', details });
}

/**
 * Records the refusal of an authenticated request that nothing recorded yet: a use case refused it
 * inside its transaction (a 403, or a 409 or 422 on one of its rules), so the rollback took any
 * record of it along. One event for the request, in a transaction of its own.
 */
export async function recordRefusalOnce(db: Db, ctx: RequestContext, details: Record<string, unknown>): Promise<void> {
  if (ctx.requestId !== undefined && ctx.requestId !== null && wasDenialRecorded(ctx.requestId)) return;
  await audit(db, ctx, { action: 'request.refused', outcome: 'denied', details });
}
