/**
 * Moves a staff member to a site (used by the CLI; audited): they see that site's patients and
 * schedule from their next request on.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { NO_USER, type AuditActor, type RequestMeta } from '../context.js';
import { emailKey } from './email-key.js';
import { resolveUserSite } from './internal/user-site.js';
import type { Db } from '../../store/database.js';

export async function setUserSite(
  db: Db,
  email: string,
  site: string,
  meta: RequestMeta,
  actor: AuditActor = NO_USER,
): Promise<{ siteName: string }> {
  return db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('app_user')
      .select(['id', 'site_id'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', emailKey(email)))
      .executeTakeFirst();
    if (user === undefined) throw new AppError('NOT_FOUND', `no user with email ${emailKey(email)}`);
    const siteId = await resolveUserSite(tx, { site }, meta, actor);
    await tx.updateTable('app_user').set({ site_id: siteId, updated_at: meta.now }).where('id', '=', user.id).execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'user.site', recordType: 'user', recordId: user.id, outcome: 'allowed', details: { from: user.site_id, to: siteId } },
    );
    const row = await tx.selectFrom('site').select('name').where('id', '=', siteId).executeTakeFirstOrThrow();
    return { siteName: row.name };
  });
}
