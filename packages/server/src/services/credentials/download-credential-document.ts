/**
 * Use case: download a credential's scanned copy (audited: who read whose document, when). Oneself,
 * or an administrator or the medical director of the holder's site.
 *
 * @module
 */
import type { ReferralDocumentMediaType } from '@kairos/api';
import { notFound } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { downloadFileName } from '../document-kind.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { loadHolder } from './internal/credential-records.js';

export async function downloadCredentialDocument(
  db: Db,
  actor: Actor,
  credentialId: string,
  meta: RequestMeta,
): Promise<{ bytes: Buffer; mediaType: ReferralDocumentMediaType; fileName: string }> {
  return transact(db, async (tx) => {
    const c = await tx
      .selectFrom('staff_credential')
      .select(['id', 'user_id', 'document', 'document_name', 'document_type', 'document_sha256'])
      .where('id', '=', credentialId)
      .executeTakeFirst();
    if (c === undefined) throw notFound('credential', credentialId);
    await loadHolder(tx, actor, c.user_id, meta, 'credential.document-read', false);
    if (c.document === null || c.document_name === null || c.document_type === null) throw notFound('credential document', credentialId);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'credential.document-read',
        recordType: 'staff_credential',
        recordId: c.id,
        outcome: 'allowed',
        details: { holder: c.user_id, sha256: c.document_sha256 },
      },
    );
    return { bytes: c.document, mediaType: c.document_type, fileName: downloadFileName(c.document_name, c.document_type) };
  });
}
