/**
 * Use case: the de-identified research export of a site (issue 24, Must 4; HIPAA Safe Harbor,
 * 45 CFR 164.514(b)(2)): every course the program dashboard's filters match, one NDJSON line a
 * course or one CSV row a course item (the course, each state change, event, dosing session and
 * questionnaire), with a random study id per patient, days from enrollment instead of dates, age
 * groups with every age over 89 as one, and no names, addresses, contact details, MRNs, internal
 * ids or free text. The fields are `research-fields.ts`'s, and nothing else leaves.
 *
 * Who: the site's medical director only (it is every patient of the site); anyone else, and
 * another site, is refused and the refusal audited. Before the first line leaves, the patients
 * without a study id get one (kept, so two exports link) and the export is audited
 * (`outcomes.research-export`: format, filters, the number of patients, courses and records; no
 * patient id). The lines are then read a page of patients at a time: neither the whole export in
 * memory nor a long computation on the event loop.
 *
 * @module
 */
import type { ResearchExportFormat, ResearchExportQuery } from '@kairos/api';
import { localDateOf } from '@kairos/core';
import { assertSiteInScope, otherSiteRefusal } from '../access/site-scope.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { csvLine } from '../csv.js';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import {
  assignStudyIds,
  countExport,
  nextStudyIds,
  readCoursePage,
  withStudyIds,
  type CourseRecord,
  type ExportFilters,
} from './internal/export-rows.js';
import { keepDocumentedFields, RESEARCH_CSV_COLUMNS } from './research-fields.js';

export const RESEARCH_EXPORT_ACTION = 'outcomes.research-export';

/** The one role that may export: the medical director (the export holds every patient of the site). */
const EXPORTING_ROLE = 'medical-director';

/** Patients read per page while streaming. */
const PAGE_PATIENTS = 100;

const CONTENT_TYPES: Record<ResearchExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export interface ResearchExport {
  filename: string;
  contentType: string;
  /** The file, a page of patients at a time. */
  chunks: AsyncGenerator<string>;
}

export async function exportResearchData(
  db: Db,
  actor: Actor,
  siteId: string,
  query: ResearchExportQuery,
  meta: RequestMeta,
  { pagePatients = PAGE_PATIENTS }: { pagePatients?: number } = {},
): Promise<ResearchExport> {
  const { format, ...filters } = query;
  const prepared = await transact(db, async (tx) => {
    assertSiteInScope(actor, siteId, meta, RESEARCH_EXPORT_ACTION);
    if (!actor.roles.includes(EXPORTING_ROLE))
      throw new AuditedRefusal(
        'FORBIDDEN',
        'The research export is for the medical director only: it holds every patient of the site. The attempt is recorded.',
        { ...meta, actor },
        {
          action: RESEARCH_EXPORT_ACTION,
          recordType: 'site',
          recordId: siteId,
          outcome: 'denied',
          details: { reason: 'medical director only', format },
        },
      );
    const site = await tx.selectFrom('site').select(['id', 'time_zone']).where('id', '=', siteId).executeTakeFirst();
    if (site === undefined) throw otherSiteRefusal(actor, siteId, meta, RESEARCH_EXPORT_ACTION);
    const xtx = withStudyIds(tx);
    const protocol = await protocolInForce(tx, site.id, meta.now);
    const newStudyIds = await assignStudyIds(xtx, site.id, filters, meta.now);
    const counts = await countExport(xtx, site.id, filters);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: RESEARCH_EXPORT_ACTION,
        recordType: 'site',
        recordId: site.id,
        outcome: 'allowed',
        details: {
          format,
          filters: { ...filters },
          patients: counts.patients,
          courses: counts.courses,
          // NDJSON: a line a course; CSV: a row a course and a row an item of it.
          records: format === 'ndjson' ? counts.courses : counts.courses + counts.items,
          newStudyIds,
        },
      },
    );
    return { site, protocol };
  });
  const day = localDateOf(meta.now, prepared.site.time_zone);
  return {
    filename: `research-export-${day}.${format}`,
    contentType: CONTENT_TYPES[format],
    chunks: exportChunks(db, prepared.site, filters, format, prepared.protocol, meta.now, pagePatients),
  };
}

async function* exportChunks(
  db: Db,
  site: { id: string; time_zone: string },
  filters: ExportFilters,
  format: ResearchExportFormat,
  protocol: Parameters<typeof readCoursePage>[4],
  now: Date,
  pagePatients: number,
): AsyncGenerator<string> {
  const xdb = withStudyIds(db);
  if (format === 'csv') yield csvLine(RESEARCH_CSV_COLUMNS);
  let after: string | null = null;
  for (;;) {
    const studyIds = await nextStudyIds(xdb, site.id, filters, after, pagePatients);
    if (studyIds.length === 0) return;
    const records = await readCoursePage(xdb, site, filters, studyIds, protocol, now);
    yield format === 'ndjson'
      ? records.map((r) => `${JSON.stringify(keepDocumentedFields(r))}\n`).join('')
      : records.map(csvRowsOf).join('');
    after = studyIds.at(-1) ?? null;
  }
}

type Cells = Record<string, string | number | boolean | null>;

/** A course's CSV rows: the course, then each state change, event, dosing session and questionnaire, the course's fields on each. */
export function csvRowsOf(r: CourseRecord): string {
  const course: Cells = {
    studyId: r.studyId,
    course: r.course,
    synthetic: r.synthetic,
    template: r.template,
    ageGroup: r.ageGroup,
    sex: r.sex,
    enrollmentState: r.enrollmentState,
    withdrawnFrom: r.withdrawnFrom,
    courseStartDay: r.courseStartDay,
  };
  const rows: Cells[] = [
    { record: 'course', ...course },
    ...r.stateChanges.map((t) => ({ record: 'state', ...course, day: t.day, toState: t.toState })),
    ...r.events.map((e) => ({
      record: 'event',
      ...course,
      day: e.day,
      programDay: e.programDay,
      eventKind: e.eventKind,
      eventState: e.eventState,
    })),
    ...r.sessions.map((s) => ({
      record: 'session',
      ...course,
      session: s.session,
      day: s.day,
      programDay: s.programDay,
      sessionState: s.sessionState,
      route: s.route,
      doseMgPerKg: s.doseMgPerKg,
      plannedMinutes: s.plannedMinutes,
      infusionMinutes: s.infusionMinutes,
      paused: s.paused,
      stoppedEarly: s.stoppedEarly,
      minutesToDischarge: s.minutesToDischarge,
      bloodPressureLevel: s.bloodPressureLevel,
      adverseEvents: s.adverseEvents.map((a) => `${a.kind}/${a.severity}${a.serious ? '/serious' : ''}`).join('; '),
    })),
    ...r.measures.map((m) => ({
      record: 'measure',
      ...course,
      day: m.day,
      dueDay: m.dueDay,
      instrument: m.instrument,
      total: m.total,
      riskLevel: m.riskLevel,
    })),
  ];
  // Only the documented columns, in their order: a cell under any other name is never written.
  return rows.map((row) => csvLine(RESEARCH_CSV_COLUMNS.map((c) => row[c] ?? null))).join('');
}
