/**
 * Use case: a director publishes a new version of the site's consent document.
 *
 * @module
 */
import { notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { documentHash } from './internal/document-hash.js';
import { listConsentDocuments } from './list-consent-documents.js';

export async function createConsentDocument(
  db: Db,
  actor: Actor,
  siteId: string,
  input: { title: string; body: string },
  meta: RequestMeta,
) {
  return transact(db, async (tx) => {
    const site = await tx.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst();
    if (site === undefined) throw notFound('site', siteId);
    const last = await tx
      .selectFrom('consent_document')
      .select('version')
      .where('site_id', '=', siteId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const version = (last?.version ?? 0) + 1;
    const row = await tx
      .insertInto('consent_document')
      .values({
        site_id: siteId,
        version,
        title: input.title,
        body: input.body,
        hash: documentHash(input.title, input.body),
        created_at: meta.now,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'consent-document.create',
        recordType: 'consent_document',
        recordId: row.id,
        outcome: 'allowed',
        details: { siteId, version },
      },
    );
    const [created] = await listConsentDocuments(tx, siteId);
    if (created === undefined) throw new Error('the consent document just written is missing');
    return created;
  });
}
