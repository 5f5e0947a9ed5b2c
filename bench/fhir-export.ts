/**
 * Bench workload `fhir` (issue 25, Must 5), on PostgreSQL:
 * - a system-level Bulk Data `$export` of about 100,000 resources (the program-outcomes clinic at
 *   5,000 courses: patients, enrollments, cohorts, dosing events and sessions, adverse events, ten
 *   questionnaire responses a patient and their score Observations), from the kick-off to every
 *   file read back, against PostgreSQL's own `COPY (SELECT to_jsonb(t) FROM t) TO STDOUT` of the
 *   rows behind those resources (a table once per resource type it gives), in the same run; the
 *   target is the export at no less than half the COPY's speed (ratio COPY time / export time
 *   at least 0.5);
 * - FHIR search `Observation?patient=X&_count=100` (the use case with its audit event, staged and
 *   sealed off the request's path as the route has it, and the Bundle as JSON) p99 against the raw
 *   SQL of the same rows, over many patients, after both warm up on 50 others; target: within 3x.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'kysely';
import { openPostgres } from '../packages/server/src/store/database.js';
import { migrateToLatest } from '../packages/server/src/store/migrate.js';
import { createClock } from '../packages/server/src/clock.js';
import { internalMeta } from '../packages/server/src/services/context.js';
import { scheduleAuditSeal, sealPendingAudit } from '../packages/server/src/services/audit.js';
import { startFhirExport } from '../packages/server/src/services/fhir/bulk-export/start-fhir-export.js';
import { runFhirExport } from '../packages/server/src/services/fhir/bulk-export/run-fhir-export.js';
import { openFhirExportFile, readFhirExportStatus } from '../packages/server/src/services/fhir/bulk-export/fhir-export-access.js';
import { fhirSearch } from '../packages/server/src/services/fhir/fhir-interactions.js';
import { observationResource } from '../packages/server/src/services/fhir/observation-resource.js';
import { parseSearch } from '../packages/server/src/fhir/search-params.js';
import { generate } from './program-outcomes.js';
import { summarize, type Target } from './lib/stats.js';
import { CopySubmittable } from './lib/raw.js';

export interface FhirBenchLine {
  name: string;
  value: number;
  unit: string;
  anchor?: { name: string; value: number };
  target: Target;
  details?: Record<string, unknown>;
}

const COURSES = 5_000;

/** The tables behind each exported type's resources (a score Observation is a questionnaire response's). */
const TABLES_BEHIND: Readonly<Record<string, readonly string[]>> = {
  Patient: ['patient'],
  EpisodeOfCare: ['enrollment'],
  Encounter: ['scheduled_event'],
  Group: ['cohort'],
  QuestionnaireResponse: ['questionnaire_response'],
  Observation: ['questionnaire_response', 'vital_reading'],
  MedicationAdministration: ['dosing_session'],
  MedicationRequest: ['dose_order'],
  AdverseEvent: ['adverse_event'],
  Practitioner: ['app_user'],
  PractitionerRole: ['app_user'],
  Organization: ['site'],
  Location: ['room', 'chair'],
  Condition: ['patient_fact'],
  MedicationStatement: ['patient_fact'],
  Consent: ['consent_signature'],
  CarePlan: ['clinical_note'],
  DocumentReference: ['clinical_note'],
  Provenance: ['clinical_note', 'dose_order'],
  Questionnaire: [],
};

/** COPY ... TO STDOUT, counting the bytes (the client receives every row). */
class CopyOut extends CopySubmittable {
  bytes = 0;
  handleCopyData(msg: { chunk: Buffer }): void {
    this.bytes += msg.chunk.length;
  }
}

function copyOut(client: pg.Client, table: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = new CopyOut(`COPY (SELECT to_jsonb(t) FROM ${table} t) TO STDOUT`, (err) =>
      err === undefined ? resolve(q.bytes) : reject(err instanceof Error ? err : new Error('COPY failed')),
    );
    void client.query(q as never);
  });
}

