/**
 * Slow work runs off the event loop, in a small pool of worker threads (piscina), so that it never
 * holds up health checks, device readings or alarms: PDFs (a long document), and the program
 * outcomes' course facts (a site's thousands of courses evaluated after a protocol change). Every
 * job has a time cap, a PDF a size cap too; a full queue answers "busy, try again" rather than
 * piling up work.
 *
 * The pool starts on the first job and its threads exit when idle; `closeWorkerPool` ends it at shutdown.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { AppError } from '../errors.js';
import type { CourseFactRows } from '../services/program-outcomes/internal/course-facts.js';
import type { ProgramAggregates, ProgramOutcomesConfig, ProgramOutcomesSummary } from '@kairos/core';
import type { Resource } from '@medplum/fhirtypes';
import type { FhirProblem } from '../fhir/fhir-validation.js';
import type { PdfJob, ProgramFactsJob, WorkerJob } from './worker-job.js';

/** Limits of one PDF job (system limits, not clinical numbers). */
export const PDF_LIMITS = Object.freeze({
  /** A job still running after this long is stopped (its thread is ended) and refused. */
  timeLimitMs: 15_000,
  /** A rendered PDF larger than this is refused. */
  maxBytes: 20 * 1024 * 1024,
  /** Jobs waiting for a thread, beyond which a new one is refused as busy. */
  maxQueue: 16,
  /** Heap of one worker thread, so one document cannot take the server's memory. */
  workerHeapMb: 256,
});

/** Limits of a program outcomes job: a batch of facts, the figures (a system limit: a batch of 1,000 courses takes about 0.2 s). */
export const FACTS_LIMITS = Object.freeze({ timeLimitMs: 120_000 });

/** Seconds a client is told to wait when the pool is busy. */
const BUSY_RETRY_SECONDS = 5;

/** The pool, once the first job asked for it (piscina itself is loaded then, not at the server's start). */
let pool: Promise<Piscina> | null = null;

function thePool(): Promise<Piscina> {
  pool ??= import('piscina').then(
    ({ Piscina }) =>
      new Piscina({
        // Beside this module: src/workers/worker.mjs (sources through tsx), or dist/worker.mjs
        // beside the compiled server (bin/compile.mjs). Both export the job runner by this name.
        filename: new URL('./worker.mjs', import.meta.url).href,
        name: 'runWorkerJob',
        // One core stays with the event loop.
        minThreads: 0,
        maxThreads: Math.max(1, Math.min(2, availableParallelism() - 1)),
        idleTimeout: 30_000,
        maxQueue: PDF_LIMITS.maxQueue,
        resourceLimits: { maxOldGenerationSizeMb: PDF_LIMITS.workerHeapMb },
      }),
  );
  return pool;
}

/** Why a job was refused: it ran past its time limit, or the pool's queue was full. */
type Refusal = 'time-limit' | 'busy';

/** Runs `job` in a worker thread; a job past `timeLimitMs` is stopped (its thread ended). */
async function runInWorker(job: WorkerJob, timeLimitMs: number, refuse: (why: Refusal) => AppError): Promise<unknown> {
  const signal = AbortSignal.timeout(timeLimitMs);
  try {
    const answer: unknown = await (await thePool()).run(job, { signal });
    done.set(job.kind, (done.get(job.kind) ?? 0) + 1);
    return answer;
  } catch (err) {
    if (signal.aborted) throw refuse('time-limit');
    if (err instanceof Error && /queue is at limit/i.test(err.message)) throw refuse('busy');
    throw err;
  }
}

