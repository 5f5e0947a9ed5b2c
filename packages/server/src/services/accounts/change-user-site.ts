/**
 * Use case: an administrator moves a staff member to another site (step-up). Every account works at
 * one site (`app_user.site_id`); they see that site's patients and schedule from their next request
 * on. The CLI's `user site` does the same on the server's machine.
 *
 * @module
 */
import type { StaffAccount, StaffAccountSiteBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { assertSiteInScope } from '../access/site-scope.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditActionOf, consumeOwnStepUp, loadAccountToChange, staffAccountView } from './internal/staff-accounts.js';

export async function changeUserSite(
  db: Db,
  actor: Actor,
  userId: string,
  input: StaffAccountSiteBody,
  meta: RequestMeta,
): Promise<StaffAccount> {
  return transact(db, async (tx) => {
    const account = await loadAccountToChange(tx, actor, userId, meta, 'site');
    const site = await tx.selectFrom('site').select('id').where('id', '=', input.siteId).executeTakeFirst();
    if (site === undefined)
      throw new AppError('VALIDATION_FAILED', 'siteId: no such site', { issues: [{ field: 'body.siteId', message: 'no such site' }] });
    assertSiteInScope(actor, site.id, meta, auditActionOf('site'), 'site-config');
    await consumeOwnStepUp(tx, actor, input.stepUpToken, 'site', account.id, meta);
    await tx.updateTable('app_user').set({ site_id: site.id, updated_at: meta.now }).where('id', '=', account.id).execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: auditActionOf('site'),
        recordType: 'user',
        recordId: account.id,
        outcome: 'allowed',
        details: { before: { siteId: account.site_id }, after: { siteId: site.id } },
      },
    );
    return staffAccountView(tx, actor, account.id);
  });
}
