/**
 * Typed fetch for the Kairos API. Every failure becomes an ApiError carrying the server's
 * `{ error: { code, message, details } }`, or a NETWORK error when the server cannot be reached.
 *
 * The session cookie is httpOnly and travels by itself; what the client adds is the CSRF token
 * (header `x-csrf-token`) on every request that changes something, and a small event stream so
 * the session can follow activity (any answered request extends the idle expiry) and notice when
 * the server no longer knows the session (401 UNAUTHENTICATED).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What apiFetch tells its listeners after each request the server answered. */
export interface ApiEvent {
  method: string;
  path: string;
  status: number;
}

type ApiListener = (event: ApiEvent) => void;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
let csrfToken: string | undefined;
const listeners = new Set<ApiListener>();

/** The CSRF token of the current session (from GET or POST /api/session); undefined when signed out. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Listens to every answered request; returns the function that stops listening. */
export function onApiEvent(listener: ApiListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined && init.body !== null) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      ...init,
      method,
      headers: { ...headers, ...(init.headers ?? {}) },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Kairos cannot be reached. Check the connection and try again.');
  }
  for (const listener of listeners) listener({ method, path, status: res.status });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(res.status, 'HTTP_' + res.status, res.ok ? 'The server answered something that is not JSON.' : res.statusText);
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
    throw new ApiError(res.status, e?.code ?? 'HTTP_' + res.status, e?.message ?? res.statusText, e?.details ?? {});
  }
  return body as T;
}

/** A request with a JSON body (POST, PATCH, PUT, DELETE). */
export function apiSend<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return apiFetch<T>(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** The field-level problems of a 400 VALIDATION_FAILED, by field name (first message wins). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const issues = error.details.issues;
  if (!Array.isArray(issues)) return {};
  const out: Record<string, string> = {};
  for (const issue of issues as { field?: unknown; message?: unknown }[]) {
    if (typeof issue.field !== 'string' || typeof issue.message !== 'string') continue;
    // "birthDate", "body.birthDate" or "body/birthDate": the form knows the last part.
    const field = issue.field.split(/[./]/).pop() ?? issue.field;
    if (out[field] === undefined) out[field] = issue.message;
  }
  return out;
}
