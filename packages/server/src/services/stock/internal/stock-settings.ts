/**
 * A site's ketamine stock settings (kept in `site.settings.stock`), with their defaults. Neither is
 * a clinical number of protocol-defaults.md: both come from issue 23 as site settings, and are shown
 * as site defaults for the medical director to review.
 *
 * @module
 */
import type { StockSettings } from '@kairos/api';

/**
 * Defaults: lots expiring within 30 days are flagged (issue 23, Must 9: "30 days, a site setting");
 * an opened vial's remnant is usable until the end of the day it was opened (Must 4: "a site
 * setting"), so 0 extra days. Site defaults, needing medical-director review.
 */
export const STOCK_SETTINGS_DEFAULTS: StockSettings = Object.freeze({ expiryWarningDays: 30, openVialExtraDays: 0 });

/** The site's stock settings from its settings jsonb; a missing or malformed value is the default. */
export function stockSettingsOf(settings: Record<string, unknown> | null | undefined): StockSettings {
  const s = (settings?.stock ?? {}) as Record<string, unknown>;
  const int = (v: unknown, d: number) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : d);
  return {
    expiryWarningDays: int(s.expiryWarningDays, STOCK_SETTINGS_DEFAULTS.expiryWarningDays),
    openVialExtraDays: int(s.openVialExtraDays, STOCK_SETTINGS_DEFAULTS.openVialExtraDays),
  };
}
