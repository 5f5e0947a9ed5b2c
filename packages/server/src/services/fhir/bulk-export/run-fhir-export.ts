/**
 * Writing an export's files, after its kick-off (start-fhir-export.ts), in the background of the
 * server process. The resources are those the person who asked may see now (each type's own
 * search, with its care-team and site rules, as a search by them would find), as of the kick-off's
 * instant (`transactionTime`: nothing changed later is in the files) and changed after `_since`
 * when given. Patient-compartment types are read a page of patients at a time (100), each type
 * a thousand resources at a time, and written as parts of at most a thousand NDJSON lines: neither
 * the export nor a long computation is ever held on the event loop, and each statement is short,
 * so the embedded database's one connection serves requests between them. A cancelled export
 * stops at the next page. When done, the export is complete and its files expire after the site's
 * setting (24 hours by default).
 *
 * @module
 */
import type { Resource } from '@medplum/fhirtypes';
import type { Clock } from '../../../clock.js';
import { AppError } from '../../../errors.js';
import type { DateCondition, ParsedSearch } from '../../../fhir/search-params.js';
import type { Db } from '../../../store/database.js';
import { internalMeta, type Actor } from '../../context.js';
import { patientVisibleTo } from '../../patients/visible-patients.js';
import { groupResource } from '../course-resources.js';
import type { FhirTypeHandler } from '../fhir-types.js';
import { fhirTypeOf } from '../registry.js';
import { inPatientCompartment, patientParamOf, typesAllowed } from './export-plan.js';
import { fhirExportSettingsOf } from './export-settings.js';

/** Patients read per page. */
const PATIENTS_PER_PAGE = 100;
/** Resources read per search and written per part. */
export const RESOURCES_PER_PART = 1_000;

/** The exports this process is writing, by id, with their database. */
const running = new Map<string, { db: Db; work: Promise<void> }>();
/** Exports to stop at their next page: their server is closing. */
const stopping = new Set<string>();

/**
 * Exports recorded by a kick-off whose transaction has not yet handed them to
 * `runFhirExportInBackground`: a second kick-off by the same person, waiting on the first's lock,
 * finds the first one busy, not cut short.
 */
const claimed = new Set<string>();

/** Marks export `id` as about to be written by this process (its kick-off, before the commit). */
export function claimExport(id: string): void {
  claimed.add(id);
}

/** Forgets a claim whose kick-off did not commit. */
export function releaseExport(id: string): void {
  claimed.delete(id);
}

/** Whether this process is writing the export (an export in progress that is not was cut short by a restart). */
export const isExportRunning = (id: string): boolean => running.has(id) || claimed.has(id);

/** Resolves when every export this process is writing (on `db`, or on any) has ended (the tests). */
export async function exportsSettled(db?: Db): Promise<void> {
  await Promise.allSettled([...running.values()].filter((r) => db === undefined || r.db === db).map((r) => r.work));
}

/**
 * Stops the exports being written on `db` at their next page (the server is closing): they stay in
 * progress, and their status then says the server stopped while writing them.
 */
export async function stopFhirExports(db: Db): Promise<void> {
  for (const [id, r] of running) if (r.db === db) stopping.add(id);
  await exportsSettled(db);
}

/**
 * Starts writing export `id` in the background; `onFailure` hears of an unexpected error (for the
 * log: its message only, never a resource).
 */
export function runFhirExportInBackground(db: Db, clock: Clock, id: string, onFailure: (err: unknown) => void): void {
  const work = runFhirExport(db, clock, id)
    .catch(async (err: unknown) => {
      onFailure(err);
      const message =
        err instanceof AppError ? err.message : 'The export could not be written (an error on the server; the log has its details)';
      await db
        .updateTable('fhir_export')
        .set({ state: 'failed', error: message, progress: null, updated_at: clock.now() })
        .where('id', '=', id)
        .where('state', '=', 'in-progress')
        .execute()
        .catch(onFailure);
      await db.deleteFrom('fhir_export_part').where('export_id', '=', id).execute().catch(onFailure);
    })
    .finally(() => {
      running.delete(id);
      stopping.delete(id);
    });
  running.set(id, { db, work });
  claimed.delete(id);
}

/** The parts of each type's file, written as they fill. */
class PartWriter {
  private readonly lines = new Map<string, string[]>();
  readonly counts = new Map<string, { parts: number; resources: number }>();
  constructor(
    private readonly db: Db,
    private readonly exportId: string,
  ) {}

  async add(type: string, resources: readonly Resource[]): Promise<void> {
    const lines = this.lines.get(type) ?? [];
    this.lines.set(type, lines);
    for (const r of resources) {
      lines.push(JSON.stringify(r));
      if (lines.length >= RESOURCES_PER_PART) await this.flush(type);
    }
  }

  async flush(type: string): Promise<void> {
    const lines = this.lines.get(type) ?? [];
    if (lines.length === 0) return;
    const c = this.counts.get(type) ?? { parts: 0, resources: 0 };
    await this.db
      .insertInto('fhir_export_part')
      .values({ export_id: this.exportId, resource_type: type, part: c.parts, resources: lines.length, ndjson: `${lines.join('\n')}\n` })
      .execute();
    this.counts.set(type, { parts: c.parts + 1, resources: c.resources + lines.length });
    this.lines.set(type, []);
  }

  async flushAll(): Promise<void> {
    for (const type of [...this.lines.keys()]) await this.flush(type);
  }
}

