/**
 * PDFs are rendered off the event loop, in a small pool of worker threads (piscina), so that a long
 * document never holds up health checks, device readings or alarms. Every job has a time cap and a
 * size cap; a full queue answers "busy, try again" rather than piling up work.
 *
 * The pool starts on the first PDF and its threads exit when idle; `closePdfPool` ends it at shutdown.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { AppError } from '../errors.js';
import type { PdfJob } from './render-pdf-job.js';

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

/** Seconds a client is told to wait when the pool is busy. */
const BUSY_RETRY_SECONDS = 5;

/** The pool, once the first PDF asked for it (piscina itself is loaded then, not at the server's start). */
let pool: Promise<Piscina> | null = null;

function thePool(): Promise<Piscina> {
  pool ??= import('piscina').then(
    ({ Piscina }) =>
      new Piscina({
        // Beside this module: src/workers/pdf-worker.mjs (sources through tsx), or dist/pdf-worker.mjs
        // beside the compiled server (bin/compile.mjs). Both export the renderer by this name.
        filename: new URL('./pdf-worker.mjs', import.meta.url).href,
        name: 'renderPdfJob',
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

/** Renders `job` in a worker thread; refuses (503) when it takes too long, the pool is busy, or the PDF is too large. */
export async function renderPdf(job: PdfJob, limits: { timeLimitMs?: number } = {}): Promise<Buffer> {
  const timeLimitMs = limits.timeLimitMs ?? PDF_LIMITS.timeLimitMs;
  const signal = AbortSignal.timeout(timeLimitMs);
  let bytes: Uint8Array;
  try {
    bytes = (await (await thePool()).run(job, { signal })) as Uint8Array;
  } catch (err) {
    if (signal.aborted)
      throw new AppError('SERVICE_UNAVAILABLE', `The PDF took longer than ${timeLimitMs / 1000} seconds to make and was stopped.`, {
        reason: 'pdf-time-limit',
        timeLimitMs,
      });
    if (err instanceof Error && /queue is at limit/i.test(err.message))
      throw new AppError('SERVICE_UNAVAILABLE', 'Too many PDFs are being made right now; try again in a few seconds.', {
        reason: 'pdf-busy',
        retryAfterSeconds: BUSY_RETRY_SECONDS,
      });
    throw err;
  }
  if (bytes.byteLength > PDF_LIMITS.maxBytes)
    throw new AppError('SERVICE_UNAVAILABLE', 'The PDF would be too large to send.', {
      reason: 'pdf-too-large',
      bytes: bytes.byteLength,
      maxBytes: PDF_LIMITS.maxBytes,
    });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** How many jobs the pool's worker threads have finished since it started (0 before the first PDF): how a test sees a PDF was made off the event loop. */
export async function pdfsMadeInWorkers(): Promise<number> {
  return pool === null ? 0 : (await pool).completed;
}

/** Ends the pool's threads (at shutdown). A later PDF starts a new pool. */
export async function closePdfPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await (await closing)?.destroy();
}
