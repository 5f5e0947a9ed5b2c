/**
 * The sender: delivers due outbox messages over SMTP, safely with several server instances on
 * one database and across crashes.
 *
 * - Claim: one message at a time, `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)` moves
 *   its `next_attempt_at` a lease ahead and counts the attempt, then commits. Another instance
 *   skips it while the lease runs; no transaction stays open while SMTP talks (on the embedded
 *   database, with its one connection, that would stall every request).
 * - Send: nodemailer with the row's stored Message-ID. If the process dies after the SMTP server
 *   accepted the message and before the row is marked sent, the lease runs out and the message
 *   is sent again with the same Message-ID: at least once, and a duplicate is recognisable.
 * - Mark: sent (and any portal link in the stored body replaced), or failed for now with the
 *   error and an exponential backoff, or failed for good after the last attempt.
 *
 * Logs carry the message row id and the error code, never an address, a subject or a body.
 *
 * @module
 */
import type { Selectable } from 'kysely';
import type { Logger } from '../logger.js';
import { audit } from '../services/audit.js';
import type { MessageTable } from '../store/schema.js';
import { localDateOf } from '@kairos/core';
import { SYSTEM_CAUSE } from './outbox.js';
import { bodyForSending, redactCredentials } from './templates.js';
import type { Db } from '../store/database.js';

/**
 * How delivery is retried. Not clinical numbers: an operations setting, kept in one place.
 * Attempt n that fails waits `backoffBaseMs × 2^(n-1)` (capped at `backoffMaxMs`) before the
 * next; the defaults retry for about four hours (2, 4, 8, … 120 minutes) before giving up, long
 * enough to ride out a mail server's restart, short enough that staff see a failure the same day.
 */
export const MESSAGE_DELIVERY = Object.freeze({
  backoffBaseMs: 2 * 60_000,
  backoffMaxMs: 2 * 3_600_000,
  /** After this many attempts a message that still fails is `failed`, for staff to see. */
  maxAttempts: 8,
  /**
   * A claimed message belongs to its sender this long; after it, another sender (or this one
   * restarted) may send it again. Longer than one send can take (the SMTP timeouts below).
   */
  leaseMs: 10 * 60_000,
  /** At most this many messages per pass, so a pass ends and the next sweep continues. */
  maxPerPass: 50,
  smtpConnectionTimeoutMs: 30_000,
  smtpGreetingTimeoutMs: 30_000,
  smtpSocketTimeoutMs: 60_000,
});

/** The wait after `attempts` failed attempts (1 = the first). */
export function backoffMs(
  attempts: number,
  policy: Pick<typeof MESSAGE_DELIVERY, 'backoffBaseMs' | 'backoffMaxMs'> = MESSAGE_DELIVERY,
): number {
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
}

/** What the sender needs of a mail transport (nodemailer's `Transporter` fits). */
export interface MailTransport {
  sendMail: (mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    messageId: string;
    date: Date;
    headers: Record<string, string>;
  }) => Promise<unknown>;
}

export interface DeliverOptions {
  /** The From of every message (config `KAIROS_MAIL_FROM`). */
  from: string;
  /** The lease of a claim, in clock milliseconds (scale it with a sped-up demo clock). */
  leaseMs?: number;
  maxAttempts?: number;
  maxPerPass?: number;
  logger?: Logger;
}

export interface DeliverResult {
  sent: number;
  /** Failed this time, to be retried. */
  retrying: number;
  /** Failed for good (last attempt, or no longer wanted). */
  failed: number;
}

type Row = Selectable<MessageTable>;

/** A short, single-line description of a send error for the row (never logged: it may name the address). */
export function describeSendError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  const response = typeof e.responseCode === 'number' ? ` ${e.responseCode}` : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  return `${code}${response}: ${message}`.replace(/\s+/g, ' ').slice(0, 500);
}

