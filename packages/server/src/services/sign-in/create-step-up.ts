/**
 * Use case: a staff member proves themselves again (password and second factor) for one purpose: a short-lived, single-use step-up proof.
 *
 * @module
 */
import { isLicensed } from '../access/permissions.js';
import { loadSecuritySettings } from '../accounts/security-settings.js';
import type { Actor, RequestMeta } from '../context.js';
import { newToken, sha256 } from '../secret-tokens.js';
import type { SecondFactorPolicy } from '../second-factor/policy.js';
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

/**
 * Checks the named user's password now, and their second factor when they have one (design.md: "password,
 * and their second factor where enabled"; in production every staff member has one), and issues a proof for `purpose`.
 */
export async function createStepUp(
  db: Db,
  requestedBy: Actor,
  input: { email: string; password: string; code?: string | undefined; purpose: string },
  meta: RequestMeta,
  { allowSynthetic, policy }: { allowSynthetic: boolean; policy: SecondFactorPolicy },
): Promise<StepUpProof> {
  const { actor: verified } = await checkCredentials(db, input, meta, { purpose: 'step-up', allowSynthetic, policy });
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
