/**
 * Use case: the consent document versions of a site.
 *
 * @module
 */
import type { Db } from '../../store/database.js';

export async function listConsentDocuments(db: Db, siteId: string) {
  const rows = await db.selectFrom('consent_document').selectAll().where('site_id', '=', siteId).orderBy('version', 'desc').execute();
  return rows.map((r, i) => ({
    id: r.id,
    version: r.version,
    title: r.title,
    body: r.body,
    hash: r.hash,
    createdAt: r.created_at.toISOString(),
    current: i === 0,
  }));
}
