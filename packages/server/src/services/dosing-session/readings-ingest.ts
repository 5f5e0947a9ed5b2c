/**
 * Group commit of monitors' readings. Each POST of a monitor used to be its own transaction: a
 * dozen statements, the audit chain's lock and one fsync per request. Here requests that arrive
 * while a group is being stored wait for the next group, and a group is stored in one transaction
 * (`storeReadingsTogether`: one lock of its sessions, one read of their context, one INSERT of its
 * readings, one statement for its live events and its audit events, staged without the chain's
 * lock and sealed after the commit through `afterCommit`; one commit). A request is answered only after its group
 * committed, so every acknowledged reading is durable; a request alone is stored exactly as
 * before (`recordReadings`). When a group fails as a whole (a statement, or the commit), each of
 * its requests is stored alone, so no request fails another; client ids make that retry safe.
 *
 * @module
 */
import type { SessionReadingsResult } from '@kairos/api';
import { appendAuditRecord } from '../audit.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { storeAloneIn, storeReadingsTogether, type ReadingsRequest } from './record-readings.js';

export interface ReadingsIngestOptions {
  /** Groups stored at once (transactions in flight): 1 on the embedded database (one connection). */
  concurrency: number;
  /** The most requests in one group. */
  maxRequests?: number;
  /** The most readings in one group (a batch larger than this is a group of its own). */
  maxReadings?: number;
  /** Told each group's size as it is formed (metrics, tests). */
  onGroup?: (requests: number) => void;
  /** Stores a group in its transaction (tests replace it to make a group fail). */
  storeTogether?: typeof storeReadingsTogether;
  /**
   * Called after a group or a request alone committed: its audit events were staged
   * (`stageAuditRecords`), and this has them sealed into the chain (`scheduleAuditSeal`).
   */
  afterCommit?: () => void;
}

export interface ReadingsIngest {
  /** Stores one request's readings with whatever others arrive at the same time; its answer after the commit. */
  submit: (request: ReadingsRequest) => Promise<SessionReadingsResult>;
  /** Requests waiting for a group or being stored (for load shedding and the health view). */
  pending: () => number;
}

interface Waiting {
  request: ReadingsRequest;
  resolve: (result: SessionReadingsResult) => void;
  reject: (error: unknown) => void;
}

/** Defaults: a group of 200 requests or 5,000 readings holds its sessions' locks for a few milliseconds. */
const MAX_REQUESTS = 200;
const MAX_READINGS = 5_000;
/** The audit events of readings are staged, not chained under the chain's lock (the caller seals them). */
const STAGED = { stageAudit: true } as const;

export function createReadingsIngest(db: () => Db, options: ReadingsIngestOptions): ReadingsIngest {
  const maxRequests = options.maxRequests ?? MAX_REQUESTS;
  const maxReadings = options.maxReadings ?? MAX_READINGS;
  const storeTogether = options.storeTogether ?? storeReadingsTogether;
  // Staged only when something seals them after the commit.
  const staged = options.afterCommit === undefined ? {} : STAGED;
  const queue: Waiting[] = [];
  let inGroups = 0;
  let workers = 0;

  function take(): Waiting[] {
    const group: Waiting[] = [];
    let readings = 0;
    for (;;) {
      const next = queue[0];
      if (next === undefined || group.length >= maxRequests) break;
      if (group.length > 0 && readings + next.request.readings.length > maxReadings) break;
      queue.shift();
      group.push(next);
      readings += next.request.readings.length;
    }
    return group;
  }

  /** One request in its own transaction, as `recordReadings` stores it: its refusal rolls it back (`transact` records an audited one). */
  async function storeAlone(database: Db, request: ReadingsRequest): Promise<SessionReadingsResult> {
    const result = await transact(database, (tx) => storeAloneIn(tx, request, storeTogether, staged));
    options.afterCommit?.();
    return result;
  }

  async function storeGroup(group: readonly Waiting[]): Promise<void> {
    const database = db();
    if (group.length === 1) {
      const [only] = group as [Waiting];
      await storeAlone(database, only.request).then(only.resolve, only.reject);
      return;
    }
    let outcomes;
    try {
      outcomes = await database.transaction().execute((tx) =>
        storeTogether(
          tx,
          group.map((w) => w.request),
          staged,
        ),
      );
      options.afterCommit?.();
    } catch {
      // The group failed as a whole: each request alone, so one request's trouble is its own.
      await Promise.all(group.map((w) => storeAlone(database, w.request).then(w.resolve, w.reject)));
      return;
    }
    for (const [i, w] of group.entries()) {
      const outcome = outcomes[i];
      if (outcome?.ok === true) {
        w.resolve(outcome.result);
        continue;
      }
      const error = outcome?.error;
      // A refusal is on the record even though nothing of its request was stored (as `transact` does alone).
      if (error instanceof AuditedRefusal) await appendAuditRecord(database, error.audit).then(() => w.reject(error), w.reject);
      else w.reject(error);
    }
  }

  /**
   * Lets the requests that have arrived join before a group is taken: a turn of the event loop
   * (`setImmediate` runs after the I/O of the current turn). On the embedded database a statement
   * resolves without giving I/O a turn, so without this each group would be one request: the
   * worker would take the first request of a turn before the others had reached the queue.
   */
  const gather = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  async function work(): Promise<void> {
    try {
      for (;;) {
        await gather();
        const group = take();
        if (group.length === 0) break;
        inGroups += group.length;
        options.onGroup?.(group.length);
        try {
          await storeGroup(group);
        } finally {
          inGroups -= group.length;
        }
      }
    } finally {
      workers--;
    }
  }

  return {
    submit(request) {
      return new Promise<SessionReadingsResult>((resolve, reject) => {
        queue.push({ request, resolve, reject });
        if (workers < options.concurrency) {
          workers++;
          void work();
        }
      });
    },
    pending: () => queue.length + inGroups,
  };
}
