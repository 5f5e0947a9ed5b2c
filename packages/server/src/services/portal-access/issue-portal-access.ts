/**
 * Portal access for a patient: a single-use, expiring link and short code, stored hashed and shown
 * once; by a staff user on the care team, or by the system (the message sweep).
 *
 * @module
 */
import { randomBytes, randomInt } from 'node:crypto';
import { audit } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { sha256 } from '../secret-tokens.js';
import type { Actor, AuditActor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

/** How long a portal link or code stays usable (not a clinical number: an access setting). */
export const PORTAL_ACCESS_HOURS = 72;

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Creates a single-use, expiring portal link and short code for a patient. Shown once. */
export async function createPortalAccess(db: Db, actor: Actor, patientId: string, meta: RequestMeta) {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'portal-access.create');
    return issuePortalAccess(tx, { userId: actor.userId, roles: actor.roles }, patientId, meta);
  });
}

/**
 * Writes a portal link and code inside the caller's transaction, without an access check: for a
 * staff request after `assertPatientAccess`, or for the system (`userId` null, e.g. the message
 * sweep sending a follow-up questionnaire link).
 */
export async function issuePortalAccess(
  tx: Db,
  by: AuditActor,
  patientId: string,
  meta: { now: Date; requestId?: string | null; clientAddress?: string | null },
) {
  const token = randomBytes(32).toString('base64url');
  const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  const expiresAt = new Date(meta.now.getTime() + PORTAL_ACCESS_HOURS * 3_600_000);
  await tx
    .insertInto('portal_access')
    .values({
      patient_id: patientId,
      token_hash: sha256(token),
      code_hash: sha256(code),
      created_at: meta.now,
      created_by: by.userId,
      expires_at: expiresAt,
    })
    .execute();
  await audit(
    tx,
    { ...meta, actor: by },
    { action: 'portal-access.create', recordType: 'patient', recordId: patientId, patientId, outcome: 'allowed' },
  );
  return { code, link: `/portal/enter?token=${token}`, expiresAt: expiresAt.toISOString() };
}
