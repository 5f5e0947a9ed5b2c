/**
 * The audit chain's head, anchored outside the database (protocol-defaults.md, "audit anchor":
 * every 15 min to the log and to `KAIROS_AUDIT_ANCHOR_FILE` when set). An anchor is the last
 * event's sequence number and hash, when it was taken, and a signature with the audit key, one
 * JSON line appended to the file. `kairos audit verify` checks the chain against the latest anchor
 * whose signature holds: the anchored event must still be there with the same hash, which catches
 * events deleted from the chain's end and a chain recomputed even by someone who has the key.
 *
 * @module
 */
import { appendFile, chmod, readFile } from 'node:fs/promises';
import type { Logger } from '../logger.js';
import type { Db } from '../store/database.js';
import { auditMac, sealPendingAudit, verifyAuditChain as verifyChain, type AuditAnchor, type ChainVerdict } from './audit.js';

/** Minutes between anchors (protocol-defaults.md, "audit anchor"). */
export const AUDIT_ANCHOR_MINUTES = 15;

function signed(seq: string, hash: string, at: string): string {
  return auditMac(`kairos-audit-anchor:${seq}:${hash}:${at}`);
}

/** Whether the anchor's signature holds with this process's audit key. */
export function anchorHolds(a: AuditAnchor): boolean {
  return typeof a.signature === 'string' && a.signature === signed(a.seq, a.hash, a.at);
}

/** The chain's head now, signed; undefined while the chain is empty. */
export async function takeAuditAnchor(db: Db, now: Date): Promise<AuditAnchor | undefined> {
  await sealPendingAudit(db);
  const head = await db.selectFrom('audit_event').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (head === undefined) return undefined;
  const seq = String(head.seq);
  const at = now.toISOString();
  return { seq, hash: head.hash, at, signature: signed(seq, head.hash, at) };
}

/** Takes an anchor and writes it to the log and, when set, appends it to `file` (readable by its owner only). */
export async function writeAuditAnchor(
  db: Db,
  { file, logger, now }: { file: string | undefined; logger: Logger; now: Date },
): Promise<AuditAnchor | undefined> {
  const anchor = await takeAuditAnchor(db, now);
  if (anchor === undefined) return undefined;
  logger.info({ auditAnchor: anchor }, 'audit chain anchored');
  if (file !== undefined) {
    await appendFile(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return anchor;
}

/**
 * The latest anchor of `file` whose signature holds (lines that do not parse or whose signature
 * fails are passed over and counted: a forged line is not an anchor). Undefined when the file holds none.
 */
export async function latestAuditAnchor(file: string): Promise<{ anchor: AuditAnchor | undefined; refusedLines: number }> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  let refusedLines = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    let a: AuditAnchor | undefined;
    try {
      a = JSON.parse(lines[i] as string) as AuditAnchor;
    } catch {
      a = undefined;
    }
    if (a !== undefined && typeof a === 'object' && a !== null && anchorHolds(a)) return { anchor: a, refusedLines };
    refusedLines++;
  }
  return { anchor: undefined, refusedLines };
}

/**
 * The chain checked end to end and, when an anchor file is configured, against its latest anchor
 * that holds. A configured file that cannot be read, or holds no anchor that holds while the chain
 * has events, fails the check: the anchor is what proves the end of the chain.
 */
export async function verifyAgainstAnchorFile(
  db: Db,
  file: string | undefined,
  { unkeyedThrough }: { unkeyedThrough?: string | undefined } = {},
): Promise<ChainVerdict & { anchorFile?: { path: string; problem?: string; refusedLines: number } }> {
  const verifyAuditChain = (d: Db, o: { anchor?: AuditAnchor } = {}) => verifyChain(d, { ...o, unkeyedThrough });
  if (file === undefined) return verifyAuditChain(db);
  let latest: Awaited<ReturnType<typeof latestAuditAnchor>>;
  try {
    latest = await latestAuditAnchor(file);
  } catch (err) {
    const verdict = await verifyAuditChain(db);
    const problem = `cannot be read (${err instanceof Error && 'code' in err ? String(err.code) : 'error'})`;
    return { ...verdict, ok: false, anchorFile: { path: file, problem, refusedLines: 0 } };
  }
  if (latest.anchor === undefined) {
    const verdict = await verifyAuditChain(db);
    const empty = verdict.events === 0;
    return {
      ...verdict,
      ok: verdict.ok && empty,
      anchorFile: { path: file, refusedLines: latest.refusedLines, ...(empty ? {} : { problem: 'holds no anchor whose signature holds' }) },
    };
  }
  const verdict = await verifyAuditChain(db, { anchor: latest.anchor });
  return { ...verdict, anchorFile: { path: file, refusedLines: latest.refusedLines } };
}
