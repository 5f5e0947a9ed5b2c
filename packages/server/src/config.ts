/**
 * The server's configuration: the only module that reads `process.env`. Parsed with zod; a wrong
 * value stops the start with a readable list of problems (see the table in README.md).
 *
 * @module
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

export const MODES = ['demo', 'test', 'production'] as const;
export type Mode = (typeof MODES)[number];

/** A proxy address KAIROS_TRUST_PROXY may name: an IP, a CIDR range, or one of proxy-addr's names. */
function isProxyAddress(a: string): boolean {
  if (a === 'loopback' || a === 'linklocal' || a === 'uniquelocal') return true;
  const [ip, prefix, extra] = a.split('/');
  if (extra !== undefined || ip === undefined || isIP(ip) === 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(ip) === 4 ? 32 : 128));
}

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses a signed duration such as `+2h`, `-30m`, `7d`, `1500ms` or a plain number of milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^\s*([+-]?)(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (m === null) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const unit = (m[3] ?? 'ms') as keyof typeof DURATION_UNITS_MS;
  return sign * Number(m[2]) * DURATION_UNITS_MS[unit];
}

const EnvSchema = z.object({
  KAIROS_MODE: z.enum(MODES).default('demo'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  KAIROS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  KAIROS_CLOCK_OFFSET: z
    .string()
    .refine((v) => parseDurationMs(v) !== undefined, 'must be a duration such as +2h, -30m or 7d')
    .optional(),
  KAIROS_CLOCK_SPEED: z.coerce.number().positive('must be greater than 0').max(10_000).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAIROS_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  KAIROS_TEST_HOLD_GROUP_COMMIT_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  KAIROS_WEB_DIST: z.string().min(1).optional(),
  KAIROS_TRUST_PROXY: z
    .string()
    .refine(
      (v) => v === 'true' || v === 'false' || v.split(',').every((a) => isProxyAddress(a.trim())),
      'must be false, true (a proxy on this machine), or the proxies’ addresses: IPs, CIDR ranges, loopback, linklocal or uniquelocal, comma-separated',
    )
    .default('false'),
  KAIROS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL such as smtp://mail.clinic.example:587')
    .optional(),
  KAIROS_MAIL_FROM: z
    .string()
    .refine((v) => mailFromAddress(v) !== undefined, 'must be an address such as "Kairos <no-reply@clinic.example>"')
    .default('Kairos <no-reply@kairos.invalid>'),
  KAIROS_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters (for example `openssl rand -base64 48`)').optional(),
  KAIROS_AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  KAIROS_MFA_KEY: z.string().min(32, 'must be at least 32 characters (for example `openssl rand -base64 48`)').optional(),
  KAIROS_AUDIT_UNKEYED_THROUGH: z
    .string()
    .regex(/^[1-9][0-9]{0,18}$/, 'must be the sequence number of an audit event')
    .optional(),
  KAIROS_HL7_PORT: z
    .string()
    .refine((v) => v === 'off' || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), 'must be off or a port from 0 to 65535')
    .optional(),
  KAIROS_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL such as https://kairos.clinic.example' })
    .optional(),
});

/** The address of a From setting (`Name <a@b>` or `a@b`), or undefined when there is none. */
export function mailFromAddress(from: string): string | undefined {
  const m = /^\s*(?:[^<>]*<\s*([^<>\s@]+@[^<>\s@]+)\s*>|([^<>\s@]+@[^<>\s@]+))\s*$/.exec(from);
  return m?.[1] ?? m?.[2];
}

export interface Config {
  readonly mode: Mode;
  readonly port: number;
  readonly host: string;
  /** Absolute path of the embedded database's data dir (used when `databaseUrl` is absent). */
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly clock: { readonly offsetMs: number; readonly speed: number };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly shutdownTimeoutMs: number;
  /** Absolute path of the built web app. */
  readonly webDist: string;
  /**
   * The addresses of the proxies in front of Kairos (none: false). X-Forwarded-For is believed only
   * hop by hop while the hop is one of them, so the client address is the one the outermost
   * trusted proxy saw and a client cannot choose its own by sending the header.
   */
  readonly trustProxy: string[] | false;
  /** Where patient messages are sent (`smtp://` or `smtps://`, credentials in the URL); unset: see docs/api-messages.md. */
  readonly smtpUrl: string | undefined;
  /** The From of patient messages. */
  readonly mailFrom: string;
  /** The address patients open (links in messages), without a trailing slash; unset: links are relative paths. */
  readonly publicUrl: string | undefined;
  /**
   * The key of the audit chain's HMAC, kept outside the database (required in production; demo and
   * test use a published development key, `DEVELOPMENT_AUDIT_KEY`).
   */
  readonly auditKey: string;
  /** Where the audit chain's head is anchored every 15 minutes besides the log (a path outside the database). */
  readonly auditAnchorFile: string | undefined;
  /**
   * The key that encrypts staff TOTP secrets at rest (AES-256-GCM), kept outside the database
   * (required in production; demo and test use a published development key, `DEVELOPMENT_MFA_KEY`).
   */
  readonly mfaKey: string;
  /**
   * For an installation whose chain began before it was keyed: the last event hashed without the
   * key. Kept here, outside the database, so that rows cannot be declared unkeyed by whoever can
   * write the table. Unset: every event must be keyed.
   */
  readonly auditUnkeyedThrough: string | undefined;
  /**
   * Demo and test only: how long a group of readings waits between its INSERT and its COMMIT, so a
   * crash test can kill the server there (0: not at all; refused in production).
   */
  readonly testHoldGroupCommitMs: number;
  /**
   * The HL7 v2 (MLLP) listener's port on `host` (null: off). Off unless set, except in demo mode,
   * where it is on at 2575 (IANA's port for HL7 over MLLP) unless set to off; `explicit` tells
   * whether it was set (a port the demo cannot take is then a warning, not a failed start).
   */
  readonly hl7: { readonly port: number; readonly explicit: boolean } | null;
}

