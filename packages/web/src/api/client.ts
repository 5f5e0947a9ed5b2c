/**
 * Typed fetch for the Kairos API. Every failure becomes an ApiError carrying the server's
 * `{ error: { code, message, details } }`, or a NETWORK error when the server cannot be reached.
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

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Kairos cannot be reached. Check the connection and try again.');
  }
  const text = await res.text();
  const body: unknown = text === '' ? undefined : JSON.parse(text);
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
    throw new ApiError(res.status, e?.code ?? 'HTTP_' + res.status, e?.message ?? res.statusText, e?.details ?? {});
  }
  return body as T;
}

export interface Health {
  status: 'ok';
  engine: 'pglite' | 'postgres';
  migration: string | null;
  uptimeSeconds: number;
  mode: 'demo' | 'test' | 'production';
  version: string;
}
