/**
 * The site's written content: the keys it may hold, the fallback crisis resources, the portal settings as stored.
 *
 * @module
 */
import type { PortalSettings } from '@kairos/api';
import { findProgramTemplate } from '@kairos/core';
import type { Db } from '../../../store/database.js';

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

export function portalSettingsOf(settings: Record<string, unknown>): PortalSettings {
  const p = settings.portal as { showResults?: unknown } | undefined;
  return { showResults: p?.showResults === true };
}

export async function contentBody(db: Db, siteId: string, key: string): Promise<string | null> {
  const row = await db.selectFrom('site_content').select('body').where('site_id', '=', siteId).where('key', '=', key).executeTakeFirst();
  return row?.body ?? null;
}
