/**
 * Uses a portal link or code once and opens a portal session for its patient; an unknown, used or
 * expired one is refused and audited, and too many from one address are throttled.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { PortalEnterBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { sha256 } from '../secret-tokens.js';
import { PATIENT, type RequestMeta } from '../context.js';
import { AuditedRefusal, transact } from '../transaction.js';
import { loadSecuritySettings } from '../accounts/security-settings.js';
import { blockedUntil, minutesAgo } from '../sign-in/lockout.js';
import type { Db } from '../../store/database.js';
import { PORTAL_SESSION_MINUTES } from './portal-session.js';

/** The answer to every refused link or code, whatever the reason (unknown, used, expired). */
const PORTAL_REFUSED = 'This link or code is not valid: it may have been used already or expired. Ask the clinic for a new one.';

/** The end of the block of this address for portal links and codes, if one is in force. */
async function addressBlockedUntil(db: Db, clientAddress: string, now: Date): Promise<Date | undefined> {
  const s = await loadSecuritySettings(db);
  const rule = {
    failures: s.portalThrottleFailures,
    windowMinutes: s.portalThrottleWindowMinutes,
    blockMinutes: s.portalThrottleBlockMinutes,
  };
  const failures = await db
    .selectFrom('portal_attempt')
    .select('at')
    .where('client_address', '=', clientAddress)
    .where('succeeded', '=', false)
    .where('while_blocked', '=', false)
    .where('at', '>=', minutesAgo(now, rule.windowMinutes + rule.blockMinutes))
    .orderBy('at')
    .execute();
  return blockedUntil(
    failures.map((f) => f.at),
    rule,
    now,
  );
}

/**
 * Uses a portal link or code once and opens a portal session for its patient. Failures are
 * counted per client address (kept, with their audit event, whatever the transaction did); too
 * many answer 429 with Retry-After for a while, and the refusal is audited.
 */
export async function enterPortal(
  db: Db,
  input: PortalEnterBody,
  meta: RequestMeta,
): Promise<{ sessionToken: string; patientId: string; givenName: string }> {
  const kind = 'token' in input ? 'link' : 'code';
  const blocked = await addressBlockedUntil(db, meta.clientAddress, meta.now);
  if (blocked !== undefined) {
    const retryAfterSeconds = Math.max(1, Math.ceil((blocked.getTime() - meta.now.getTime()) / 1000));
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('portal_attempt')
        .values({ client_address: meta.clientAddress, succeeded: false, while_blocked: true, at: meta.now })
        .execute();
      await audit(
        tx,
        { ...meta, actor: PATIENT },
        { action: 'portal.enter', outcome: 'denied', details: { reason: 'address throttled', kind } },
      );
    });
    throw new AppError(
      'RATE_LIMITED',
      'Too many links or codes that did not work from this device. Wait a few minutes and try again, or ask the clinic.',
      {
        retryAfterSeconds,
      },
    );
  }
  try {
    return await transact(db, async (tx) => {
      const hash = 'token' in input ? sha256(input.token) : sha256(input.code.trim().toUpperCase().replace(/[\s-]/g, ''));
      const column = 'token' in input ? 'token_hash' : 'code_hash';
      const access = await tx.selectFrom('portal_access').selectAll().where(column, '=', hash).forUpdate().executeTakeFirst();
      if (access === undefined || access.used_at !== null || access.expires_at <= meta.now)
        throw new AuditedRefusal(
          'UNAUTHENTICATED',
          PORTAL_REFUSED,
          { ...meta, actor: PATIENT },
          {
            action: 'portal.enter',
            outcome: 'denied',
            details: { reason: access === undefined ? 'unknown' : access.used_at !== null ? 'used' : 'expired', kind },
          },
        );
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
      await tx.insertInto('portal_attempt').values({ client_address: meta.clientAddress, succeeded: true, at: meta.now }).execute();
      await audit(
        tx,
        { ...meta, actor: PATIENT },
        { action: 'portal.enter', recordType: 'patient', recordId: access.patient_id, patientId: access.patient_id, outcome: 'allowed' },
      );
      const patient = await tx.selectFrom('patient').select('given_name').where('id', '=', access.patient_id).executeTakeFirstOrThrow();
      return { sessionToken, patientId: access.patient_id, givenName: patient.given_name };
    });
  } catch (err) {
    // The refusal's audit event is already appended (transact); the failure counts toward the address's block.
    if (err instanceof AuditedRefusal)
      await db.insertInto('portal_attempt').values({ client_address: meta.clientAddress, succeeded: false, at: meta.now }).execute();
    throw err;
  }
}
