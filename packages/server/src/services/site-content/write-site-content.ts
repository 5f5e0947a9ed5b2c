/**
 * Use case: a coordinator or director writes one item of the site's content.
 *
 * @module
 */
import type { SiteContentItem } from '@kairos/api';
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { NO_USER, type Actor, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { checkContentKey } from './internal/site-content.js';

export async function writeSiteContent(
  db: Db,
  actor: Actor | null,
  siteId: string,
  key: string,
  body: string,
  meta: RequestMeta,
): Promise<SiteContentItem> {
  const problem = checkContentKey(key);
  if (problem !== null)
    throw new AppError('VALIDATION_FAILED', `params.key: ${problem}`, { issues: [{ field: 'params.key', message: problem }] });
  return transact(db, async (tx) => {
    const site = await tx.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst();
    if (site === undefined) throw notFound('site', siteId);
    await tx
      .insertInto('site_content')
      .values({ site_id: siteId, key, body, updated_at: meta.now, updated_by: actor?.userId ?? null })
      .onConflict((oc) => oc.columns(['site_id', 'key']).doUpdateSet({ body, updated_at: meta.now, updated_by: actor?.userId ?? null }))
      .execute();
    await audit(
      tx,
      { ...meta, actor: actor ?? NO_USER },
      { action: 'site-content.write', recordType: 'site', recordId: siteId, outcome: 'allowed', details: { key, length: body.length } },
    );
    return { key, body, updatedAt: meta.now.toISOString(), updatedBy: actor?.displayName ?? null };
  });
}
