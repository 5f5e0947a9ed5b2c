/**
 * The tamper-evident audit trail. Every event stores the hash of the one before it, so changing
 * or removing an event breaks the chain; the table itself refuses UPDATE, DELETE and TRUNCATE
 * (a trigger). Events are appended in the same transaction as the change they record; an
 * advisory lock held until commit keeps the chain one chain when writers run in parallel.
 *
 * The hash is an HMAC with the audit key (`KAIROS_AUDIT_KEY`, outside the database): someone who
 * can write the table but has no key cannot recompute a chain they changed. The chain's head is
 * also anchored outside the database (`audit-anchor.ts`), which catches a deleted tail and a
 * chain recomputed by someone who has the key.
 *
 * @module
 */
import { createHash, createHmac } from 'node:crypto';
import { sql, type QueryCreator } from 'kysely';
import { DEVELOPMENT_AUDIT_KEY } from '../config.js';
import type { Db } from '../store/database.js';
import type { Selectable } from 'kysely';
import type { AuditOutcome, AuditPendingTable, Database as Schema } from '../store/schema.js';

type AuditPendingRow = Selectable<AuditPendingTable>;
import type { RequestContext } from './context.js';

/** The lock key of the audit chain (any constant unique to Kairos). */
const AUDIT_LOCK_KEY = 7_262_001;
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  userId: string | null;
  userRoles: readonly string[];
  action: string;
  recordType?: string | null;
  recordId?: string | null;
  patientId?: string | null;
  outcome: AuditOutcome;
  requestId?: string | null;
  clientAddress?: string | null;
  details?: Record<string, unknown>;
  at: Date;
}

/** JSON with object keys sorted, so the same value always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

interface HashedFields {
  prevHash: string;
  at: Date;
  userId: string | null;
  userRoles: readonly string[];
  action: string;
  recordType: string | null;
  recordId: string | null;
  patientId: string | null;
  outcome: string;
  requestId: string | null;
  clientAddress: string | null;
  details: Record<string, unknown>;
}

let auditKey = DEVELOPMENT_AUDIT_KEY;

/** Sets the audit chain's key (from the configuration, at start; every process that appends or verifies). */
export function useAuditKey(key: string): void {
  auditKey = key;
}

/** An HMAC with the audit key, hex: the chain's hashes and the anchors' signatures. */
export function auditMac(payload: string): string {
  return createHmac('sha256', auditKey).update(payload).digest('hex');
}

/**
 * The hash of an event: keyed (an HMAC with the audit key); a plain SHA-256 only for the events an
 * installation wrote before its chain was keyed (`KAIROS_AUDIT_UNKEYED_THROUGH`).
 */
export function hashAuditEvent(f: HashedFields, keyed = true): string {
  const payload = canonicalJson([
    f.prevHash,
    f.at.toISOString(),
    f.userId,
    [...f.userRoles],
    f.action,
    f.recordType,
    f.recordId,
    f.patientId,
    f.outcome,
    f.requestId,
    f.clientAddress,
    f.details,
  ]);
  return keyed ? auditMac(payload) : createHash('sha256').update(payload).digest('hex');
}

/** What happened, to which record: the part of an audit event that is not its context. */
export type AuditEvent = Pick<AuditInput, 'action' | 'recordType' | 'recordId' | 'patientId' | 'outcome' | 'details'>;

/** The full audit record of an event in its context (who, request id, client address, time). */
export function auditRecord(ctx: RequestContext, event: AuditEvent): AuditInput {
  return {
    userId: ctx.actor.userId,
    userRoles: ctx.actor.roles,
    requestId: ctx.requestId ?? null,
    clientAddress: ctx.clientAddress ?? null,
    at: ctx.now,
    ...event,
  };
}

/**
 * Records one event in its request context. Given a transaction, the event is appended in it, so
 * it commits or rolls back with the change it records; given the database (a denial, a sign-in:
 * nothing else changes), it is appended in a transaction of its own.
 */
export async function audit(db: Db, ctx: RequestContext, event: AuditEvent): Promise<void> {
  await appendAuditRecord(db, auditRecord(ctx, event));
}

