/**
 * Logging: pino JSON lines with a request id. No patient data in logs: request logs carry the
 * method, the route pattern and the path without its query string (a search by name must not
 * leave the name in a log), and well-known personal fields are redacted wherever they appear.
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
          path: typeof req.url === 'string' ? req.url.split('?')[0] : undefined,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination ?? pino.destination(1),
  );
}

export type { Logger };
