/**
 * Uses a portal link or code once and opens a portal session for its patient; an unknown, used or
 * expired one is refused and audited.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { PortalEnterBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { sha256 } from '../secret-tokens.js';
import { PATIENT, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { PORTAL_SESSION_MINUTES } from './portal-session.js';

/** Uses a portal link or code once and opens a portal session for its patient. */
export async function enterPortal(
  db: Db,
  input: PortalEnterBody,
  meta: RequestMeta,
): Promise<{ sessionToken: string; patientId: string; givenName: string }> {
  return transact(db, async (tx) => {
    const hash = 'token' in input ? sha256(input.token) : sha256(input.code.trim().toUpperCase().replace(/[\s-]/g, ''));
    const column = 'token' in input ? 'token_hash' : 'code_hash';
    const access = await tx.selectFrom('portal_access').selectAll().where(column, '=', hash).forUpdate().executeTakeFirst();
    if (access === undefined || access.used_at !== null || access.expires_at <= meta.now) {
      await audit(
        tx,
        { ...meta, actor: PATIENT },
        {
          action: 'portal.enter',
          outcome: 'denied',
          details: { reason: access === undefined ? 'unknown' : access.used_at !== null ? 'used' : 'expired' },
        },
      );
      throw new AppError(
        'UNAUTHENTICATED',
        'This link or code is not valid: it may have been used already or expired. Ask the clinic for a new one.',
      );
    }
    await tx.updateTable('portal_access').set({ used_at: meta.now }).where('id', '=', access.id).execute();
    const sessionToken = randomBytes(32).toString('base64url');
    await tx
      .insertInto('portal_session')
      .values({
        token_hash: sha256(sessionToken),
        patient_id: access.patient_id,
        created_at: meta.now,
        last_seen_at: meta.now,
        expires_at: new Date(meta.now.getTime() + PORTAL_SESSION_MINUTES * 60_000),
      })
      .execute();
    await audit(
      tx,
      { ...meta, actor: PATIENT },
      { action: 'portal.enter', recordType: 'patient', recordId: access.patient_id, patientId: access.patient_id, outcome: 'allowed' },
    );
    const patient = await tx.selectFrom('patient').select('given_name').where('id', '=', access.patient_id).executeTakeFirstOrThrow();
    return { sessionToken, patientId: access.patient_id, givenName: patient.given_name };
  });
}
