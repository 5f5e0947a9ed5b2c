/**
 * Which requests the database serves first under overload, and that a request's wait for a
 * connection is limited: set by the HTTP layer for each request (`runAdmitted`), read by the
 * database's fair admission (store/admission.ts). Work outside a request has no context: it is
 * served after the requests that come first, and waits as long as it must.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** `first`: readings (which may raise an alarm) and live streams; `normal`: everything else. */
export type AdmissionPriority = 'first' | 'normal';

export interface AdmissionContext {
  readonly priority: AdmissionPriority;
  /** A request: its wait for a connection is limited. */
  readonly limited: boolean;
}

const context = new AsyncLocalStorage<AdmissionContext>();

/** Runs `fn` (and everything it starts) as a request of this priority, its waits limited. */
export function runAdmitted<T>(priority: AdmissionPriority, fn: () => T): T {
  return context.run({ priority, limited: true }, fn);
}

/** The admission context of the work running now; undefined outside a request. */
export function admissionNow(): AdmissionContext | undefined {
  return context.getStore();
}
