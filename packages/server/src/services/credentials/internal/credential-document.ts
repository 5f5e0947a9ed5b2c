/**
 * A credential's scanned copy, checked as a referral document is: a PDF, PNG or JPEG by its first
 * bytes, not empty, at most 10 MB. A refusal names the field and is audited.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { CREDENTIAL_DOCUMENT, type CredentialDocumentBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../../context.js';
import { documentKindOf, keptFileName } from '../../document-kind.js';
import { AuditedRefusal } from '../../transaction.js';

export interface CheckedDocument {
  document: Buffer;
  document_name: string;
  document_type: 'application/pdf' | 'image/png' | 'image/jpeg';
  document_sha256: string;
}

export function checkedDocument(
  input: CredentialDocumentBody,
  field: string,
  refusal: { actor: Actor; meta: RequestMeta; action: string; holderId: string },
): CheckedDocument {
  const refuse = (message: string, reason: string) =>
    new AuditedRefusal(
      'UNPROCESSABLE',
      `${field}: ${message}`,
      { ...refusal.meta, actor: refusal.actor },
      { action: refusal.action, recordType: 'app_user', recordId: refusal.holderId, outcome: 'denied', details: { reason } },
      { issues: [{ field, message }] },
    );
  const bytes = Buffer.from(input.content, 'base64');
  if (bytes.length === 0) throw refuse('the document is empty', 'empty');
  if (bytes.length > CREDENTIAL_DOCUMENT.maxBytes)
    throw refuse(`larger than the ${CREDENTIAL_DOCUMENT.maxBytes / 1024 / 1024} MB limit`, 'too large');
  const kind = documentKindOf(bytes);
  if (kind === undefined)
    throw refuse('not a PDF, PNG or JPEG document (told by its contents, whatever its name says)', 'not a PDF, PNG or JPEG');
  return {
    document: bytes,
    document_name: keptFileName(input.fileName),
    document_type: kind,
    document_sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
