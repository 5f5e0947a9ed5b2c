/**
 * Use cases on an export after its kick-off: its status, its files, cancelling it, and the sweep
 * that deletes files past their time. An export and its files are served to the person who asked
 * for it only: anyone else is refused and the refusal audited (the export's id is no secret to
 * rely on). Each file served is audited (`fhir.export-download`: the export, the type, how many
 * resources, how many patients' data the export holds; the patients themselves are on the
 * export's record).
 *
 * @module
 */
import { AppError } from '../../../errors.js';
import type { Db } from '../../../store/database.js';
import { audit } from '../../audit.js';
import type { Actor, RequestMeta } from '../../context.js';
import { AuditedRefusal, transact } from '../../transaction.js';
import { isExportRunning } from './run-fhir-export.js';

export type FhirExportStatus =
  | { state: 'in-progress'; progress: string }
  | {
      state: 'complete';
      transactionTime: Date;
      requestUrl: string;
      expiresAt: Date;
      output: { type: string; count: number }[];
    }
  | { state: 'failed' | 'cancelled' | 'expired'; message: string };

type ExportRow = { id: string; requested_by: string; state: string; expires_at: Date | null };

/** The export `id` of `actor`'s, or a 404 (none) or an audited 403 (someone else's). */
async function ownExport(tx: Db, actor: Actor, id: string, meta: RequestMeta, action: string) {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const row = UUID.test(id) ? await tx.selectFrom('fhir_export').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (row === undefined) throw new AppError('NOT_FOUND', 'There is no such export', { exportId: id.slice(0, 64) });
  if (row.requested_by !== actor.userId)
    throw new AuditedRefusal(
      'FORBIDDEN',
      'An export is served to the person who asked for it only. The attempt is recorded.',
      { ...meta, actor },
      { action, recordType: 'fhir_export', recordId: row.id, outcome: 'denied', details: { reason: 'not the requester' } },
    );
  return row;
}

/** Marks an export whose time is up as expired and deletes its files; true when it did. */
async function expireIfDue(tx: Db, row: ExportRow, now: Date): Promise<boolean> {
  if (row.state !== 'complete' || row.expires_at === null || row.expires_at > now) return false;
  await tx.deleteFrom('fhir_export_part').where('export_id', '=', row.id).execute();
  await tx.updateTable('fhir_export').set({ state: 'expired', updated_at: now }).where('id', '=', row.id).execute();
  return true;
}

const ENDED: Record<'failed' | 'cancelled' | 'expired', string> = {
  failed: 'The export failed',
  cancelled: 'The export was cancelled; its files were deleted',
  expired: 'The export’s files were deleted when their time was up (the site’s setting); ask for a new export',
};

export async function readFhirExportStatus(db: Db, actor: Actor, id: string, meta: RequestMeta): Promise<FhirExportStatus> {
  return transact(db, async (tx) => {
    const row = await ownExport(tx, actor, id, meta, 'fhir.export-status');
    if (row.state === 'in-progress' && !isExportRunning(row.id)) {
      // Nobody is writing it: the server stopped (or restarted) while it was.
      const error = 'The server stopped while the export was being written; ask for it again';
      await tx.deleteFrom('fhir_export_part').where('export_id', '=', row.id).execute();
      await tx
        .updateTable('fhir_export')
        .set({ state: 'failed', error, progress: null, updated_at: meta.now })
        .where('id', '=', row.id)
        .execute();
      return { state: 'failed', message: error };
    }
    if (row.state === 'in-progress') return { state: 'in-progress', progress: row.progress ?? 'in progress' };
    if (await expireIfDue(tx, row, meta.now)) return { state: 'expired', message: ENDED.expired };
    if (row.state === 'complete') {
      const parts = await tx
        .selectFrom('fhir_export_part')
        .select(['resource_type', (eb) => eb.fn.sum<string>('resources').as('n')])
        .where('export_id', '=', row.id)
        .groupBy('resource_type')
        .orderBy('resource_type')
        .execute();
      return {
        state: 'complete',
        transactionTime: row.transaction_time,
        requestUrl: row.request_url,
        expiresAt: row.expires_at as Date,
        output: parts.map((p) => ({ type: p.resource_type, count: Number(p.n) })),
      };
    }
    const state = row.state;
    return { state, message: state === 'failed' && row.error !== null ? `${ENDED.failed}: ${row.error}` : ENDED[state] };
  });
}