/** Claims the next due message: counts the attempt and leases it. Undefined when none is due. */
async function claimNext(db: Db, now: Date, leaseMs: number) {
  return db
    .updateTable('message')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(now.getTime() + leaseMs) }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('message')
        .select('id')
        .where('state', '=', 'queued')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .where('state', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Why a message is no longer worth sending, or undefined. A pre-session message whose session
 * was cancelled, moved to another day or has begun is not sent.
 */
async function staleReason(db: Db, row: Pick<Row, 'kind' | 'dedupe_key' | 'site_id'>, now: Date): Promise<string | undefined> {
  if (row.kind !== 'pre-session') return undefined;
  const [, eventId, date] = row.dedupe_key.split(':');
  if (eventId === undefined || !/^[0-9a-f-]{36}$/.test(eventId)) return undefined;
  const event = await db
    .selectFrom('scheduled_event as e')
    .innerJoin('site as s', 's.id', 'e.site_id')
    .select(['e.state', 'e.starts_at', 's.time_zone'])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
  if (event === undefined || event.state !== 'scheduled') return 'not sent: the session was cancelled';
  if (date !== undefined && localDateOf(event.starts_at, event.time_zone) !== date) return 'not sent: the session moved to another day';
  if (event.starts_at <= now) return 'not sent: the session has begun';
  return undefined;
}

async function finish(
  db: Db,
  row: Row,
  outcome: { state: 'sent' | 'failed'; error?: string } | { state: 'queued'; error: string; retryAt: Date },
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const changed = await tx
      .updateTable('message')
      .set({
        state: outcome.state,
        last_error: outcome.state === 'sent' ? null : (outcome.error ?? null),
        ...(outcome.state === 'sent' ? { sent_at: now } : {}),
        ...(outcome.state === 'queued' ? { next_attempt_at: outcome.retryAt } : { body: redactCredentials(row.body) }),
      })
      .where('id', '=', row.id)
      .where('state', '=', 'queued')
      // The attempt count is the claim's token: a sender whose lease ran out while it was sending
      // (another one has claimed the row since) changes nothing, not even the other's lease.
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    // Another sender claimed or finished it since (this one's lease ran out while it was sending): nothing more.
    if (Number(changed.numUpdatedRows) === 0) return false;
    if (outcome.state !== 'queued') {
      await audit(
        tx,
        { actor: SYSTEM_CAUSE, now },
        {
          action: outcome.state === 'sent' ? 'message.send' : 'message.fail',
          recordType: 'message',
          recordId: row.id,
          patientId: row.patient_id,
          outcome: outcome.state === 'sent' ? 'allowed' : 'failed',
          details: { kind: row.kind, attempts: row.attempts },
        },
      );
    }
    return true;
  });
}

/**
 * Delivers the messages due at `now` (a clock, so a long pass leases each claim from its own
 * time), one claim at a time, at most `maxPerPass`. Without a transport nothing is claimed.
 */
export async function deliverDue(
  db: Db,
  transport: MailTransport | undefined,
  now: Date | (() => Date),
  options: DeliverOptions,
): Promise<DeliverResult> {
  const result: DeliverResult = { sent: 0, retrying: 0, failed: 0 };
  if (transport === undefined) return result;
  const clock = typeof now === 'function' ? now : () => now;
  const leaseMs = options.leaseMs ?? MESSAGE_DELIVERY.leaseMs;
  const maxAttempts = options.maxAttempts ?? MESSAGE_DELIVERY.maxAttempts;
  for (let n = 0; n < (options.maxPerPass ?? MESSAGE_DELIVERY.maxPerPass); n++) {
    const claimedAt = clock();
    const row = await claimNext(db, claimedAt, leaseMs);
    if (row === undefined) break;
    const stale = await staleReason(db, row, claimedAt);
    if (stale !== undefined) {
      if (await finish(db, row, { state: 'failed', error: stale }, claimedAt)) result.failed++;
      continue;
    }
    try {
      await transport.sendMail({
        from: options.from,
        to: row.to_address,
        subject: row.subject,
        text: bodyForSending(row.body),
        messageId: row.message_id,
        date: claimedAt,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (err) {
      const error = describeSendError(err);
      const code = (err as { code?: unknown }).code;
      const last = row.attempts >= maxAttempts;
      options.logger?.warn(
        { messageRowId: row.id, attempt: row.attempts, code: typeof code === 'string' ? code : 'error', final: last },
        last ? 'message delivery failed for good' : 'message delivery failed; will retry',
      );
      const doneAt = clock();
      const finished = last
        ? await finish(db, row, { state: 'failed', error }, doneAt)
        : await finish(db, row, { state: 'queued', error, retryAt: new Date(doneAt.getTime() + backoffMs(row.attempts)) }, doneAt);
      if (finished) result[last ? 'failed' : 'retrying']++;
      continue;
    }
    if (await finish(db, row, { state: 'sent' }, clock())) result.sent++;
  }
  return result;
}