/** The search `handler` runs for one page: everything (of `patients`, when given) changed in the export's window. */
function pageQuery(
  handler: FhirTypeHandler,
  window: DateCondition[][],
  patients: readonly string[] | undefined,
  offset: number,
): ParsedSearch {
  const q: ParsedSearch = {
    count: RESOURCES_PER_PART,
    offset,
    dates: { _lastUpdated: window },
    tokens: {},
    references: {},
    strings: {},
    include: [],
  };
  if (patients !== undefined) {
    const param = patientParamOf(handler);
    if (handler.type === 'Patient') q.tokens._id = [patients.map((code) => ({ system: undefined, code }))];
    else if (param !== undefined) q.references[param] = [[...patients]];
  }
  return q;
}

export async function runFhirExport(db: Db, clock: Clock, id: string): Promise<void> {
  claimed.delete(id);
  const job = await db.selectFrom('fhir_export').selectAll().where('id', '=', id).executeTakeFirst();
  if (job?.state !== 'in-progress') return;
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', job.requested_by).executeTakeFirstOrThrow();
  if (!user.active || user.site_id !== job.site_id)
    throw new AppError('FORBIDDEN', 'The account that asked for the export is no longer active at this site: nothing was written');
  // The person's permissions now, not at the kick-off: a role removed meanwhile removes its types.
  const actor: Actor = { userId: user.id, email: user.email, displayName: user.display_name, roles: user.roles, siteId: user.site_id };
  const handlers = job.types.flatMap((t) => {
    const h = fhirTypeOf(t);
    return h === undefined ? [] : [h];
  });
  const lost = handlers.filter((h) => !typesAllowed(actor.roles, [h]).length).map((h) => h.type);
  if (lost.length > 0) throw new AppError('FORBIDDEN', `The account that asked may no longer read ${lost.join(', ')}: nothing was written`);
  const meta = () => internalMeta(`fhir-export:${id}`, clock.now());
  const upTo = job.transaction_time;
  const window: DateCondition[][] = [
    [{ prefix: 'le', start: upTo, end: new Date(upTo.getTime() + 1) }],
    ...(job.since === null ? [] : [[{ prefix: 'gt' as const, start: job.since, end: new Date(job.since.getTime() + 1) }]]),
  ];
  const writer = new PartWriter(db, id);
  const stillWanted = async (progress: string): Promise<boolean> => {
    if (stopping.has(id)) return false;
    const r = await db
      .updateTable('fhir_export')
      .set({ progress, updated_at: clock.now() })
      .where('id', '=', id)
      .where('state', '=', 'in-progress')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  };

  // Each type's resources (of the page's patients), a thousand at a time.
  const writeType = async (handler: FhirTypeHandler, patients: readonly string[] | undefined): Promise<void> => {
    for (let offset = 0; ; offset += RESOURCES_PER_PART) {
      const { total, hits } = await handler.search(db, actor, pageQuery(handler, window, patients, offset), meta());
      await writer.add(
        handler.type,
        hits.map((h) => h.resource),
      );
      if (offset + RESOURCES_PER_PART >= total) return;
    }
  };

  const compartment = handlers.filter(inPatientCompartment);
  const others = handlers.filter((h) => !inPatientCompartment(h));
  for (const handler of others) {
    if (!(await stillWanted(`writing ${handler.type}`))) return cancelled(db, id);
    await writeType(handler, undefined);
  }

  const exported: string[] = [];
  if (compartment.length > 0) {
    // The patients: a cohort's members the person may see, or every patient they may see.
    const members =
      job.level === 'group' ? ((await groupResource.read(db, actor, job.group_id ?? '', meta()))?.patientIds ?? []) : undefined;
    const visible = patientVisibleTo(actor, clock.now(), { patientId: 'p.id', siteId: 'p.site_id' });
    const nextPatients = async (after: string | null): Promise<string[]> => {
      if (members !== undefined) {
        const sorted = [...members].sort();
        const from = after === null ? 0 : sorted.findIndex((m) => m > after);
        return from === -1 ? [] : sorted.slice(from, from + PATIENTS_PER_PAGE);
      }
      let q = db.selectFrom('patient as p').select('p.id').where(visible).orderBy('p.id').limit(PATIENTS_PER_PAGE);
      if (after !== null) q = q.where('p.id', '>', after);
      return (await q.execute()).map((r) => r.id);
    };
    for (let after: string | null = null; ;) {
      const page = await nextPatients(after);
      if (page.length === 0) break;
      if (!(await stillWanted(`${exported.length} patients written`))) return cancelled(db, id);
      for (const handler of compartment) await writeType(handler, page);
      exported.push(...page);
      after = page.at(-1) ?? null;
    }
  }
  await writer.flushAll();

  const site = await db.selectFrom('site').select('settings').where('id', '=', job.site_id).executeTakeFirstOrThrow();
  const now = clock.now();
  const done = await db
    .updateTable('fhir_export')
    .set({
      state: 'complete',
      progress: null,
      completed_at: now,
      updated_at: now,
      expires_at: new Date(now.getTime() + fhirExportSettingsOf(site.settings).retentionHours * 3_600_000),
      patient_ids: exported,
    })
    .where('id', '=', id)
    .where('state', '=', 'in-progress')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) await cancelled(db, id);
}

/** A cancelled export keeps no part (those written since the cancel included). */
async function cancelled(db: Db, id: string): Promise<void> {
  await db.deleteFrom('fhir_export_part').where('export_id', '=', id).execute();
}
