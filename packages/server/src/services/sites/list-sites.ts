/**
 * Use case: the sites an actor may see: admins every site (they manage them), everyone else their own.
 *
 * @module
 */
import type { Site } from '@kairos/api';
import { listSiteOf } from '../access/site-scope.js';
import type { Actor } from '../context.js';
import type { Db } from '../../store/database.js';
import { getSite } from './get-site.js';

export async function listSites(db: Db, actor: Actor): Promise<Site[]> {
  let q = db.selectFrom('site').select('id').orderBy('created_at');
  if (!actor.roles.includes('admin')) q = q.where('id', '=', listSiteOf(actor));
  const ids = await q.execute();
  return Promise.all(ids.map((s) => getSite(db, s.id)));
}
