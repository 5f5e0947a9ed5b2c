/**
 * Use case: the patient signs the consent in the portal.
 *
 * @module
 */
import type { ConsentSignatureResult, PortalConsentBody } from '@kairos/api';
import { transact } from '../transaction.js';
import type { RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { consentTarget, sign } from './consent-internal.js';

export async function signConsentInPortal(
  db: Db,
  patientId: string,
  input: PortalConsentBody,
  meta: RequestMeta,
): Promise<ConsentSignatureResult> {
  return transact(db, async (tx) => sign(tx, await consentTarget(tx, patientId), input, meta, { channel: 'portal' }));
}
