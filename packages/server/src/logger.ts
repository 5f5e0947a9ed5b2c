/**
 * Logging: pino JSON lines with a request id. No patient data in logs: request logs carry the
 * method, the route pattern and the path without its query string (a search by name must not
 * leave the name in a log; a route whose path holds a secret logs its pattern instead), and
 * well-known personal fields are redacted wherever they appear.
 *
 * @module
 */
import pino, { type DestinationStream, type Logger } from 'pino';

/** Field names that may hold personal or secret data; redacted at any depth we log. */
export const REDACTED_FIELDS = [
  'password',
  'newPassword',
  'token',
  'secret',
  'firstName',
  'lastName',
  'name',
  'givenName',
  'familyName',
  'birthDate',
  'dateOfBirth',
  'email',
  'phone',
  'address',
  'mrn',
  'body',
  'query',
  'cookie',
  'authorization',
];

const redactPaths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

/** Route parameters that are secrets (a calendar feed's token): their routes log the pattern, never the path. */
const SECRET_PARAMS = /:(token|secret|code)\b/;

/** The path a request log carries: without its query string, and not at all where the path holds a secret. */
export function pathOf(url: string | undefined, route: string | undefined): string | undefined {
  if (typeof url !== 'string') return undefined;
  if (route !== undefined && SECRET_PARAMS.test(route)) return route;
  return url.split('?')[0];
}

/** Creates the process logger. `destination` defaults to stdout; CLI commands pass stderr. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'kairos' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        req: (req: { id?: string; method?: string; url?: string; routeOptions?: { url?: string } }) => ({
          id: req.id,
          method: req.method,
          route: req.routeOptions?.url,
          path: pathOf(req.url, req.routeOptions?.url),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination ?? pino.destination(1),
  );
}

export type { Logger };
