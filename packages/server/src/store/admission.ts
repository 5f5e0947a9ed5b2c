/**
 * Fair admission to the database's connections (issue 21). Under overload, work that may raise an
 * alarm (readings) and the live streams that carry alarms get the next free connection before
 * anything else, and no request waits for one longer than a second: past that it is answered 503
 * with Retry-After, which a monitor or a browser retries, instead of queueing without end (one
 * board request once waited 29-104 s behind 200 monitors on the embedded database).
 *
 * The HTTP layer says which requests come first and that their waits are limited
 * (`runAdmitted`, admission-context.ts); work outside a request (timers, sealing the audit chain, migrations) waits as
 * long as it must, after the requests served first.
 *
 * @module
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { admissionNow, type AdmissionPriority } from '../admission-context.js';
import { AppError } from '../errors.js';

export { runAdmitted } from '../admission-context.js';

/** System limits, not clinical numbers. */
export const ADMISSION_LIMITS = Object.freeze({
  /** The longest a request waits for a connection before it is answered 503. */
  maxWaitMs: 1_000,
  /** What the 503 tells the client to wait before trying again (Retry-After). */
  retryAfterSeconds: 1,
});

interface Waiter {
  readonly grant: () => void;
  timer: NodeJS.Timeout | undefined;
}

export interface AdmittedPool extends PostgresPool {
  /** Requests and jobs waiting for a connection now. */
  readonly waiting: () => number;
}

/**
 * `pool` with at most `capacity` connections out at once, handed out first to `first` waiters,
 * then to the others, each in the order they asked.
 */
export function admittedPool(
  pool: PostgresPool,
  { capacity, maxWaitMs = ADMISSION_LIMITS.maxWaitMs }: { capacity: number; maxWaitMs?: number },
): AdmittedPool {
  let out = 0;
  const queues: Record<AdmissionPriority, Waiter[]> = { first: [], normal: [] };

  const handOut = (): void => {
    while (out < capacity) {
      const next = queues.first.shift() ?? queues.normal.shift();
      if (next === undefined) return;
      clearTimeout(next.timer);
      out++;
      next.grant();
    }
  };

  const admit = (): Promise<void> => {
    if (out < capacity && queues.first.length === 0 && queues.normal.length === 0) {
      out++;
      return Promise.resolve();
    }
    const ctx = admissionNow();
    const queue = queues[ctx?.priority ?? 'normal'];
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, timer: undefined };
      if (ctx?.limited === true) {
        waiter.timer = setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(
            new AppError('SERVICE_UNAVAILABLE', 'The database is too busy just now; try again in a moment.', {
              reason: 'database-busy',
              retryAfterSeconds: ADMISSION_LIMITS.retryAfterSeconds,
            }),
          );
        }, maxWaitMs);
      }
      queue.push(waiter);
    });
  };

  const giveBack = (): void => {
    out--;
    handOut();
  };

  return {
    waiting: () => queues.first.length + queues.normal.length,
    async connect(): Promise<PostgresPoolClient> {
      await admit();
      let client: PostgresPoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        giveBack();
        throw err;
      }
      // A view of the client whose release also gives the place back, once (the pool's own client
      // is reused by later checkouts, so it is not changed).
      let released = false;
      const view: PostgresPoolClient = {
        query: client.query.bind(client),
        release: () => {
          if (released) return;
          released = true;
          client.release();
          giveBack();
        },
      };
      return view;
    },
    end: () => pool.end(),
  };
}
