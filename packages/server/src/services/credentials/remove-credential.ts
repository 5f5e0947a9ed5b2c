/**
 * Use case: remove a credential entered by mistake (or superseded and no longer wanted in the
 * list), with a reason. The row is kept with who removed it, when and why; it no longer counts.
 *
 * @module
 */
import type { CredentialRemoveBody } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { loadCredentialToChange } from './internal/credential-records.js';

const ACTION = 'credential.remove';

export async function removeCredential(
  db: Db,
  actor: Actor,
  credentialId: string,
  input: CredentialRemoveBody,
  meta: RequestMeta,
): Promise<{ id: string }> {
  return transact(db, async (tx) => {
    const { id } = await loadCredentialToChange(tx, actor, credentialId, meta, ACTION);
    await tx
      .updateTable('staff_credential')
      .set({ removed_at: meta.now, removed_by: actor.userId, removed_reason: input.reason })
      .where('id', '=', id)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: ACTION, recordType: 'staff_credential', recordId: id, outcome: 'allowed', details: { reason: input.reason } },
    );
    return { id: id };
  });
}
