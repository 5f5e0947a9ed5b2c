/**
 * Use case: a FHIR Bulk Data export is asked for (the kick-off, issue 25, Must 3). Who: the
 * medical director (`fhir.export`, declared by the route); each type's own permission then
 * applies (a type asked for by `_type` that the person may not read is refused by name, audited).
 * A Group-level export is of a cohort the person may see (else a 404). One export of a person's
 * runs at a time (a second is a 429 naming the first). The request is recorded and audited
 * (`fhir.export`: level, cohort, types, `_since`); the files are written afterwards, in the
 * background (run-fhir-export.ts).
 *
 * @module
 */
import type { ExportLevel } from '../../../fhir/bulk-params.js';
import { sql } from 'kysely';
import { AppError } from '../../../errors.js';
import type { Db } from '../../../store/database.js';
import { audit } from '../../audit.js';
import type { Actor, RequestMeta } from '../../context.js';
import { AuditedRefusal, transact } from '../../transaction.js';
import { groupResource } from '../course-resources.js';
import { exportableTypes, typesAllowed } from './export-plan.js';
import { claimExport, isExportRunning, releaseExport } from './run-fhir-export.js';

export const FHIR_EXPORT_ACTION = 'fhir.export';

/** The advisory lock class of a person's kick-offs (any constant unique to Kairos). */
const EXPORT_LOCK_CLASS = 7_262_025;

export interface ExportAsked {
  level: ExportLevel;
  /** The cohort of a Group-level export. */
  groupId?: string;
  /** The types `_type` names; undefined for every type the level exports and the person may read. */
  types: string[] | undefined;
  since: Date | undefined;
  /** The kick-off request's URL, as the status answer repeats it. */
  requestUrl: string;
}

export async function startFhirExport(db: Db, actor: Actor, asked: ExportAsked, meta: RequestMeta): Promise<{ id: string }> {
  let recorded: string | undefined;
  try {
    return await recordExport(db, actor, asked, meta, (id) => {
      recorded = id;
      claimExport(id);
    });
  } catch (err) {
    if (recorded !== undefined) releaseExport(recorded);
    throw err;
  }
}

/** The kick-off's transaction; `claim` hears the new export's id before the commit. */
function recordExport(db: Db, actor: Actor, asked: ExportAsked, meta: RequestMeta, claim: (id: string) => void): Promise<{ id: string }> {
  return transact(db, async (tx) => {
    const ctx = { ...meta, actor };
    if (actor.siteId === null) throw new AppError('FORBIDDEN', 'An export is of a site’s data: this account has no site');
    if (asked.level === 'group') {
      const group = await groupResource.read(tx, actor, asked.groupId ?? '', meta);
      if (group === undefined) throw new AppError('NOT_FOUND', `Group/${asked.groupId ?? ''} is not known here`, { resourceType: 'Group' });
    }
    const exportable = exportableTypes(asked.level);
    const allowed = typesAllowed(actor.roles, exportable).map((h) => h.type);
    const refused = (asked.types ?? []).filter((t) => !(allowed as string[]).includes(t));
    if (refused.length > 0)
      throw new AuditedRefusal(
        'FORBIDDEN',
        `_type: ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} not yours to read, so not yours to export. The attempt is recorded.`,
        ctx,
        {
          action: FHIR_EXPORT_ACTION,
          recordType: 'site',
          recordId: actor.siteId,
          outcome: 'denied',
          details: { level: asked.level, refusedTypes: refused },
        },
        { issues: [{ field: '_type', message: `not permitted: ${refused.join(', ')}` }] },
      );
    // One kick-off at a time per person: a second one sent at the same moment waits here, then
    // finds the first one running.
    await sql`SELECT pg_advisory_xact_lock(${EXPORT_LOCK_CLASS}, hashtext(${actor.userId}))`.execute(tx);
    const running = await tx
      .selectFrom('fhir_export')
      .select('id')
      .where('requested_by', '=', actor.userId)
      .where('state', '=', 'in-progress')
      .execute();
    const busy = running.find((r) => isExportRunning(r.id));
    if (busy !== undefined)
      throw new AppError(
        'RATE_LIMITED',
        'An export of yours is still being written: wait for it (or cancel it) before asking for another',
        {
          exportId: busy.id,
        },
      );
    const types = asked.types ?? allowed;
    const row = await tx
      .insertInto('fhir_export')
      .values({
        site_id: actor.siteId,
        requested_by: actor.userId,
        level: asked.level,
        group_id: asked.level === 'group' ? (asked.groupId ?? null) : null,
        types,
        since: asked.since ?? null,
        request_url: asked.requestUrl.slice(0, 4096),
        state: 'in-progress',
        progress: 'waiting to start',
        error: null,
        transaction_time: meta.now,
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    claim(row.id);
    await audit(tx, ctx, {
      action: FHIR_EXPORT_ACTION,
      recordType: 'fhir_export',
      recordId: row.id,
      outcome: 'allowed',
      details: {
        level: asked.level,
        ...(asked.groupId === undefined ? {} : { groupId: asked.groupId }),
        types,
        ...(asked.since === undefined ? {} : { since: asked.since.toISOString() }),
      },
    });
    return { id: row.id };
  });
}
