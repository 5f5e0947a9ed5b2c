/**
 * What a site writes for its patients: crisis resources (always one tap away in the portal),
 * discharge instructions (printed at discharge, shown in the portal), preparation material for
 * each program day, and whether the portal shows patients their own results.
 *
 * @module
 */
import type { PortalSettings, SiteContent, SiteContentItem } from '@kairos/api';
import { findProgramTemplate } from '@kairos/core';
import { AppError, notFound } from '../errors.js';
import { audit } from './audit.js';
import { NO_USER, type Actor, type RequestMeta } from './context.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

/** Shown when a site has not written its crisis resources: never an empty screen. */
export const FALLBACK_CRISIS_RESOURCES =
  'If you are in danger or thinking about harming yourself, call your local emergency number now, or go to the nearest emergency department. Then call your clinic.';

/** Content keys: `crisis-resources`, `discharge-instructions`, `preparation:<template>:day-<n>`. */
export function checkContentKey(key: string): string | null {
  if (key === 'crisis-resources' || key === 'discharge-instructions') return null;
  const m = /^preparation:([a-z0-9-]+):day-(\d{1,2})$/.exec(key);
  if (m === null) return 'must be crisis-resources, discharge-instructions or preparation:<program template>:day-<n>';
  const template = findProgramTemplate(m[1] ?? '');
  if (template === undefined) return `unknown program template ${m[1] ?? ''}`;
  const days = new Set(template.events.map((e) => e.day));
  if (!days.has(Number(m[2]))) return `${template.title} has no day ${m[2] ?? ''}`;
  return null;
}

export async function listSiteContent(db: Db, siteId: string): Promise<SiteContent> {
  const site = await db.selectFrom('site').select(['id', 'settings']).where('id', '=', siteId).executeTakeFirst();
  if (site === undefined) throw notFound('site', siteId);
  const rows = await db
    .selectFrom('site_content as c')
    .leftJoin('app_user as u', 'u.id', 'c.updated_by')
    .select(['c.key', 'c.body', 'c.updated_at', 'u.display_name'])
    .where('c.site_id', '=', siteId)
    .orderBy('c.key')
    .execute();
  return {
    items: rows.map((r) => ({ key: r.key, body: r.body, updatedAt: r.updated_at.toISOString(), updatedBy: r.display_name })),
    portal: portalSettingsOf(site.settings),
  };
}

export function portalSettingsOf(settings: Record<string, unknown>): PortalSettings {
  const p = settings.portal as { showResults?: unknown } | undefined;
  return { showResults: p?.showResults === true };
}

export async function contentBody(db: Db, siteId: string, key: string): Promise<string | null> {
  const row = await db.selectFrom('site_content').select('body').where('site_id', '=', siteId).where('key', '=', key).executeTakeFirst();
  return row?.body ?? null;
}

export async function writeSiteContent(
  db: Db,
  actor: Actor | null,
  siteId: string,
  key: string,
  body: string,
  meta: RequestMeta,
): Promise<SiteContentItem> {
  const problem = checkContentKey(key);
  if (problem !== null)
    throw new AppError('VALIDATION_FAILED', `params.key: ${problem}`, { issues: [{ field: 'params.key', message: problem }] });
  return transact(db, async (tx) => {
    const site = await tx.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst();
    if (site === undefined) throw notFound('site', siteId);
    await tx
      .insertInto('site_content')
      .values({ site_id: siteId, key, body, updated_at: meta.now, updated_by: actor?.userId ?? null })
      .onConflict((oc) => oc.columns(['site_id', 'key']).doUpdateSet({ body, updated_at: meta.now, updated_by: actor?.userId ?? null }))
      .execute();
    await audit(
      tx,
      { ...meta, actor: actor ?? NO_USER },
      { action: 'site-content.write', recordType: 'site', recordId: siteId, outcome: 'allowed', details: { key, length: body.length } },
    );
    return { key, body, updatedAt: meta.now.toISOString(), updatedBy: actor?.displayName ?? null };
  });
}

export async function setPortalSettings(
  db: Db,
  actor: Actor,
  siteId: string,
  input: PortalSettings,
  meta: RequestMeta,
): Promise<PortalSettings> {
  return transact(db, async (tx) => {
    const site = await tx.selectFrom('site').select(['id', 'settings']).where('id', '=', siteId).forUpdate().executeTakeFirst();
    if (site === undefined) throw notFound('site', siteId);
    await tx
      .updateTable('site')
      .set({ settings: JSON.stringify({ ...site.settings, portal: { showResults: input.showResults } }) })
      .where('id', '=', siteId)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'site-portal.settings', recordType: 'site', recordId: siteId, outcome: 'allowed', details: input },
    );
    return { showResults: input.showResults };
  });
}
