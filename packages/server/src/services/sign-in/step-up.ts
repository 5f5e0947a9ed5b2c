/**
 * Consuming a step-up proof: the act that needs it checks purpose, role and age, and uses it once.
 *
 * @module
 */
import { isLicensed } from '../access/permissions.js';
import type { Actor, RequestMeta } from '../context.js';
import { sha256 } from '../secret-tokens.js';
import { AuditedRefusal } from '../transaction.js';
import type { Db } from '../../store/database.js';

export interface StepUpRequirements {
  purpose: string;
  /** The proof must come from someone other than this user (an independent double check). */
  differentFrom?: string;
  /** The proving user must hold a licensed role. */
  licensed?: boolean;
}

/**
 * Uses a proof inside the transaction of the act it authorises; returns who proved. Refuses a
 * proof that is unknown, used, expired, for another purpose or asked for by another signed-in user.
 */
export async function consumeStepUp(tx: Db, requester: Actor, token: string, req: StepUpRequirements, meta: RequestMeta): Promise<Actor> {
  const row = await tx
    .selectFrom('step_up as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.user_id',
      's.requested_by',
      's.purpose',
      's.expires_at',
      's.used_at',
      'u.email',
      'u.display_name',
      'u.roles',
      'u.site_id',
    ])
    .where('s.token_hash', '=', sha256(token))
    .forUpdate()
    .executeTakeFirst();
  const problem =
    row === undefined
      ? 'unknown'
      : row.used_at !== null
        ? 'already used'
        : row.expires_at <= meta.now
          ? 'expired'
          : row.purpose !== req.purpose
            ? `for another purpose (${row.purpose})`
            : row.requested_by !== requester.userId
              ? 'asked for by another user'
              : req.differentFrom !== undefined && row.user_id === req.differentFrom
                ? 'not independent: the same person cannot check their own act'
                : req.licensed === true && !isLicensed(row.roles)
                  ? 'not from a licensed user'
                  : undefined;
  if (problem !== undefined || row === undefined) {
    // The checker's problem is the checker's: named, and the person who asked keeps their sign-in.
    const checkerProblem =
      problem === 'not independent: the same person cannot check their own act' || problem === 'not from a licensed user';
    const who = row?.display_name ?? 'This person';
    const message = checkerProblem
      ? problem === 'not from a licensed user'
        ? `${who} cannot give this check: it needs a licensed user (medical director, prescriber or nurse). Ask a licensed colleague to confirm.`
        : row?.user_id === requester.userId
          ? 'You cannot check your own act: ask another licensed colleague (medical director, prescriber or nurse) to confirm.'
          : `${who} cannot give this check: they did the act being checked (for a dose, they ordered it). Ask another licensed colleague to confirm.`
      : problem === 'expired'
        ? 'The confirmation took too long and has expired: confirm again.'
        : problem === 'already used'
          ? 'That confirmation was already used for another act: confirm again.'
          : 'The confirmation is missing or not for this act: confirm again.';
    // Call inside transact(): the denial is recorded after the act's transaction rolls back.
    throw new AuditedRefusal(
      checkerProblem ? 'CHECKER_NOT_ALLOWED' : 'STEP_UP_REQUIRED',
      message,
      { ...meta, actor: requester },
      { action: `step-up.use:${req.purpose}`, outcome: 'denied', details: { reason: problem } },
      {
        purpose: req.purpose,
        ...(checkerProblem && row !== undefined ? { checker: { userId: row.user_id, displayName: row.display_name } } : {}),
      },
    );
  }
  await tx.updateTable('step_up').set({ used_at: meta.now }).where('token_hash', '=', row.token_hash).execute();
  return { userId: row.user_id, email: row.email, displayName: row.display_name, roles: row.roles, siteId: row.site_id };
}
