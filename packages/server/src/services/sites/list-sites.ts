/**
 * Use case: the sites.
 *
 * @module
 */
import type { Site } from '@kairos/api';
import type { Db } from '../../store/database.js';
import { getSite } from './get-site.js';

export async function listSites(db: Db): Promise<Site[]> {
  const ids = await db.selectFrom('site').select('id').orderBy('created_at').execute();
  return Promise.all(ids.map((s) => getSite(db, s.id)));
}