/**
 * Requests whose refusal is already on the record (committed in a transaction of its own), so the
 * error handler does not record it twice (`wasDenialRecorded`); forgotten when the answer is sent.
 */
const deniedRequests = new Set<string>();
const DENIED_REQUESTS_MAX = 10_000;

/** Whether a refusal of request `requestId` was recorded and committed. */
export function wasDenialRecorded(requestId: string): boolean {
  return deniedRequests.has(requestId);
}

/** Forgets request `requestId` (its answer was sent). */
export function forgetRequest(requestId: string): void {
  deniedRequests.delete(requestId);
}

/** Appends one full record: in `db` when it is a transaction, else in a transaction of its own. */
export async function appendAuditRecord(db: Db, input: AuditInput): Promise<void> {
  if (db.isTransaction) await appendAudit(db, input);
  else {
    await db.transaction().execute((tx) => appendAudit(tx, input));
    if (input.outcome === 'denied' && typeof input.requestId === 'string') {
      if (deniedRequests.size >= DENIED_REQUESTS_MAX) deniedRequests.clear();
      deniedRequests.add(input.requestId);
    }
  }
}

/** Appends one event in the transaction `tx` (the chain's advisory lock lasts until it ends). */
async function appendAudit(tx: Db, input: AuditInput): Promise<void> {
  await appendAuditRecords(tx, [input]);
}

/**
 * Appends events in order in the transaction `tx`, chained one to the next: one lock, one read of
 * the chain's head and one INSERT for all of them. The advisory lock lasts until the transaction ends.
 */
export async function appendAuditRecords(tx: Db, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx);
  await chainAfterHead(tx, inputs);
}

/** Appends `inputs` to the chain after its head; the caller holds the chain's lock. */
async function chainAfterHead(tx: Db, inputs: readonly AuditInput[]): Promise<void> {
  const last = await tx.selectFrom('audit_event').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = inputs.map((input) => {
    const fields: HashedFields = { prevHash, ...contentOf(input) };
    const hash = hashAuditEvent(fields);
    prevHash = hash;
    return {
      at: fields.at,
      user_id: fields.userId,
      user_roles: [...fields.userRoles],
      action: fields.action,
      record_type: fields.recordType,
      record_id: fields.recordId,
      patient_id: fields.patientId,
      outcome: fields.outcome as AuditOutcome,
      request_id: fields.requestId,
      client_address: fields.clientAddress,
      details: canonicalJson(fields.details),
      prev_hash: fields.prevHash,
      hash,
    };
  });
  // seq is the table's identity, given in the order of the VALUES list: the chain's order.
  await tx.insertInto('audit_event').values(rows).execute();
}

/** What an event says, with every optional field filled in: what its hash and its staging MAC cover. */
function contentOf(input: AuditInput): Omit<HashedFields, 'prevHash'> {
  return {
    at: input.at,
    userId: input.userId,
    userRoles: input.userRoles,
    action: input.action,
    recordType: input.recordType ?? null,
    recordId: input.recordId ?? null,
    patientId: input.patientId ?? null,
    outcome: input.outcome,
    requestId: input.requestId ?? null,
    clientAddress: input.clientAddress ?? null,
    details: input.details ?? {},
  };
}

/** What a stored event (chained or staged) says, as its hash and its staging MAC cover it. */
function contentOfRow(r: Omit<AuditPendingRow, 'id' | 'mac'>): Omit<HashedFields, 'prevHash' | 'outcome'> & { outcome: AuditOutcome } {
  return {
    at: r.at,
    userId: r.user_id,
    userRoles: r.user_roles,
    action: r.action,
    recordType: r.record_type,
    recordId: r.record_id,
    patientId: r.patient_id,
    outcome: r.outcome,
    requestId: r.request_id,
    clientAddress: r.client_address,
    details: r.details,
  };
}

/** The MAC of a staged event (keyed like the chain): a row written into the staging table without the key does not hold. */
function stagedMac(c: Omit<HashedFields, 'prevHash'>): string {
  return auditMac(
    `kairos-audit-staged:${canonicalJson([
      c.at.toISOString(),
      c.userId,
      [...c.userRoles],
      c.action,
      c.recordType,
      c.recordId,
      c.patientId,
      c.outcome,
      c.requestId,
      c.clientAddress,
      c.details,
    ])}`,
  );
}

