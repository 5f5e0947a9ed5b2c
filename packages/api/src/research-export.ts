/**
 * The de-identified research export (issue 24, Must 4): a site's courses for a research partner,
 * de-identified under HIPAA's Safe Harbor method (45 CFR 164.514(b)(2)): a random study id per
 * patient instead of any identifier, days from enrollment instead of dates, age groups (90 or
 * older as one), no free text. Every exported field, the Safe Harbor identifier it avoids and how
 * it is transformed: `docs/research-export.md` (generated from the server's field list).
 *
 * Who: the site's medical director only (an export of every patient of the site).
 *
 * @module
 */
import { z } from 'zod';
import { pureSchema } from './common.js';
import { courseFilterFields, rangeInOrder } from './program-outcomes.js';

/** `ndjson`: one course a line (nested sessions, measures, events); `csv`: one row a course item, the course's fields repeated. */
export const RESEARCH_EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export const ResearchExportFormatSchema = z.enum(RESEARCH_EXPORT_FORMATS);
export type ResearchExportFormat = z.infer<typeof ResearchExportFormatSchema>;

/**
 * `GET /api/sites/:id/research-export`: the site's courses in `format`, with the program
 * dashboard's filters (`GET /api/sites/:id/program-outcomes`): one template, the course's first
 * day from `from` to `to` (site-local days, both included; either may be left out).
 */
export const ResearchExportQuerySchema = pureSchema(() =>
  z.strictObject({ format: ResearchExportFormatSchema, ...courseFilterFields() }).superRefine(rangeInOrder),
);
export type ResearchExportQuery = z.infer<typeof ResearchExportQuerySchema>;

/** The single age group of every patient older than 89 (Safe Harbor, 164.514(b)(2)(i)(C)). */
export const RESEARCH_OLDEST_AGE_GROUP = '90 or older';
