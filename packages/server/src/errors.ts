/**
 * One error type for expected failures, and one table from its codes to HTTP statuses.
 * `/api` answers `{ error: { code, message, details } }`; a 500 says nothing but a request id.
 *
 * @module
 */

/** Every error code the API answers with, and its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  /**
   * The act needs a fresh step-up proof (missing, used, expired, for another act). A 403, not a 401:
   * the person's own sign-in is fine and stays (a 401 tells the web its sign-in has ended).
   */
  STEP_UP_REQUIRED: 403,
  /** The person who proved the step-up may not give this check (they ordered the dose, or are not licensed). */
  CHECKER_NOT_ALLOWED: 403,
  /** A correct password of someone with a second factor, without its code: ask for the code. */
  SECOND_FACTOR_REQUIRED: 401,
  /** A sign-in that must set up its second factor before anything else (production). */
  SECOND_FACTOR_ENROLMENT_REQUIRED: 403,
  /** A sign-in whose password an administrator chose: it may only choose its own first. */
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure: a code from the table, a message for people, and structured details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Shorthand for the common 404: names the kind of record and the id that was not found. */
export function notFound(kind: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${kind} ${id} was not found`, { kind, id });
}

/** Connection failures (the socket's codes) and PostgreSQL's connection and shutdown SQLSTATEs. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);

/** Whether an error says the database cannot be reached now (rather than that a query is wrong). */
export function isDatabaseUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(err.message);
}
