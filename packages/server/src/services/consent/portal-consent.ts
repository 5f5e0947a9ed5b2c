/**
 * The consent the patient reads in the portal: the open enrollment's site's current document, and
 * their signature of it if any.
 *
 * @module
 */
import type { PortalConsent } from '@kairos/api';
import { findProgramTemplate } from '@kairos/core';
import { audit } from '../audit.js';
import { PATIENT, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { consentTarget } from './consent-internal.js';

export async function portalConsent(db: Db, patientId: string, meta: RequestMeta): Promise<PortalConsent> {
  return transact(db, async (tx) => {
    const target = await consentTarget(tx, patientId);
    const signature = await tx
      .selectFrom('consent_signature')
      .select(['signed_at', 'typed_name'])
      .where('enrollment_id', '=', target.enrollment.id)
      .where('document_id', '=', target.document.id)
      .orderBy('signed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    await audit(
      tx,
      { ...meta, actor: PATIENT },
      { action: 'portal.consent.read', recordType: 'consent_document', recordId: target.document.id, patientId, outcome: 'allowed' },
    );
    return {
      enrollment: {
        id: target.enrollment.id,
        programTitle: findProgramTemplate(target.enrollment.program_template)?.title ?? target.enrollment.program_template,
      },
      document: {
        id: target.document.id,
        version: target.document.version,
        title: target.document.title,
        body: target.document.body,
        hash: target.document.hash,
      },
      signed: signature === undefined ? null : { signedAt: signature.signed_at.toISOString(), typedName: signature.typed_name },
    };
  });
}
