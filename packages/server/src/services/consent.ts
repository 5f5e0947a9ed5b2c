/**
 * Consent: versioned consent documents per site, and the patient's signature (typed name, time,
 * client address, hash of the document version) on a clinic tablet or through the portal. The
 * signature of the site's current version is the informed consent screening requires.
 * Portal access: single-use, expiring links or short codes, stored hashed.
 *
 * @module
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { ConsentSignatureResult, EnrollmentConsent, PortalConsent, PortalConsentBody, PortalEnterBody } from '@kairos/api';
import { findProgramTemplate } from '@kairos/core';
import { AppError, notFound } from '../errors.js';
import { audit } from './audit.js';
import { assertPatientAccess } from './patients.js';
import { recomputeOpenScreenings } from './screening.js';
import { sha256 } from './secret-tokens.js';
import { PATIENT, type Actor, type AuditActor, type RequestMeta } from './context.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

/** How long a portal link or code stays usable (not a clinical number: an access setting). */
export const PORTAL_ACCESS_HOURS = 72;
/** How long a patient's portal session lasts. */
export const PORTAL_SESSION_MINUTES = 60;
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

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

/** Whether the enrollment has a signature of its site's current consent version (and of its exact text). */
export async function consentStatus(db: Db, enrollmentId: string): Promise<EnrollmentConsent> {
  const enrollment = await db.selectFrom('enrollment').select('site_id').where('id', '=', enrollmentId).executeTakeFirst();
  if (enrollment === undefined) return { signed: false };
  const current = await db
    .selectFrom('consent_document')
    .select(['id', 'version', 'hash'])
    .where('site_id', '=', enrollment.site_id)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const ofCurrent =
    current === undefined
      ? undefined
      : await db
          .selectFrom('consent_signature')
          .select('signed_at')
          .where('enrollment_id', '=', enrollmentId)
          .where('document_id', '=', current.id)
          .where('document_hash', '=', current.hash)
          .orderBy('signed_at', 'desc')
          .limit(1)
          .executeTakeFirst();
  if (ofCurrent !== undefined && current !== undefined)
    return { signed: true, documentVersion: current.version, signedAt: ofCurrent.signed_at.toISOString() };
  // Not signed for the current version: say which earlier one was, if any.
  const earlier = await db
    .selectFrom('consent_signature as s')
    .innerJoin('consent_document as d', 'd.id', 's.document_id')
    .select(['d.version', 's.signed_at'])
    .where('s.enrollment_id', '=', enrollmentId)
    .orderBy('d.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return earlier === undefined
    ? { signed: false }
    : { signed: false, documentVersion: earlier.version, signedAt: earlier.signed_at.toISOString() };
}

/** The enrollment a patient is consenting for: the newest open one, and its site's current document. */
async function consentTarget(db: Db, patientId: string, enrollmentId?: string) {
  let q = db
    .selectFrom('enrollment')
    .select(['id', 'site_id', 'program_template', 'patient_id'])
    .where('patient_id', '=', patientId)
    .where('state', 'not in', ['completed', 'withdrawn', 'ineligible']);
  if (enrollmentId !== undefined) q = q.where('id', '=', enrollmentId);
  const enrollment = await q.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (enrollment === undefined) throw new AppError('NOT_FOUND', 'there is no open enrollment to consent to');
  const document = await db
    .selectFrom('consent_document')
    .selectAll()
    .where('site_id', '=', enrollment.site_id)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (document === undefined)
    throw new AppError('CONFLICT', 'the site has no consent document yet: an administrator or medical director writes one in Settings');
  return { enrollment, document };
}

async function sign(
  tx: Db,
  target: Awaited<ReturnType<typeof consentTarget>>,
  input: { typedName: string; documentId?: string },
  meta: RequestMeta,
  by: { channel: 'tablet' | 'portal'; staff?: Actor },
): Promise<ConsentSignatureResult> {
  if (input.documentId !== undefined && input.documentId !== target.document.id) {
    throw new AppError('CONFLICT', 'the consent document changed since it was shown: read the current version and sign again', {
      currentDocumentId: target.document.id,
    });
  }
  const row = await tx
    .insertInto('consent_signature')
    .values({
      enrollment_id: target.enrollment.id,
      document_id: target.document.id,
      document_hash: target.document.hash,
      typed_name: input.typedName.trim(),
      signed_at: meta.now,
      client_address: meta.clientAddress,
      channel: by.channel,
      staff_user: by.staff?.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(
    tx,
    { ...meta, actor: by.staff ?? PATIENT },
    {
      action: 'consent.sign',
      recordType: 'consent_signature',
      recordId: row.id,
      patientId: target.enrollment.patient_id,
      outcome: 'allowed',
      details: { channel: by.channel, documentVersion: target.document.version, documentHash: target.document.hash },
    },
  );
  await recomputeOpenScreenings(tx, target.enrollment.patient_id, by.staff ?? PATIENT, meta);
  return { signedAt: meta.now.toISOString(), documentVersion: target.document.version, hash: target.document.hash };
}

/** The patient signs on a clinic tablet, in a staff session handed to them. */
export async function signConsentOnTablet(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  typedName: string,
  meta: RequestMeta,
): Promise<ConsentSignatureResult> {
  return transact(db, async (tx) => {
    const e = await tx.selectFrom('enrollment').select(['id', 'patient_id']).where('id', '=', enrollmentId).executeTakeFirst();
    if (e === undefined) throw notFound('enrollment', enrollmentId);
    await assertPatientAccess(tx, actor, e.patient_id, meta, 'consent.sign');
    return sign(tx, await consentTarget(tx, e.patient_id, enrollmentId), { typedName }, meta, { channel: 'tablet', staff: actor });
  });
}

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

export async function findPortalSession(db: Db, token: string, now: Date): Promise<{ patientId: string; tokenHash: string } | undefined> {
  const row = await db.selectFrom('portal_session').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || row.expires_at <= now) return undefined;
  return { patientId: row.patient_id, tokenHash: row.token_hash };
}

export async function endPortalSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('portal_session').set({ revoked_at: now }).where('token_hash', '=', tokenHash).execute();
}

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

export async function signConsentInPortal(
  db: Db,
  patientId: string,
  input: PortalConsentBody,
  meta: RequestMeta,
): Promise<ConsentSignatureResult> {
  return transact(db, async (tx) => sign(tx, await consentTarget(tx, patientId), input, meta, { channel: 'portal' }));
}