/**
 * Stages events in the transaction `tx` without the chain's lock (the hot path: monitors' readings,
 * where the lock serialised every writer): they commit or roll back with the change they record,
 * each with a MAC, in `audit_pending`. `sealPendingAudit` then appends them to the chain in the
 * order they were staged, shortly after the commit (`scheduleAuditSeal`) and before anything reads
 * or verifies the chain.
 */
export async function stageAuditRecords(tx: Db, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await stagedAuditInsert(inputs)(tx).execute();
}

/**
 * The INSERT that stages `inputs` (`stageAuditRecords`), to run inside another statement (the
 * readings' live events: `appendLiveEvents`' `alongside`), so a group writes both in one round trip.
 */
export function stagedAuditInsert(inputs: readonly AuditInput[]) {
  const rows = inputs.map((input) => {
    const c = contentOf(input);
    return {
      at: c.at,
      user_id: c.userId,
      user_roles: [...c.userRoles],
      action: c.action,
      record_type: c.recordType,
      record_id: c.recordId,
      patient_id: c.patientId,
      outcome: c.outcome as AuditOutcome,
      request_id: c.requestId,
      client_address: c.clientAddress,
      details: canonicalJson(c.details),
      mac: stagedMac(c),
    };
  });
  return (db: QueryCreator<Schema>) => db.insertInto('audit_pending').values(rows);
}

/** Staged events moved into the chain per transaction. */
const SEAL_BATCH = 2_000;

/**
 * Appends the staged events to the chain, oldest first, and removes them from the staging table,
 * in transactions that hold the chain's lock (two instances sealing at once take turns; an event
 * is moved once). A staged row whose MAC does not hold (written outside Kairos) is not chained as
 * itself: an `audit.staged-refused` event records it. Returns how many events were sealed.
 */
export async function sealPendingAudit(db: Db): Promise<number> {
  if ((await db.selectFrom('audit_pending').select('id').limit(1).executeTakeFirst()) === undefined) return 0;
  let sealed = 0;
  for (;;) {
    const moved = await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx);
      const rows = await tx.selectFrom('audit_pending').selectAll().orderBy('id').limit(SEAL_BATCH).execute();
      if (rows.length === 0) return 0;
      const inputs = rows.map((r): AuditInput => {
        const input = contentOfRow(r);
        if (r.mac === stagedMac(contentOf(input))) return input;
        // Dated as the row claims (the sealer has no clock of its own); its content kept as evidence.
        return {
          at: r.at,
          userId: null,
          userRoles: [],
          action: 'audit.staged-refused',
          outcome: 'failed',
          details: {
            reason: 'a staged audit event whose signature does not hold (written outside Kairos) was not chained',
            staged: { ...input, at: r.at.toISOString(), mac: r.mac },
          },
        };
      });
      await chainAfterHead(tx, inputs);
      await tx
        .deleteFrom('audit_pending')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows.length;
    });
    sealed += moved;
    if (moved < SEAL_BATCH) return sealed;
  }
}

/** Per database: a seal waiting to start, running, or asked for again while running. */
const sealing = new WeakMap<Db, { waiting: boolean; running: boolean; again: boolean }>();

/**
 * How soon staged events are sealed after a commit asks for it (`scheduleAuditSeal`): every commit
 * in that time is sealed by one transaction, not one each. Staged events are in the chain this
 * long after their commit; verification and anchors seal first.
 */
export const AUDIT_SEAL_DELAY_MS = 200;

/**
 * Seals the staged events soon, off the caller's path (after a group of readings commits): at
 * most one seal waiting or running per database; a request while one runs schedules the next. A failure is reported to `onError` (no event content in it) and retried a second later.
 */
