/**
 * Use case: add or replace the scanned copy of a recorded credential (a renewal card, a licence
 * printout). Audited with the document's SHA-256.
 *
 * @module
 */
import type { Credential, CredentialDocumentBody } from '@kairos/api';
import { notFound } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { checkedDocument } from './internal/credential-document.js';
import { activeCredentialsOf, credentialView, loadCredentialToChange, todayAt } from './internal/credential-records.js';

const ACTION = 'credential.document-attach';

export async function attachCredentialDocument(
  db: Db,
  actor: Actor,
  credentialId: string,
  input: CredentialDocumentBody,
  meta: RequestMeta,
): Promise<Credential> {
  return transact(db, async (tx) => {
    const { id, holder } = await loadCredentialToChange(tx, actor, credentialId, meta, ACTION);
    const doc = checkedDocument(input, 'body.content', { actor, meta, action: ACTION, holderId: holder.id });
    await tx.updateTable('staff_credential').set(doc).where('id', '=', id).execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: ACTION, recordType: 'staff_credential', recordId: id, outcome: 'allowed', details: { sha256: doc.document_sha256 } },
    );
    const stored = (await activeCredentialsOf(tx, [holder.id])).get(holder.id)?.find((r) => r.id === id);
    if (stored === undefined) throw notFound('credential', credentialId);
    return credentialView(stored, await todayAt(tx, holder.site_id, meta.now));
  });
}