/** The HL7 v2 listener's port in demo mode when KAIROS_HL7_PORT is not set (IANA's port for HL7 over MLLP). */
export const DEMO_HL7_PORT = 2575;

/** The audit key of demo and test mode: published, so no protection; production must set its own. */
export const DEVELOPMENT_AUDIT_KEY = 'kairos-development-audit-key: published, never for real use';

/** The TOTP-secret key of demo and test mode: published, so no protection; production must set its own. */
export const DEVELOPMENT_MFA_KEY = 'kairos-development-mfa-key: published, never for real use';

/** Thrown when the environment does not parse; the message lists every problem, one a line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Kairos cannot start: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Settings given on the command line, which win over the environment. */
export interface ConfigOverrides {
  port?: number;
}

/**
 * Reads the configuration from an environment (by default `process.env`).
 * Empty strings count as unset, so `PORT=` in a shell does not mean port 0.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const key = i.path.join('.');
        const given = typeof i.path[0] === 'string' ? cleaned[i.path[0]] : undefined;
        // The SMTP URL may carry a password, and the audit key is a secret: never echo them.
        const secret = key === 'KAIROS_SMTP_URL' || key === 'KAIROS_AUDIT_KEY' || key === 'KAIROS_MFA_KEY';
        return `${key}: ${i.message}${given === undefined || secret ? '' : ` (given "${given}")`}`;
      });
  if (cleaned.KAIROS_MODE === 'production') {
    for (const key of ['KAIROS_CLOCK_OFFSET', 'KAIROS_CLOCK_SPEED']) {
      if (cleaned[key] !== undefined) problems.push(`${key}: not allowed in production mode: the clock is the real clock`);
    }
    if (cleaned.KAIROS_TEST_HOLD_GROUP_COMMIT_MS !== undefined)
      problems.push('KAIROS_TEST_HOLD_GROUP_COMMIT_MS: not allowed in production mode: it only exists for the crash tests');
    if (cleaned.KAIROS_AUDIT_KEY === undefined)
      problems.push('KAIROS_AUDIT_KEY: required in production mode: the key of the audit chain, kept outside the database');
    if (cleaned.KAIROS_MFA_KEY === undefined)
      problems.push(
        'KAIROS_MFA_KEY: required in production mode: the key that encrypts staff second-factor secrets, kept outside the database',
      );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    mode: e.KAIROS_MODE,
    port: overrides.port ?? e.PORT,
    host: e.HOST,
    dataDir: resolve(e.KAIROS_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    clock: Object.freeze({
      offsetMs: e.KAIROS_CLOCK_OFFSET === undefined ? 0 : (parseDurationMs(e.KAIROS_CLOCK_OFFSET) ?? 0),
      speed: e.KAIROS_CLOCK_SPEED ?? 1,
    }),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.KAIROS_SHUTDOWN_TIMEOUT_MS,
    trustProxy:
      e.KAIROS_TRUST_PROXY === 'false'
        ? false
        : e.KAIROS_TRUST_PROXY === 'true'
          ? ['loopback']
          : e.KAIROS_TRUST_PROXY.split(',').map((a) => a.trim()),
    smtpUrl: e.KAIROS_SMTP_URL,
    mailFrom: e.KAIROS_MAIL_FROM,
    publicUrl: e.KAIROS_PUBLIC_URL?.replace(/\/+$/, ''),
    auditKey: e.KAIROS_AUDIT_KEY ?? DEVELOPMENT_AUDIT_KEY,
    auditAnchorFile: e.KAIROS_AUDIT_ANCHOR_FILE === undefined ? undefined : resolve(e.KAIROS_AUDIT_ANCHOR_FILE),
    auditUnkeyedThrough: e.KAIROS_AUDIT_UNKEYED_THROUGH,
    mfaKey: e.KAIROS_MFA_KEY ?? DEVELOPMENT_MFA_KEY,
    testHoldGroupCommitMs: e.KAIROS_TEST_HOLD_GROUP_COMMIT_MS,
    hl7:
      e.KAIROS_HL7_PORT === undefined
        ? e.KAIROS_MODE === 'demo'
          ? Object.freeze({ port: DEMO_HL7_PORT, explicit: false })
          : null
        : e.KAIROS_HL7_PORT === 'off'
          ? null
          : Object.freeze({ port: Number(e.KAIROS_HL7_PORT), explicit: true }),
    webDist: resolve(e.KAIROS_WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
  });
}
