/**
 * The outbox of messages to patients: a message is a row written in the transaction of whatever
 * caused it, sent later by the sender (`sender.ts`). A row's `dedupe_key` makes enqueueing
 * idempotent (a sweep that runs twice, or on two servers, writes one message), and its
 * `message_id` (the email's Message-ID, chosen here, once) makes a resend after a crash the same
 * email, which mail systems then recognise as a duplicate.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { audit } from '../services/audit.js';
import { assertPatientAccess } from '../services/patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../services/context.js';
import { transact } from '../services/transaction.js';
import type { MessageKind, MessageTable } from '../store/schema.js';
import type { RenderedMessage } from './templates.js';
import type { Db } from '../store/database.js';

/** Who caused a message: a staff member, or the system (a sweep). */
export interface MessageCause {
  userId: string | null;
  roles: readonly string[];
  requestId?: string | null;
  clientAddress?: string | null;
}

/** The system as an actor in the audit trail (the message sweep). */
export const SYSTEM_CAUSE: MessageCause = Object.freeze({ userId: null, roles: Object.freeze(['system']) });

/** A new Message-ID: `<uuid@domain>`, chosen once at enqueue time and reused by every attempt. */
export function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}

export interface EnqueueInput {
  patientId: string;
  siteId: string;
  kind: MessageKind;
  /** One message per key, ever: a second enqueue with the same key does nothing. */
  dedupeKey: string;
  toAddress: string;
  /**
   * The subject and body, or a function that makes them, called only when the row is new (in
   * the same transaction): for messages that issue a portal link, so an enqueue that does
   * nothing issues none.
   */
  content: RenderedMessage | (() => Promise<RenderedMessage>);
  /** The right-hand side of the Message-ID (the From address's domain). */
  messageIdDomain: string;
  now: Date;
  cause: MessageCause;
}

export interface Enqueued {
  id: string;
  messageId: string;
  /** False when a message with this dedupe key existed already (nothing was written). */
  created: boolean;
}

/**
 * Queues a message, idempotently on its dedupe key (`ON CONFLICT DO NOTHING`). Call inside the
 * transaction of the change that causes it. A concurrent enqueue of the same key waits for this
 * transaction and then does nothing.
 */
export async function enqueueMessage(tx: Db, input: EnqueueInput): Promise<Enqueued> {
  const ready = typeof input.content === 'function' ? undefined : input.content;
  const row = await tx
    .insertInto('message')
    .values({
      patient_id: input.patientId,
      site_id: input.siteId,
      kind: input.kind,
      dedupe_key: input.dedupeKey,
      to_address: input.toAddress,
      subject: ready?.subject ?? '',
      body: ready?.body ?? '',
      message_id: newMessageId(input.messageIdDomain),
      state: 'queued',
      attempts: 0,
      next_attempt_at: input.now,
      created_at: input.now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning(['id', 'message_id'])
    .executeTakeFirst();
  if (row === undefined) {
    const existing = await tx
      .selectFrom('message')
      .select(['id', 'message_id'])
      .where('dedupe_key', '=', input.dedupeKey)
      .executeTakeFirstOrThrow();
    return { id: existing.id, messageId: existing.message_id, created: false };
  }
  if (typeof input.content === 'function') {
    const made = await input.content();
    await tx.updateTable('message').set({ subject: made.subject, body: made.body }).where('id', '=', row.id).execute();
  }
  await audit(
    tx,
    { actor: input.cause, requestId: input.cause.requestId, clientAddress: input.cause.clientAddress, now: input.now },
    {
      action: 'message.enqueue',
      recordType: 'message',
      recordId: row.id,
      patientId: input.patientId,
      outcome: 'allowed',
      details: { kind: input.kind },
    },
  );
  return { id: row.id, messageId: row.message_id, created: true };
}

/** True when a message with this dedupe key exists (a cheap check before building one). */
export async function messageExists(db: Db, dedupeKey: string): Promise<boolean> {
  return (await db.selectFrom('message').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirst()) !== undefined;
}

export interface MessageView {
  id: string;
  kind: MessageKind;
  subject: string;
  to: string;
  state: MessageTable['state'];
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** When a queued message is tried next. */
  nextAttemptAt: string | null;
}

/**
 * A patient's messages, newest first, without their bodies (a body may hold a portal link until
 * it is sent). Care-team access; audited as a read of the patient's record.
 */
export async function listPatientMessages(
  db: Db,
  actor: Actor,
  patientId: string,
  meta: RequestMeta,
): Promise<{ email: string | null; items: MessageView[] }> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.messages.read');
    const patient = await tx.selectFrom('patient').select('email').where('id', '=', patientId).executeTakeFirstOrThrow();
    const rows = await tx
      .selectFrom('message')
      .select(['id', 'kind', 'subject', 'to_address', 'state', 'attempts', 'last_error', 'created_at', 'sent_at', 'next_attempt_at'])
      .where('patient_id', '=', patientId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'patient.messages.read',
        recordType: 'patient',
        recordId: patientId,
        patientId,
        outcome: 'allowed',
        details: { count: rows.length },
      },
    );
    return {
      email: patient.email,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        subject: r.subject,
        to: r.to_address,
        state: r.state,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: r.created_at.toISOString(),
        sentAt: r.sent_at?.toISOString() ?? null,
        nextAttemptAt: r.state === 'queued' ? r.next_attempt_at.toISOString() : null,
      })),
    };
  });
}

/**
 * Demo and test: the captured mail was read (an export, since it holds patient data). Audited with
 * how many messages were shown and the patients of those the outbox knows.
 */
export async function recordCapturedMailRead(
  db: Db,
  actor: Actor,
  read: { count: number; messageIds: string[] },
  meta: RequestMeta,
): Promise<void> {
  await transact(db, async (tx) => {
    const rows =
      read.messageIds.length === 0
        ? []
        : await tx.selectFrom('message').select('patient_id').distinct().where('message_id', 'in', read.messageIds).execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'dev-mail.export',
        recordType: 'message',
        outcome: 'allowed',
        details: { count: read.count, patientIds: rows.map((r) => r.patient_id) },
      },
    );
  });
}
