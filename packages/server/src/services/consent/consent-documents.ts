/**
 * Versioned consent documents per site: the list (newest is current), a new version, and the hash of
 * a version's text that each signature keeps.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';

export const documentHash = (title: string, body: string): string => createHash('sha256').update(`${title}\n\n${body}`).digest('hex');

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
