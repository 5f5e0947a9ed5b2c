/**
 * A site's FHIR export setting (kept in `site.settings.fhir`): how long an export's files are kept
 * after it completes. Issue 25 sets 24 hours "a site setting"; not a clinical number.
 *
 * @module
 */

export interface FhirExportSettings {
  /** Hours an export's files are served after it completes; then they are deleted. */
  retentionHours: number;
}

/** The limits a site may set: an hour to 7 days (files of patient data are not kept longer). */
export const RETENTION_HOURS_RANGE = { min: 1, max: 168 } as const;

export const FHIR_EXPORT_SETTINGS_DEFAULTS: FhirExportSettings = Object.freeze({ retentionHours: 24 });

/** The site's setting from its settings jsonb; a missing or malformed value is the default. */
export function fhirExportSettingsOf(settings: Record<string, unknown> | null | undefined): FhirExportSettings {
  const s = (settings?.fhir ?? {}) as Record<string, unknown>;
  const h = s.exportRetentionHours;
  return {
    retentionHours:
      typeof h === 'number' && Number.isSafeInteger(h) && h >= RETENTION_HOURS_RANGE.min && h <= RETENTION_HOURS_RANGE.max
        ? h
        : FHIR_EXPORT_SETTINGS_DEFAULTS.retentionHours,
  };
}
