/**
 * The audit chain is provable (issue 19, item 3), on both engines. Played as an attacker with full
 * write access to the database (the table's triggers switched off, as its owner can): each forgery
 * below is caught by `verifyAgainstAnchorFile`, the check `kairos audit verify` runs, and the rows
 * say which check caught it: the keyed hashes (an attacker without the key) or the anchor outside
 * the database (events deleted from the end, or a chain recomputed by someone who has the key).
 */
import { mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createHmac } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { beforeEach, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/engines.js';
import { DEVELOPMENT_AUDIT_KEY } from '../config.js';
import { audit, canonicalJson, GENESIS_HASH, useAuditKey, verifyAuditChain } from './audit.js';
import { latestAuditAnchor, verifyAgainstAnchorFile, writeAuditAnchor } from './audit-anchor.js';
import { NO_USER } from './context.js';

const logger = pino({ level: 'silent' });

describeEachEngine('audit chain forgeries', (h) => {
  let file: string;
  const db = () => h.database.db;

  /** As the table's owner: triggers off, `change` run, triggers on. */
  const asOwner = async (change: () => Promise<unknown>) => {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER ALL`.execute(db());
    try {
      await change();
    } finally {
      await sql`ALTER TABLE audit_event ENABLE TRIGGER ALL`.execute(db());
    }
  };
  const append = async (n: number, from = 0) => {
    for (let i = from; i < from + n; i++)
      await audit(
        db(),
        { actor: NO_USER, now: new Date(Date.UTC(2026, 11, 1, 9, i)) },
        { action: 'test.event', outcome: 'allowed', details: { i } },
      );
  };
  /**
   * Recomputes the hashes from event number `from` (0: the first) on, as someone holding `key`
   * (null: no key, plain SHA-256), linking to the event before.
   */
  const recompute = async (key: string | null, from = 0) => {
    const rows = await db().selectFrom('audit_event').selectAll().orderBy('seq').execute();
    let prev = from === 0 ? GENESIS_HASH : (rows[from - 1]?.hash as string);
    await asOwner(async () => {
      for (const r of rows.slice(from)) {
        const payload = canonicalJson([
          prev,
          new Date(r.at).toISOString(),
          r.user_id,
          [...r.user_roles],
          r.action,
          r.record_type,
          r.record_id,
          r.patient_id,
          r.outcome,
          r.request_id,
          r.client_address,
          r.details,
        ]);
        const hash =
          key === null ? createHash('sha256').update(payload).digest('hex') : createHmac('sha256', key).update(payload).digest('hex');
        await db()
          .updateTable('audit_event')
          .set({ prev_hash: prev, hash })
          .where(sql<boolean>`seq = ${r.seq}::bigint`)
          .execute();
        prev = hash;
      }
    });
  };
  const rewriteEvent = (i: number) =>
    asOwner(() =>
      db()
        .updateTable('audit_event')
        .set({ details: JSON.stringify({ i, note: 'rewritten' }) })
        .where(sql<boolean>`details->>'i' = ${String(i)}`)
        .execute(),
    );

  beforeEach(async () => {
    useAuditKey(DEVELOPMENT_AUDIT_KEY);
    await asOwner(() => sql`TRUNCATE audit_event`.execute(db()));
    file = join(mkdtempSync(join(tmpdir(), 'kairos-anchor-')), 'anchors.jsonl');
    await append(10);
    await writeAuditAnchor(db(), { file, logger, now: new Date(Date.UTC(2026, 11, 1, 9, 30)) });
    await append(5, 10);
  });

  it('an untouched chain holds, against its anchor too', async () => {
    const verdict = await verifyAgainstAnchorFile(db(), file);
    expect(verdict).toMatchObject({ ok: true, events: 15, anchor: { seq: expect.any(String) as string, ok: true } });
  });

  it('a deleted tail: the chain alone still links, the anchor catches it', async () => {
    const { anchor } = await latestAuditAnchor(file);
    await asOwner(() =>
      db()
        .deleteFrom('audit_event')
        .where(sql<boolean>`seq >= ${anchor?.seq}::bigint`)
        .execute(),
    );
    expect((await verifyAuditChain(db())).ok).toBe(true);
    const verdict = await verifyAgainstAnchorFile(db(), file);
    expect(verdict.ok).toBe(false);
    expect(verdict.anchor?.reason).toMatch(/events were deleted from its end/);
  });

  it('an event changed and the chain recomputed without the key (plain SHA-256, as before keying): the keyed hashes catch it', async () => {
    await rewriteEvent(3);
    await recompute(null);
    const verdict = await verifyAgainstAnchorFile(db(), file);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken).toEqual({
      seq: expect.any(String) as string,
      reason: expect.stringMatching(/does not match its hash/) as string,
    });
  });

  it('an installation whose events before keying are declared (outside the database): those verify as plain hashes, the rest keyed', async () => {
    const rows = await db().selectFrom('audit_event').select('seq').orderBy('seq').execute();
    const through = String(rows[4]?.seq);
    // The first five events as an older installation wrote them: plain SHA-256, then the keyed chain goes on from them.
    await recompute(null);
    await recompute(DEVELOPMENT_AUDIT_KEY, 5);
    expect(await verifyAuditChain(db(), { unkeyedThrough: through })).toMatchObject({ ok: true, events: 15 });
    // Not declared: the plain ones are refused.
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBroken: { seq: String(rows[0]?.seq) } });
  });

  it('an event changed and the chain recomputed with a guessed key: the keyed hashes catch it', async () => {
    await rewriteEvent(3);
    await recompute('a guessed key that is not the audit key of this server');
    const verdict = await verifyAgainstAnchorFile(db(), file);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken?.seq).toBeDefined();
  });

  it('an event changed and the chain recomputed with the key itself: the anchor catches it', async () => {
    await rewriteEvent(3);
    await recompute(DEVELOPMENT_AUDIT_KEY);
    expect((await verifyAuditChain(db())).ok).toBe(true);
    const verdict = await verifyAgainstAnchorFile(db(), file);
    expect(verdict.ok).toBe(false);
    expect(verdict.anchor?.reason).toMatch(/has another hash: the chain was rewritten/);
  });

  it('a forged anchor line (no key) is passed over: the true anchor before it still catches the rewrite', async () => {
    await rewriteEvent(3);
    await recompute(DEVELOPMENT_AUDIT_KEY);
    const head = await db().selectFrom('audit_event').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    appendFileSync(
      file,
      `${JSON.stringify({ seq: String(head.seq), hash: head.hash, at: '2026-12-01T10:00:00.000Z', signature: 'f'.repeat(64) })}\n`,
    );
    appendFileSync(file, 'not json\n');
    const verdict = await verifyAgainstAnchorFile(db(), file);
    expect(verdict.ok).toBe(false);
    expect(verdict.anchorFile?.refusedLines).toBe(2);
    expect(verdict.anchor?.reason).toMatch(/chain was rewritten/);
  });

  it('an unreadable or empty anchor file fails the check, saying so', async () => {
    const missing = await verifyAgainstAnchorFile(db(), join(tmpdir(), 'no-such-dir-kairos', 'anchors.jsonl'));
    expect(missing).toMatchObject({ ok: false, anchorFile: { problem: expect.stringMatching(/^cannot be read \(ENOENT\)/) as string } });
    const empty = join(mkdtempSync(join(tmpdir(), 'kairos-anchor-')), 'anchors.jsonl');
    appendFileSync(empty, '');
    expect(await verifyAgainstAnchorFile(db(), empty)).toMatchObject({
      ok: false,
      anchorFile: { problem: 'holds no anchor whose signature holds' },
    });
  });
});
