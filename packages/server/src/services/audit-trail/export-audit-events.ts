/**
 * Use case: the audit trail as CSV (issue 22, Must 3), with the viewer's filters and scope
 * (`internal/audit-trail-query.ts`). The export is streamed: the events are read a chunk at a time
 * from a keyset (newest first, as the viewer lists them), so a large export neither holds the
 * event loop nor the whole trail in memory, and it stops at `maxRows` with a last line that says
 * so. Cells are neutralised against formula injection (`services/csv.ts`).
 *
 * The export is on the trail before the first row leaves: one `audit.export` event with its filters.
 *
 * @module
 */
import { AUDIT_EXPORT_MAX_ROWS, type AuditEvent, type AuditExportQuery } from '@kairos/api';
import { localDateOf, localDateTimeOf } from '@kairos/core';
import { audit, sealPendingAudit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { csvLine } from '../csv.js';
import { AUDIT_EXPORT, filtersOf, resolveAuditScope, selectAuditEvents, type AuditScope } from './internal/audit-trail-query.js';

/** Events read per query while streaming. */
const CHUNK_ROWS = 1_000;

export interface AuditExport {
  filename: string;
  /** The file, line by line (the first with a byte order mark, so spreadsheets read UTF-8). */
  lines: AsyncGenerator<string>;
}

export async function exportAuditEvents(
  db: Db,
  actor: Actor,
  filters: AuditExportQuery,
  meta: RequestMeta,
  { maxRows = AUDIT_EXPORT_MAX_ROWS, chunkRows = CHUNK_ROWS }: { maxRows?: number; chunkRows?: number } = {},
): Promise<AuditExport> {
  await sealPendingAudit(db);
  const scope = await transact(db, async (tx) => {
    const s = await resolveAuditScope(tx, actor, filters, meta, AUDIT_EXPORT);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: AUDIT_EXPORT,
        recordType: 'audit_event',
        patientId: filters.patientId ?? null,
        outcome: 'allowed',
        details: { filters: filtersOf(filters), format: 'csv' },
      },
    );
    return s;
  });
  return {
    filename: `audit-trail-${localDateOf(meta.now, scope.timeZone)}.csv`,
    lines: csvLines(db, scope, filters, maxRows, chunkRows),
  };
}

async function* csvLines(db: Db, scope: AuditScope, filters: AuditExportQuery, maxRows: number, chunkRows: number): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(headerOf(scope))}`;
  let after: string | undefined;
  let sent = 0;
  for (;;) {
    const take = Math.min(chunkRows, maxRows - sent);
    // One more than taken: whether events remain past the cap, without counting them.
    const rows = await selectAuditEvents(db, scope, filters, after, take + 1);
    const chunk = rows.slice(0, take);
    if (chunk.length > 0) yield chunk.map((e) => csvLine(cellsOf(e, scope))).join('');
    sent += chunk.length;
    if (rows.length <= take) return;
    after = chunk.at(-1)?.id;
    if (sent >= maxRows) {
      yield csvLine([
        `Export stopped at ${maxRows.toLocaleString('en-US')} events: more match these filters. Narrow the dates or the filters and export again for the rest.`,
      ]);
      return;
    }
  }
}

function headerOf(scope: AuditScope): string[] {
  return [
    `Date (${scope.timeZone})`,
    `Time (${scope.timeZone})`,
    'Time (UTC)',
    'Who',
    'Roles then',
    'What',
    'Action code',
    'Outcome',
    'Patient',
    'MRN',
    'Reason',
    'Client address',
  ];
}

const ACTOR_WORDS: Record<AuditEvent['actorKind'], string> = {
  staff: '',
  patient: 'The patient (portal)',
  device: 'A monitor (device token)',
  system: 'Kairos (timed work)',
  nobody: 'Nobody signed in',
};

function cellsOf(e: AuditEvent, scope: AuditScope): (string | null)[] {
  const local = localDateTimeOf(e.at, scope.timeZone);
  const seconds = e.at.slice(16, 19); // ":SS" of the ISO instant: every zone's offset is whole minutes
  return [
    local.date,
    `${local.time}${seconds}`,
    e.at,
    e.person?.displayName ?? ACTOR_WORDS[e.actorKind],
    e.roles.join('; '),
    e.actionLabel,
    e.action,
    e.outcome,
    e.patient?.name ?? (e.patientWithheld ? 'A patient (withheld: administrators see no patient data)' : null),
    e.patient?.mrn ?? null,
    e.reason,
    e.clientAddress,
  ];
}
