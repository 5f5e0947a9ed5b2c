/**
 * Use cases of the exports page: the person's own exports at their site (newest first, 50), with
 * the site's setting and the types each level exports; and setting how long files are kept. Who:
 * the medical director (`fhir.export`, declared by the routes, at their own site).
 *
 * @module
 */
import { programCohortLabel, type FhirExport, type FhirExportList } from '@kairos/api';
import { sql } from 'kysely';
import { notFound } from '../../../errors.js';
import type { Db } from '../../../store/database.js';
import { audit } from '../../audit.js';
import type { Actor, RequestMeta } from '../../context.js';
import { transact } from '../../transaction.js';
import { exportableTypes, typesAllowed } from './export-plan.js';
import { fhirExportSettingsOf } from './export-settings.js';
import { isExportRunning } from './run-fhir-export.js';

const LISTED = 50;

/** The list; `fileUrl` makes a file's URL (the FHIR API's) from the export's id and the type. */
export async function listFhirExports(
  db: Db,
  actor: Actor,
  siteId: string,
  fileUrl: (exportId: string, type: string) => string,
): Promise<FhirExportList> {
  const site = await db.selectFrom('site').select(['id', 'settings']).where('id', '=', siteId).executeTakeFirst();
  if (site === undefined) throw notFound('site', siteId);
  const rows = await db
    .selectFrom('fhir_export as x')
    .leftJoin('cohort as c', 'c.id', 'x.group_id')
    .select([
      'x.id',
      'x.level',
      'x.types',
      'x.since',
      'x.state',
      'x.progress',
      'x.error',
      'x.created_at',
      'x.completed_at',
      'x.expires_at',
      'c.program_template',
      'c.start_date',
    ])
    .where('x.site_id', '=', siteId)
    .where('x.requested_by', '=', actor.userId)
    .orderBy('x.created_at', 'desc')
    .orderBy('x.id')
    .limit(LISTED)
    .execute();
  const ids = rows.filter((r) => r.state === 'complete').map((r) => r.id);
  const parts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('fhir_export_part')
          .select(['export_id', 'resource_type', (eb) => eb.fn.sum<string>('resources').as('n')])
          .where('export_id', '=', sql<string>`ANY(${ids}::uuid[])`)
          .groupBy(['export_id', 'resource_type'])
          .orderBy('resource_type')
          .execute();
  const items = rows.map((r): FhirExport => {
    // An export in progress that nobody writes was cut short by a restart (its status says so too).
    const stale = r.state === 'in-progress' && !isExportRunning(r.id);
    return {
      id: r.id,
      level: r.level,
      cohort: r.program_template === null || r.start_date === null ? null : programCohortLabel(r.program_template, r.start_date),
      types: r.types,
      since: r.since?.toISOString() ?? null,
      state: stale ? 'failed' : r.state,
      progress: stale ? null : r.progress,
      error: stale ? 'The server stopped while the export was being written; ask for it again' : r.error,
      createdAt: r.created_at.toISOString(),
      completedAt: r.completed_at?.toISOString() ?? null,
      expiresAt: r.expires_at?.toISOString() ?? null,
      files: parts
        .filter((p) => p.export_id === r.id)
        .map((p) => ({ type: p.resource_type, count: Number(p.n), url: fileUrl(r.id, p.resource_type) })),
    };
  });
  const allowed = (level: 'system' | 'patient') => typesAllowed(actor.roles, exportableTypes(level)).map((h) => h.type);
  return {
    retentionHours: fhirExportSettingsOf(site.settings).retentionHours,
    exportableTypes: { system: allowed('system'), patient: allowed('patient') },
    items,
  };
}

/** Sets how long the site keeps an export's files (hours); audited with the value before and after. */
export async function setFhirExportRetention(
  db: Db,
  actor: Actor,
  siteId: string,
  hours: number,
  meta: RequestMeta,
): Promise<{ retentionHours: number }> {
  return transact(db, async (tx) => {
    const site = await tx.selectFrom('site').select(['id', 'settings']).where('id', '=', siteId).forUpdate().executeTakeFirst();
    if (site === undefined) throw notFound('site', siteId);
    const before = fhirExportSettingsOf(site.settings).retentionHours;
    const fhir = { ...((site.settings.fhir ?? {}) as Record<string, unknown>), exportRetentionHours: hours };
    await tx
      .updateTable('site')
      .set({ settings: JSON.stringify({ ...site.settings, fhir }) })
      .where('id', '=', siteId)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'fhir.export-settings', recordType: 'site', recordId: siteId, outcome: 'allowed', details: { before, after: hours } },
    );
    return { retentionHours: hours };
  });
}
