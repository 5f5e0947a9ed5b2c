/**
 * A local mail capture server for demo and test mode: an SMTP server (smtp-server) on
 * 127.0.0.1 that accepts every message and keeps it in memory, with its raw header block and the
 * parsed Message-ID, From, To, Subject and plain text, so sent mail can be read
 * (`GET /api/dev/mail`, and tests). Nothing is relayed anywhere.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createClock, type Clock } from '../clock.js';

/** How many messages the capture keeps (the oldest go first): a long demo run stays small. */
export const CAPTURE_LIMIT = 1000;

export interface CapturedMessage {
  /** Arrival order, from 1. */
  seq: number;
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  /** The header block as received (unfolded lines kept as sent). */
  rawHeaders: string;
  messageId: string | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  /** The plain-text body, decoded (quoted-printable or base64, UTF-8), with `\n` line ends. */
  text: string;
}

/** A refusal the capture answers instead of accepting (to test retries). */
export interface SmtpRefusal {
  /** SMTP reply code, e.g. 451 (try again later) or 550. */
  code: number;
  message: string;
}

export interface CaptureOptions {
  /** 0 (default): an ephemeral port. */
  port?: number;
  limit?: number;
  /** Stamps `receivedAt` (the server's clock; by default the machine's). */
  clock?: Clock;
  /**
   * Called when a message has arrived (and is kept), before the capture replies. Return a refusal
   * to refuse it (it is then no longer kept); anything else replies 250. Tests use it to refuse,
   * or to kill the sending process before it hears the reply.
   */
  beforeReply?: (message: CapturedMessage) => SmtpRefusal | undefined | void | Promise<SmtpRefusal | undefined | void>;
}

export interface MailCapture {
  readonly port: number;
  /** `smtp://127.0.0.1:PORT`. */
  readonly url: string;
  /** The messages kept, oldest first. */
  messages: () => CapturedMessage[];
  clear: () => void;
  close: () => Promise<void>;
}

/** Unfolds a header block into (name, value) pairs, names lower-cased, in order. */
export function parseHeaders(block: string): [string, string][] {
  return block
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => {
      const i = line.indexOf(':');
      return i <= 0 ? undefined : ([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()] as [string, string]);
    })
    .filter((h): h is [string, string] => h !== undefined);
}

function decodeQuotedPrintableBytes(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i] as string;
    const hex = soft.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header value. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      (enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintableBytes(data.replace(/_/g, ' '))).toString('utf8'),
    );
}

/** Parses a raw RFC 5322 message as far as the capture needs (single-part plain text). */
export function parseRawMessage(raw: string): Pick<CapturedMessage, 'rawHeaders' | 'messageId' | 'from' | 'to' | 'subject' | 'text'> {
  const split = /\r?\n\r?\n/.exec(raw);
  const rawHeaders = split === null ? raw : raw.slice(0, split.index);
  const rawBody = split === null ? '' : raw.slice(split.index + split[0].length);
  const headers = parseHeaders(rawHeaders);
  const get = (name: string): string | null => headers.find(([n]) => n === name)?.[1] ?? null;
  const encoding = (get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintableBytes(rawBody).toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8')
        : rawBody;
  const header = (name: string) => {
    const v = get(name);
    return v === null ? null : decodeEncodedWords(v);
  };
  return {
    rawHeaders,
    messageId: get('message-id'),
    from: header('from'),
    to: header('to'),
    subject: header('subject'),
    text: decoded.replace(/\r\n/g, '\n').replace(/\n$/, ''),
  };
}

/** Starts a capture server on 127.0.0.1. */
export async function startMailCapture(options: CaptureOptions = {}): Promise<MailCapture> {
  const kept: CapturedMessage[] = [];
  const limit = options.limit ?? CAPTURE_LIMIT;
  const clock = options.clock ?? createClock();
  let seq = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'Kairos mail capture (demo/test): nothing is relayed',
    size: 10 * 1024 * 1024,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        const message: CapturedMessage = {
          seq: ++seq,
          receivedAt: clock.now().toISOString(),
          envelope: {
            from: session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          ...parseRawMessage(Buffer.concat(chunks).toString('utf8')),
        };
        // Kept as soon as it has arrived (a hook that kills the sender sees it kept); a refusal takes it back.
        kept.push(message);
        if (kept.length > limit) kept.splice(0, kept.length - limit);
        Promise.resolve(options.beforeReply?.(message)).then(
          (refusal) => {
            if (refusal !== undefined && refusal !== null) {
              const i = kept.indexOf(message);
              if (i >= 0) kept.splice(i, 1);
              callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
              return;
            }
            callback(null, 'OK: captured');
          },
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages: () => kept.map((m) => ({ ...m, envelope: { ...m.envelope, to: [...m.envelope.to] } })),
    clear: () => {
      kept.length = 0;
    },
    close: () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}
