/**
 * Step-up checks: a named user proves their password now (and their second factor once
 * multi-factor sign-in exists), for acts that need a second person or a fresh proof (double check
 * of a dose, witnessing waste, overrides, signing a note, protocol changes). The proof is a
 * single-use token, bound to its purpose and to the signed-in user who asked for it, valid minutes.
 *
 * @module
 */
import { isLicensed } from '../access/permissions.js';
import { loadSecuritySettings } from '../accounts/security-settings.js';
import type { Actor, RequestMeta } from '../context.js';
import { newToken, sha256 } from '../secret-tokens.js';
import { AuditedRefusal } from '../transaction.js';
import { checkCredentials } from './check-credentials.js';
import type { Db } from '../../store/database.js';

export interface StepUpProof {
  stepUpToken: string;
  userId: string;
  displayName: string;
  /** Whether the proving user holds a licensed role (the act decides whether it must). */
  licensed: boolean;
  expiresAt: Date;
}

/** Checks the named user's password now and issues a proof for `purpose`. */
export async function createStepUp(
  db: Db,
  requestedBy: Actor,
  input: { email: string; password: string; purpose: string },
  meta: RequestMeta,
  { allowSynthetic }: { allowSynthetic: boolean },
): Promise<StepUpProof> {
  const verified = await checkCredentials(db, input.email, input.password, meta, { purpose: 'step-up', allowSynthetic });
  const settings = await loadSecuritySettings(db, verified.siteId);
  const token = newToken();
  const expiresAt = new Date(meta.now.getTime() + settings.stepUpValidMinutes * 60_000);
  await db
    .insertInto('step_up')
    .values({
      token_hash: sha256(token),
      user_id: verified.userId,
      requested_by: requestedBy.userId,
      purpose: input.purpose,
      created_at: meta.now,
      expires_at: expiresAt,
    })
    .execute();
  return {
    stepUpToken: token,
    userId: verified.userId,
    displayName: verified.displayName,
    licensed: isLicensed(verified.roles),
    expiresAt,
  };
}

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
    // Call inside transact(): the denial is recorded after the act's transaction rolls back.
    throw new AuditedRefusal(
      'STEP_UP_REQUIRED',
      `The step-up check is ${problem}: ask the person to enter their password again.`,
      { ...meta, actor: requester },
      { action: `step-up.use:${req.purpose}`, outcome: 'denied', details: { reason: problem } },
      { purpose: req.purpose },
    );
  }
  await tx.updateTable('step_up').set({ used_at: meta.now }).where('token_hash', '=', row.token_hash).execute();
  return { userId: row.user_id, email: row.email, displayName: row.display_name, roles: row.roles, siteId: row.site_id };
}
