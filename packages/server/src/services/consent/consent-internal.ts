/**
 * Shared by the consent use cases of this folder: the enrollment and document a patient consents to,
 * and the signature itself (stored, audited, and re-running the patient's open screenings).
 *
 * @module
 */
import { CONSENT_WITNESS_PURPOSE, type ConsentSignatureResult } from '@kairos/api';
import { AppError } from '../../errors.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { audit } from '../audit.js';
import { recomputeOpenScreenings } from '../screening/recompute-open-screenings.js';
import { PATIENT, type Actor, type RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';

/** The enrollment a patient is consenting for: the newest open one, and its site's current document. */
export async function consentTarget(db: Db, patientId: string, enrollmentId?: string) {
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

/** A name's words, as compared: letters and digits only, lower case, accents ignored ("Zoë O'Neil-Smith" → zoe o neil smith). */
function nameWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * Whether a typed signature is the patient's name: every word of the given and family names the
 * clinic holds appears in it, in any order and case, accents and punctuation aside (a middle name
 * may be added). "Mickey Mouse" for Maya Okafor is not a signature.
 */
export function typedNameMatches(typed: string, patient: { givenName: string; familyName: string }): boolean {
  const words = new Set(nameWords(typed));
  const needed = [...nameWords(patient.givenName), ...nameWords(patient.familyName)];
  return needed.length > 0 && needed.every((w) => words.has(w));
}

export async function sign(
  tx: Db,
  target: Awaited<ReturnType<typeof consentTarget>>,
  input: { typedName: string; documentId?: string },
  meta: RequestMeta,
  by: { channel: 'tablet' | 'portal'; staff?: Actor; witness?: { reason: string; stepUpToken: string } },
): Promise<ConsentSignatureResult> {
  if (input.documentId !== undefined && input.documentId !== target.document.id) {
    throw new AppError('CONFLICT', 'the consent document changed since it was shown: read the current version and sign again', {
      currentDocumentId: target.document.id,
    });
  }
  const patient = await tx
    .selectFrom('patient')
    .select(['given_name', 'family_name'])
    .where('id', '=', target.enrollment.patient_id)
    .executeTakeFirstOrThrow();
  const matches = typedNameMatches(input.typedName, { givenName: patient.given_name, familyName: patient.family_name });
  // A name that differs is accepted on the tablet only with a staff witness's own proof and reason;
  // a witness for a name that matches is not needed and not recorded.
  let witness: { by: Actor; reason: string } | undefined;
  if (!matches && by.channel === 'tablet' && by.staff !== undefined && by.witness !== undefined) {
    const proved = await consumeStepUp(tx, by.staff, by.witness.stepUpToken, { purpose: CONSENT_WITNESS_PURPOSE }, meta);
    witness = { by: proved, reason: by.witness.reason };
  }
  if (!matches && witness === undefined) {
    const message =
      by.channel === 'portal'
        ? 'is not your full name as the clinic has it: type your first and last name (if your name has changed, sign at the clinic, where a staff member can confirm it)'
        : `is not the patient's full name as the clinic has it (${patient.given_name} ${patient.family_name}): the patient types their own name, or a staff member confirms, with their password, why the names differ`;
    throw new AppError('VALIDATION_FAILED', `The typed name ${message}.`, { issues: [{ field: 'typedName', message }] });
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
      name_witnessed_by: witness?.by.userId ?? null,
      name_witness_reason: witness?.reason ?? null,
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
      details: {
        channel: by.channel,
        documentVersion: target.document.version,
        documentHash: target.document.hash,
        ...(witness === undefined ? {} : { nameWitnessedBy: witness.by.userId, nameWitnessReason: witness.reason }),
      },
    },
  );
  await recomputeOpenScreenings(tx, target.enrollment.patient_id, by.staff ?? PATIENT, meta);
  return { signedAt: meta.now.toISOString(), documentVersion: target.document.version, hash: target.document.hash };
}