export function scheduleAuditSeal(db: Db, onError: (error: unknown) => void, delayMs = AUDIT_SEAL_DELAY_MS): void {
  let state = sealing.get(db);
  if (state === undefined) {
    state = { waiting: false, running: false, again: false };
    sealing.set(db, state);
  }
  const s = state;
  if (s.running) s.again = true;
  if (s.running || s.waiting) return;
  s.waiting = true;
  const run = async (): Promise<void> => {
    s.waiting = false;
    s.running = true;
    try {
      await sealPendingAudit(db);
    } catch (error) {
      onError(error);
      setTimeout(() => scheduleAuditSeal(db, onError, delayMs), 1_000).unref();
    } finally {
      s.running = false;
      // Commits while it ran: their events are sealed by the next one, after the same delay.
      if (s.again) {
        s.again = false;
        scheduleAuditSeal(db, onError, delayMs);
      }
    }
  };
  setTimeout(() => void run(), delayMs).unref();
}

export interface ChainVerdict {
  ok: boolean;
  events: number;
  /** The first event whose hash or link does not hold, and why. */
  firstBroken?: { seq: string; reason: string };
  /** The anchor the chain was checked against (the latest one whose signature holds), when one was given. */
  anchor?: { seq: string; at: string; ok: boolean; reason?: string };
  /** Events staged (monitors' readings, reads of the Today board) and not yet chained (the server seals them within moments); absent when none. */
  staged?: number;
}

/** A head of the chain recorded outside the database, signed with the audit key (`audit-anchor.ts`). */
export interface AuditAnchor {
  seq: string;
  hash: string;
  at: string;
  signature: string;
}

/**
 * Walks the whole chain in order, recomputing every hash; then checks it against `anchor`, when
 * given; and counts the staged events not yet chained. It writes nothing: sealing staged events
 * with another key (an operator's mistake) would break the chain for good.
 */
export async function verifyAuditChain(db: Db, options: Parameters<typeof verifyChain>[1] = {}): Promise<ChainVerdict> {
  const verdict = await verifyChain(db, options);
  const staged = Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_pending`.execute(db)).rows[0]?.n ?? 0);
  return staged > 0 ? { ...verdict, staged } : verdict;
}

async function verifyChain(
  db: Db,
  {
    batchSize = 5000,
    anchor,
    unkeyedThrough,
  }: {
    batchSize?: number;
    anchor?: AuditAnchor;
    /** The last event of an installation's chain written before it was keyed (outside the database, in its configuration). */
    unkeyedThrough?: string | undefined;
  } = {},
): Promise<ChainVerdict> {
  const walked = await walkChain(db, batchSize, BigInt(unkeyedThrough ?? '0'));
  if (!walked.ok || anchor === undefined) return walked;
  const row = await db
    .selectFrom('audit_event')
    .select(['hash'])
    .where(sql<boolean>`seq = ${anchor.seq}::bigint`)
    .executeTakeFirst();
  const last = await db.selectFrom('audit_event').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const seen = { seq: anchor.seq, at: anchor.at };
  if (row === undefined) {
    const tail = last === undefined || BigInt(last.seq) < BigInt(anchor.seq);
    return {
      ok: false,
      events: walked.events,
      anchor: {
        ...seen,
        ok: false,
        reason: tail
          ? `the chain ends before the anchored event ${anchor.seq}: events were deleted from its end`
          : `the anchored event ${anchor.seq} is missing: events were deleted`,
      },
    };
  }
  if (row.hash !== anchor.hash)
    return {
      ok: false,
      events: walked.events,
      anchor: { ...seen, ok: false, reason: `the anchored event ${anchor.seq} has another hash: the chain was rewritten` },
    };
  return { ...walked, anchor: { ...seen, ok: true } };
}

async function walkChain(db: Db, batchSize: number, unkeyedThrough: bigint): Promise<ChainVerdict> {
  let prev = GENESIS_HASH;
  let count = 0;
  let after = '0';
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where(sql<boolean>`seq > ${after}::bigint`)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      count++;
      if (r.prev_hash !== prev)
        return {
          ok: false,
          events: count,
          firstBroken: { seq: String(r.seq), reason: 'does not link to the event before it (an event was removed or changed)' },
        };
      const expected = hashAuditEvent({ prevHash: r.prev_hash, ...contentOfRow(r) }, BigInt(r.seq) > unkeyedThrough);
      if (expected !== r.hash)
        return {
          ok: false,
          events: count,
          firstBroken: { seq: String(r.seq), reason: 'its content does not match its hash (the event was changed)' },
        };
      prev = r.hash;
      after = String(r.seq);
    }
  }
  return { ok: true, events: count };
}