/** Renders `job` in a worker thread; refuses (503) when it takes too long, the pool is busy, or the PDF is too large. */
export async function renderPdf(job: PdfJob, limits: { timeLimitMs?: number } = {}): Promise<Buffer> {
  const timeLimitMs = limits.timeLimitMs ?? PDF_LIMITS.timeLimitMs;
  const bytes = (await runInWorker(job, timeLimitMs, (why) =>
    why === 'time-limit'
      ? new AppError('SERVICE_UNAVAILABLE', `The PDF took longer than ${timeLimitMs / 1000} seconds to make and was stopped.`, {
          reason: 'pdf-time-limit',
          timeLimitMs,
        })
      : new AppError('SERVICE_UNAVAILABLE', 'Too many PDFs are being made right now; try again in a few seconds.', {
          reason: 'pdf-busy',
          retryAfterSeconds: BUSY_RETRY_SECONDS,
        }),
  )) as Uint8Array;
  if (bytes.byteLength > PDF_LIMITS.maxBytes)
    throw new AppError('SERVICE_UNAVAILABLE', 'The PDF would be too large to send.', {
      reason: 'pdf-too-large',
      bytes: bytes.byteLength,
      maxBytes: PDF_LIMITS.maxBytes,
    });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The refusal of a program outcomes job (a batch of facts, the figures) past its time limit or on a busy pool. */
const programRefusal =
  (timeLimitMs: number) =>
  (why: Refusal): AppError =>
    why === 'time-limit'
      ? new AppError(
          'SERVICE_UNAVAILABLE',
          `The program's figures took longer than ${timeLimitMs / 1000} seconds to compute and were stopped.`,
          {
            reason: 'facts-time-limit',
            timeLimitMs,
          },
        )
      : new AppError('SERVICE_UNAVAILABLE', "The server is busy; try the program's figures again in a few seconds.", {
          reason: 'worker-busy',
          retryAfterSeconds: BUSY_RETRY_SECONDS,
        });

/** Computes a batch of program courses' facts in a worker thread; refuses (503) when it takes too long or the pool is busy. */
export async function computeProgramFacts(
  job: Omit<ProgramFactsJob, 'kind'>,
  limits: { timeLimitMs?: number } = {},
): Promise<CourseFactRows> {
  const timeLimitMs = limits.timeLimitMs ?? FACTS_LIMITS.timeLimitMs;
  return (await runInWorker({ kind: 'program-facts', ...job }, timeLimitMs, programRefusal(timeLimitMs))) as CourseFactRows;
}

/** A site's program figures from its aggregated facts, computed in a worker thread; refuses (503) as `computeProgramFacts`. */
export async function summarizeProgramInWorker(
  aggregates: ProgramAggregates,
  config: ProgramOutcomesConfig,
): Promise<ProgramOutcomesSummary> {
  const timeLimitMs = FACTS_LIMITS.timeLimitMs;
  return (await runInWorker(
    { kind: 'program-summary', aggregates, config },
    timeLimitMs,
    programRefusal(timeLimitMs),
  )) as ProgramOutcomesSummary;
}

/** Jobs finished by the pool's threads since the process started, by kind. */
const done = new Map<WorkerJob['kind'], number>();

/** The validator's problems with a FHIR resource (none: valid), found in a worker thread; refuses (503) when busy or past 30 s. */
export async function validateFhirInWorker(resource: Resource): Promise<FhirProblem[]> {
  const timeLimitMs = 30_000;
  return (await runInWorker({ kind: 'fhir-validate', resource }, timeLimitMs, (why) =>
    why === 'time-limit'
      ? new AppError('SERVICE_UNAVAILABLE', `Checking the resource took longer than ${timeLimitMs / 1000} seconds and was stopped.`, {
          reason: 'fhir-validation-time-limit',
          timeLimitMs,
        })
      : new AppError('SERVICE_UNAVAILABLE', 'The server is busy; send the resource again in a few seconds.', {
          reason: 'worker-busy',
          retryAfterSeconds: BUSY_RETRY_SECONDS,
        }),
  )) as FhirProblem[];
}

/** How many jobs of `kind` the pool's worker threads have finished: how a test sees work was done off the event loop. */
export function jobsDoneInWorkers(kind: WorkerJob['kind']): number {
  return done.get(kind) ?? 0;
}

/** Ends the pool's threads (at shutdown). A later job starts a new pool. */
export async function closeWorkerPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await (await closing)?.destroy();
}
