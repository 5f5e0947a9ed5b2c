/**
 * Security settings a site may change (stored in `site.settings.security`), with their defaults.
 * These are not clinical numbers: they come from the People-and-trust issue and common practice
 * for health-data systems (HIPAA 164.312 asks for automatic logoff; the values are ours).
 *
 * @module
 */
import { z } from 'zod';
import type { Db } from '../../store/database.js';

export const SecuritySettingsSchema = z.strictObject({
  /** A staff sign-in ends after this long without activity. */
  idleTimeoutMinutes: z.number().int().min(1).max(120).default(15),
  /** A staff sign-in ends this long after it began, whatever the activity. */
  absoluteTimeoutHours: z.number().int().min(1).max(24).default(12),
  /** Failed sign-ins for one account within the window that lock it. */
  accountLockoutFailures: z.number().int().min(3).max(20).default(5),
  accountLockoutWindowMinutes: z.number().int().min(1).max(1440).default(15),
  accountLockoutMinutes: z.number().int().min(1).max(1440).default(15),
  /** Failed sign-ins from one client address within the window that answer 429. */
  clientThrottleFailures: z.number().int().min(5).max(1000).default(20),
  clientThrottleWindowMinutes: z.number().int().min(1).max(1440).default(15),
  /**
   * Failed portal links or codes from one client address within the window that answer 429 for
   * the block (protocol-defaults.md, "portal code attempts": 10 in 15 min, then 429 for 15 min).
   */
  portalThrottleFailures: z.number().int().min(3).max(100).default(10),
  portalThrottleWindowMinutes: z.number().int().min(1).max(1440).default(15),
  portalThrottleBlockMinutes: z.number().int().min(1).max(1440).default(15),
  /**
   * Readings one device token may post in a minute; beyond, 429 with Retry-After
   * (protocol-defaults.md, "device readings per token": 600 a minute).
   */
  deviceReadingsPerMinute: z.number().int().min(10).max(100_000).default(600),
  /**
   * How long before the session's booked start (or its check-in, when earlier) a reading may be
   * dated: an older one is refused (a monitor's clock or buffer gone wrong). Not in
   * protocol-defaults.md: a site default for the medical director to review.
   */
  readingsBeforeSessionMinutes: z.number().int().min(5).max(1440).default(120),
  /** How long a step-up proof stays usable. */
  stepUpValidMinutes: z.number().int().min(1).max(15).default(5),
});

export type SecuritySettings = z.infer<typeof SecuritySettingsSchema>;
export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = Object.freeze(SecuritySettingsSchema.parse({}));

/** The security settings of a site (or of the first site when none is named), defaults filled in. */
export async function loadSecuritySettings(db: Db, siteId?: string | null): Promise<SecuritySettings> {
  let q = db.selectFrom('site').select('settings').orderBy('created_at').limit(1);
  if (siteId !== undefined && siteId !== null) q = q.where('id', '=', siteId);
  const row = await q.executeTakeFirst();
  return securitySettingsOf(row?.settings);
}

/** The security settings in a site's stored settings (read with other facts in one query), defaults filled in. */
export function securitySettingsOf(settings: unknown): SecuritySettings {
  const parsed = SecuritySettingsSchema.safeParse((settings as { security?: unknown } | null | undefined)?.security ?? {});
  return parsed.success ? parsed.data : DEFAULT_SECURITY_SETTINGS;
}