export async function fhirExportLines(url: string, opts: { quick: boolean }, emit: (l: FhirBenchLine) => void): Promise<void> {
  const database = await openPostgres(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migrateToLatest(database.db);
    const db = database.db;
    let t = performance.now();
    const { actor } = await generate(db, COURSES);
    emit({ name: 'fhir: generate 5,000 courses (SQL)', value: performance.now() - t, unit: 'ms', target: { kind: 'report' } });
    // The real clock: the generated rows carry the time they were written, and an export holds what
    // changed up to its kick-off.
    const clock = createClock();
    const meta = internalMeta('bench', clock.now());

    // The export: kick-off, every file written, every file read back.
    t = performance.now();
    const { id } = await startFhirExport(db, actor, { level: 'system', types: undefined, since: undefined, requestUrl: 'bench' }, meta);
    await runFhirExport(db, clock, id);
    const status = await readFhirExportStatus(db, actor, id, meta);
    if (status.state !== 'complete') throw new Error(`the export ended ${status.state}`);
    let exportBytes = 0;
    for (const o of status.output) {
      const file = await openFhirExportFile(db, actor, id, o.type, meta);
      for await (const chunk of file.chunks) exportBytes += Buffer.byteLength(chunk);
    }
    const exportMs = performance.now() - t;
    const resources = status.output.reduce((n, o) => n + o.count, 0);

    // COPY of the rows behind those resources, in the same run.
    const tables = status.output.flatMap((o) => TABLES_BEHIND[o.type] ?? []);
    t = performance.now();
    let copyBytes = 0;
    for (const table of tables) copyBytes += await copyOut(client, table);
    const copyMs = performance.now() - t;
    // As throughput (resources a second): the export's, and the COPY's of the same resources' rows.
    emit({
      name: 'fhir: $export of ~100k resources, kick-off to every file read (system level)',
      value: Math.round(resources / (exportMs / 1000)),
      unit: 'resources/s',
      anchor: { name: 'COPY (SELECT to_jsonb(t)) TO STDOUT of the rows behind them', value: Math.round(resources / (copyMs / 1000)) },
      target: { kind: 'ratio-at-least', min: 0.5 },
      details: {
        resources,
        exportMs: Math.round(exportMs),
        copyMs: Math.round(copyMs),
        exportBytes,
        copyBytes,
        tables,
        types: status.output.map((o) => `${o.type} ${o.count}`),
      },
    });

    // Observation?patient=X&_count=100: the FHIR search against the raw SQL of the same rows.
    const patients = (await sql<{ id: string }>`SELECT id FROM patient ORDER BY id LIMIT ${opts.quick ? 100 : 400}`.execute(db)).rows.map(
      (r) => r.id,
    );
    // Both paths warm up first on 50 other patients (the pool's connections, their plans and caches), unmeasured.
    const warmUp = (await sql<{ id: string }>`SELECT id FROM patient ORDER BY id DESC LIMIT 50`.execute(db)).rows.map((r) => r.id);
    const fhirMs: number[] = [];
    const rawMs: number[] = [];
    for (const [i, p] of [...warmUp, ...patients].entries()) {
      const measured = i >= warmUp.length;
      let s = performance.now();
      const parsed = parseSearch(
        'Observation',
        { patient: p, _count: '100' },
        observationResource.searchParams,
        observationResource.includes,
      );
      // As the route does: the audit event staged, sealed into the chain off the request's path.
      const found = await fhirSearch(db, actor, observationResource, parsed, ['patient', '_count'], meta, { stageAudit: true });
      scheduleAuditSeal(db, (err) => {
        throw err;
      });
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'searchset',
        total: found.total,
        entry: found.matches.map((m) => ({ resource: m.resource })),
      });
      if (measured) fhirMs.push(performance.now() - s);
      s = performance.now();
      await client.query(
        `SELECT to_jsonb(r) FROM questionnaire_response r WHERE r.patient_id = $1 ORDER BY r.completed_at DESC LIMIT 100`,
        [p],
      );
      if (measured) rawMs.push(performance.now() - s);
    }
    await sealPendingAudit(db);
    const f = summarize(fhirMs);
    const r = summarize(rawMs);
    emit({
      name: 'fhir: search Observation?patient=X&_count=100 p99 (the use case, audited, and its Bundle as JSON)',
      value: f.p99,
      unit: 'ms',
      anchor: { name: 'the raw SQL of the same rows', value: r.p99 },
      target: { kind: 'ratio-at-most', max: 3 },
      details: { fhir: f, sql: r },
    });
  } finally {
    await client.end();
    await database.close();
  }
}
