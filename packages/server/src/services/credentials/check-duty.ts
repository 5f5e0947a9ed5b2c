/**
 * Use case: whether a person may hold a duty of a dosing session on a date (the Users page's
 * "check" and the scheduling form's warning before saving): oneself, or anyone of the actor's site
 * for whoever schedules or manages credentials.
 *
 * @module
 */
import type { CredentialCheck } from '@kairos/api';
import type { SessionDuty } from '@kairos/core';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertSiteInScope } from '../access/site-scope.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { checkDuties } from './duty-checks.js';

export async function checkDuty(
  db: Db,
  actor: Actor,
  userId: string,
  query: { duty: SessionDuty; date: string },
  meta: RequestMeta,
): Promise<CredentialCheck> {
  return transact(db, async (tx) => {
    const person = await tx.selectFrom('app_user').select(['id', 'site_id']).where('id', '=', userId).executeTakeFirst();
    if (person === undefined || person.site_id === null)
      throw new AppError('NOT_FOUND', 'This staff member was not found at a site.', { kind: 'staff member', id: userId });
    if (person.id !== actor.userId) assertSiteInScope(actor, person.site_id, meta, 'credential.check', 'site-config');
    const [answer] = await checkDuties(tx, person.site_id, [{ userId, duty: query.duty, date: query.date }]);
    if (answer === undefined) throw new Error('no answer');
    return {
      userId,
      duty: query.duty,
      date: query.date,
      allowed: answer.check.allowed,
      lapses: answer.check.lapses,
      rule: answer.check.rule,
      message: answer.check.message,
    };
  });
}
