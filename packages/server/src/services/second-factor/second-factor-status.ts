/**
 * Use case: the signed-in user's own second factor (the account page).
 *
 * @module
 */
import type { SecondFactorState } from '@kairos/api';
import { recoveryCodesLeft } from './check-second-factor.js';
import type { SecondFactorPolicy } from './policy.js';
import type { Db } from '../../store/database.js';

export interface SecondFactorStatusView {
  enrolled: boolean;
  enrolledAt: Date | null;
  recoveryCodesLeft: number;
  required: boolean;
  thisSignIn: SecondFactorState;
}

export async function secondFactorStatus(
  db: Db,
  userId: string,
  thisSignIn: SecondFactorState,
  policy: SecondFactorPolicy,
): Promise<SecondFactorStatusView> {
  const row = await db.selectFrom('user_second_factor').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  const enrolledAt = row?.confirmed_at ?? null;
  return {
    enrolled: enrolledAt !== null,
    enrolledAt,
    recoveryCodesLeft: enrolledAt === null ? 0 : await recoveryCodesLeft(db, userId),
    required: policy.required,
    thisSignIn,
  };
}