export interface FhirExportFile {
  resources: number;
  /** The NDJSON, a part (a thousand resources at most) at a time. */
  chunks: AsyncGenerator<string>;
}

/** One type's file of a complete export of `actor`'s, audited; a 404 when there is none (or no longer). */
export async function openFhirExportFile(db: Db, actor: Actor, id: string, type: string, meta: RequestMeta): Promise<FhirExportFile> {
  const prepared = await transact(db, async (tx) => {
    const row = await ownExport(tx, actor, id, meta, 'fhir.export-download');
    if (await expireIfDue(tx, row, meta.now)) return undefined;
    if (row.state !== 'complete') return undefined;
    const parts = await tx
      .selectFrom('fhir_export_part')
      .select(['part', 'resources'])
      .where('export_id', '=', row.id)
      .where('resource_type', '=', type)
      .orderBy('part')
      .execute();
    if (parts.length === 0) return undefined;
    const resources = parts.reduce((n, p) => n + p.resources, 0);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'fhir.export-download',
        recordType: 'fhir_export',
        recordId: row.id,
        outcome: 'allowed',
        details: { resourceType: type, resources, patients: row.patient_ids.length },
      },
    );
    return { parts: parts.map((p) => p.part), resources };
  });
  // An expired export is committed as such before the 404 (the files are gone either way).
  if (prepared === undefined)
    throw new AppError('NOT_FOUND', `The export has no ${type.slice(0, 64)} file (or no longer: files are deleted when their time is up)`);
  async function* chunks(): AsyncGenerator<string> {
    for (const part of prepared?.parts ?? []) {
      const row = await db
        .selectFrom('fhir_export_part')
        .select('ndjson')
        .where('export_id', '=', id)
        .where('resource_type', '=', type)
        .where('part', '=', part)
        .executeTakeFirst();
      // Cancelled or expired while being served: the file ends there.
      if (row === undefined) return;
      yield row.ndjson;
    }
  }
  return { resources: prepared.resources, chunks: chunks() };
}

/** Cancels an export of `actor`'s (in progress or complete): its files are deleted. Audited. */
export async function cancelFhirExport(db: Db, actor: Actor, id: string, meta: RequestMeta): Promise<void> {
  await transact(db, async (tx) => {
    const row = await ownExport(tx, actor, id, meta, 'fhir.export-cancel');
    if (row.state !== 'in-progress' && row.state !== 'complete')
      throw new AppError('NOT_FOUND', `The export has ended (${row.state}): there is nothing to cancel`, { state: row.state });
    await tx.deleteFrom('fhir_export_part').where('export_id', '=', row.id).execute();
    await tx
      .updateTable('fhir_export')
      .set({ state: 'cancelled', progress: null, updated_at: meta.now })
      .where('id', '=', row.id)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'fhir.export-cancel', recordType: 'fhir_export', recordId: row.id, outcome: 'allowed', details: { was: row.state } },
    );
  });
}

/** Deletes the files of every export whose time is up (the server's minute sweep); how many expired. */
export async function expireFhirExports(db: Db, now: Date): Promise<number> {
  return transact(db, async (tx) => {
    const due = await tx
      .selectFrom('fhir_export')
      .select(['id', 'requested_by', 'state', 'expires_at'])
      .where('state', '=', 'complete')
      .where('expires_at', '<=', now)
      .execute();
    for (const row of due) await expireIfDue(tx, row, now);
    return due.length;
  });
}
