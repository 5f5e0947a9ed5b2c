/**
 * Use case: the program outcomes report as a PDF (issue 24, Must 3): the dashboard's figures for the
 * same filters, read by `readProgramOutcomes` (the same permissions: the medical director and the
 * prescribers the site's courses, a therapist their care teams' courses; another site refused and
 * audited; the read itself audited as a read), then the export audited (`outcomes.program-export`:
 * the format, the filters, how many courses started, whether the cohort was too small) and the PDF
 * rendered off the event loop, in the PDF worker pool.
 *
 * `readProgramOutcomesForExport` is shared with the CSV export (`export-program-outcomes-csv.ts`).
 *
 * @module
 */
import type { ProgramOutcomes, ProgramOutcomesQuery } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { renderPdf } from '../../workers/worker-pool.js';
import { readProgramOutcomes } from './read-program-outcomes.js';

export const PROGRAM_EXPORT_ACTION = 'outcomes.program-export';

/** The dashboard's answer for an export, the site's zone and synthetic flag, with the export audited. */
export async function readProgramOutcomesForExport(
  db: Db,
  actor: Actor,
  siteId: string,
  query: ProgramOutcomesQuery,
  meta: RequestMeta,
  export_: { format: 'pdf' | 'csv'; table?: string },
): Promise<{ outcomes: ProgramOutcomes; timeZone: string; synthetic: boolean }> {
  const outcomes = await readProgramOutcomes(db, actor, siteId, query, meta);
  const site = await transact(db, async (tx) => {
    const s = await tx.selectFrom('site').select(['time_zone', 'synthetic']).where('id', '=', outcomes.site.id).executeTakeFirstOrThrow();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: PROGRAM_EXPORT_ACTION,
        recordType: 'site',
        recordId: outcomes.site.id,
        outcome: 'allowed',
        details: {
          ...export_,
          filters: { ...query },
          scope: outcomes.filters.ownPatientsOnly ? 'care-team' : 'site',
          started: outcomes.flow.started,
          suppressed: outcomes.suppressed,
          protocolVersion: outcomes.protocolVersion,
        },
      },
    );
    return s;
  });
  return { outcomes, timeZone: site.time_zone, synthetic: site.synthetic };
}

/** The report's file name: no patient data, the site's day the figures are as of. */
export const programOutcomesFileName = (o: ProgramOutcomes, ext: string, table?: string): string =>
  `program-outcomes${table === undefined ? '' : `-${table}`}-${o.asOf}.${ext}`;

/** The program outcomes report of the filters as a PDF, with its file name. */
export async function programOutcomesPdf(
  db: Db,
  actor: Actor,
  siteId: string,
  query: ProgramOutcomesQuery,
  meta: RequestMeta,
): Promise<{ pdf: Buffer; filename: string }> {
  const { outcomes, timeZone, synthetic } = await readProgramOutcomesForExport(db, actor, siteId, query, meta, { format: 'pdf' });
  const pdf = await renderPdf({
    kind: 'program-outcomes',
    facts: { outcomes, timeZone, synthetic, printedBy: actor.displayName, generatedAt: meta.now },
  });
  return { pdf, filename: programOutcomesFileName(outcomes, 'pdf') };
}
