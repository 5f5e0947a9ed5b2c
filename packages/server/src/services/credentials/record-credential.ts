/**
 * Use case: an administrator or the medical director records a staff member's credential (a
 * licence, a DEA registration, ACLS or BLS), with its scanned copy when they have it. The contract
 * checked the fields (the DEA check digit, the state code, the expiry after the issue date); a
 * DEA number is kept upper case without spaces. Audited, without the number.
 *
 * @module
 */
import type { Credential, ParsedCredentialBody } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { checkedDocument } from './internal/credential-document.js';
import { activeCredentialsOf, credentialView, loadHolder, todayAt } from './internal/credential-records.js';

const ACTION = 'credential.record';

export async function recordCredential(
  db: Db,
  actor: Actor,
  userId: string,
  input: ParsedCredentialBody,
  meta: RequestMeta,
): Promise<Credential> {
  return transact(db, async (tx) => {
    const holder = await loadHolder(tx, actor, userId, meta, ACTION, true);
    const doc =
      input.document === undefined
        ? undefined
        : checkedDocument(input.document, 'body.document.content', { actor, meta, action: ACTION, holderId: holder.id });
    const number =
      input.number === undefined ? null : input.kind === 'dea' ? input.number.replace(/[\s-]/g, '').toUpperCase() : input.number;
    const row = await tx
      .insertInto('staff_credential')
      .values({
        user_id: holder.id,
        kind: input.kind,
        licence_type: input.licenceType ?? null,
        state: input.state ?? null,
        number,
        issued_on: input.issuedOn ?? null,
        expires_on: input.expiresOn,
        ...(doc ?? { document: null, document_name: null, document_type: null, document_sha256: null }),
        recorded_by: actor.userId,
        recorded_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'staff_credential',
        recordId: row.id,
        outcome: 'allowed',
        details: {
          holder: holder.id,
          kind: input.kind,
          state: input.state ?? null,
          expiresOn: input.expiresOn,
          document: doc !== undefined,
        },
      },
    );
    const stored = (await activeCredentialsOf(tx, [holder.id])).get(holder.id)?.find((c) => c.id === row.id);
    if (stored === undefined) throw new Error('the credential just recorded was not found');
    return credentialView(stored, await todayAt(tx, holder.site_id, meta.now));
  });
}
