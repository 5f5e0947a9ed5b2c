/**
 * The HL7 v2 listener over MLLP (issue 26): a TCP server on its own port (KAIROS_HL7_PORT; off by
 * default, on in demo mode). Each frame (VT, the message, FS CR) is one message, answered in order
 * with an ACK in a frame of its own:
 * - from an address on no site's list: AR, then the connection is closed (MLLP has no
 *   authentication; the list is the site's), the refusal audited (once a minute per address, with
 *   the count refused since);
 * - not an ORU^R01 of HL7 v2 with a control id: AR, naming why;
 * - otherwise the readings are recorded (`recordHl7Message`): AA after their commit, or AE naming
 *   what was not recorded.
 * Bytes outside a frame (other than line ends), a frame larger than `MAX_FRAME_BYTES`, a start
 * block inside a frame, or a frame left without its end for `FRAME_TIMEOUT_MS`: the connection is
 * dropped, nothing stored; the listener and the other connections go on. The log names the
 * address and what was wrong, never a message's content.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { HL7_ERROR_CODES, hl7Ack, type Hl7AckCode, type Hl7Notice } from '@kairos/core';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { audit } from '../services/audit.js';
import { DEVICE, type RequestMeta } from '../services/context.js';
import { findHl7Sender, plainAddress } from '../services/hl7/hl7-senders.js';
import { recordHl7Message, type Hl7Intake } from '../services/hl7/record-hl7-message.js';
import type { Db } from '../store/database.js';
import { parseOru, type Hl7Header } from './parse-oru.js';

const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;
const LF = 0x0a;

/** The largest message taken (a monitor's ORU^R01 of vital signs is a few kilobytes). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** How long a frame may stay without its end block. */
export const FRAME_TIMEOUT_MS = 10_000;
/** Messages of one connection waiting for their ACK at most (a sender that does not wait for them is dropped). */
const MAX_QUEUED = 50;
/** An unlisted address's refusals are audited at most this often (each with the count since). */
const UNLISTED_AUDIT_EVERY_MS = 60_000;
/** Connections at once. */
const MAX_CONNECTIONS = 500;

export interface Hl7ListenerOptions {
  port: number;
  host: string;
  db: () => Db;
  intake: Hl7Intake;
  clock: Clock;
  logger: Logger;
  /** Tests shorten it (default `FRAME_TIMEOUT_MS`). */
  frameTimeoutMs?: number;
}

export interface Hl7Listener {
  /** The port it listens on (the one given, or the one the system chose for 0). */
  readonly port: number;
  /** Stops accepting, lets the messages being recorded finish, then closes every connection. */
  close: () => Promise<void>;
}

/** `text` as the frame MLLP carries. */
export function mllpFrame(text: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(text, 'utf8'), Buffer.from([FS, CR])]);
}

/** A frame's bytes as text: UTF-8 when they are, else Latin-1 (ISO 8859-1, common in monitors' messages). */
function textOf(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

export function startHl7Listener(options: Hl7ListenerOptions): Promise<Hl7Listener> {
  const { logger } = options;
  const sockets = new Set<Socket>();
  /** When each unlisted address's refusal was last put on the record, and how many since. */
  const unlistedAudits = new Map<string, { atMs: number; refused: number }>();
  const inFlight = new Set<Promise<void>>();

  /** The ACK's code and notices for one message from `address`; `senderKnown` false when the address is on no list. */
  async function answer(text: string, address: string, requestId: string): Promise<{ ack: string; unlisted: boolean }> {
    const parsed = parseOru(text);
    const now = options.clock.now();
    const reply = (code: Hl7AckCode, header: Hl7Header, notices: readonly Hl7Notice[]) =>
      hl7Ack({ code, ...header, ackControlId: requestId.slice(0, 36), at: now, notices });
    const meta: RequestMeta = { requestId, clientAddress: address, now };
    const db = options.db();
    const sender = await findHl7Sender(db, address);
    if (sender === undefined) {
      return {
        unlisted: true,
        ack: reply('AR', parsed.header, [
          {
            location: { segment: 'MSH', sequence: 1 },
            error: HL7_ERROR_CODES.internal,
            severity: 'E',
            message: `this address (${address}) is not on any site's list of HL7 senders; ask the clinic's administrator to add it`,
          },
        ]),
      };
    }
    if (!parsed.ok) return { unlisted: false, ack: reply('AR', parsed.header, parsed.notices) };
    const outcome = await recordHl7Message(db, options.intake, sender, parsed.message, meta);
    return { unlisted: false, ack: reply(outcome.code, parsed.header, outcome.notices) };
  }

  /** The answer to a frame; an unexpected failure (the database down) is an AE the sender may resend after. */
  async function answerSafely(text: string, address: string): Promise<{ ack: string; unlisted: boolean }> {
    const requestId = randomUUID();
    try {
      return await answer(text, address, requestId);
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.name : 'error', address, requestId }, 'an HL7 message could not be recorded');
      const header = parseOru(text).header;
      return {
        unlisted: false,
        ack: hl7Ack({
          code: 'AE',
          ...header,
          ackControlId: requestId.slice(0, 36),
          at: options.clock.now(),
          notices: [
            {
              location: { segment: 'MSH', sequence: 1 },
              error: HL7_ERROR_CODES.internal,
              severity: 'E',
              message: 'Kairos could not record this message now (an error on the server); send it again',
            },
          ],
        }),
      };
    }
  }

  function serve(socket: Socket): void {
    sockets.add(socket);
    const address = plainAddress(socket.remoteAddress ?? '');
    let chunks: Buffer[] = [];
    let size = 0;
    let inFrame = false;
    /** An end block's FS ended the last chunk: its CR must come first in the next. */
    let awaitingCr = false;
    let frameTimer: NodeJS.Timeout | undefined;
    let queue: Promise<void> = Promise.resolve();
    let queued = 0;
    let closed = false;

    const drop = (why: string) => {
      if (closed) return;
      closed = true;
      logger.warn({ address, why }, 'HL7 connection dropped');
      socket.destroy();
    };
    const endFrame = () => {
      if (frameTimer !== undefined) clearTimeout(frameTimer);
      frameTimer = undefined;
      const text = textOf(Buffer.concat(chunks, size));
      chunks = [];
      size = 0;
      inFrame = false;
      if (++queued > MAX_QUEUED) return drop('too many messages waiting for their acknowledgment');
      const work = queue.then(async () => {
        if (closed) return;
        const { ack, unlisted } = await answerSafely(text, address);
        queued -= 1;
        if (closed) return;
        socket.write(mllpFrame(ack));
        if (unlisted) {
          // On the record once a minute per address (with how many were refused since), so a
          // sender retrying, or a scanner, cannot fill the audit trail.
          const last = unlistedAudits.get(address);
          const nowMs = options.clock.nowMs();
          if (last === undefined || nowMs - last.atMs >= UNLISTED_AUDIT_EVERY_MS) {
            unlistedAudits.set(address, { atMs: nowMs, refused: 0 });
            if (unlistedAudits.size > 10_000) unlistedAudits.delete(unlistedAudits.keys().next().value as string);
            await audit(
              options.db(),
              { requestId: randomUUID(), clientAddress: address, now: options.clock.now(), actor: DEVICE },
              {
                action: 'device',
                recordType: 'hl7_sender',
                recordId: address.slice(0, 50),
                outcome: 'denied',
                details: { channel: 'hl7-mllp', reason: 'address not on any site’s list', refusedSinceLastRecord: last?.refused ?? 0 },
              },
            ).catch((err: unknown) =>
              logger.error({ err: err instanceof Error ? err.name : 'error' }, 'an HL7 refusal could not be audited'),
            );
          } else last.refused += 1;
          closed = true;
          socket.end();
        }
      });
      queue = work;
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    };

    socket.on('data', (data: Buffer) => {
      let from = 0;
      if (awaitingCr && data.length > 0) {
        awaitingCr = false;
        if (data[0] !== CR) return drop('an end block without its carriage return');
        from = 1;
      }
      for (let i = from; i < data.length && !closed; i++) {
        const b = data[i] as number;
        if (!inFrame) {
          if (b === VT) {
            inFrame = true;
            from = i + 1;
            frameTimer = setTimeout(() => drop('a frame without its end block'), options.frameTimeoutMs ?? FRAME_TIMEOUT_MS);
            frameTimer.unref();
          } else if (b !== CR && b !== LF) return drop('bytes outside a frame');
          continue;
        }
        if (b === VT) return drop('a start block inside a frame');
        if (b === FS) {
          // The end block is FS CR; the CR may come in the next chunk.
          const piece = data.subarray(from, i);
          chunks.push(piece);
          size += piece.length;
          if (size > MAX_FRAME_BYTES) return drop('a frame larger than the limit');
          if (i + 1 >= data.length) awaitingCr = true;
          else if (data[i + 1] !== CR) return drop('an end block without its carriage return');
          i += 1;
          endFrame();
          from = i + 1;
        }
      }
      if (inFrame && !closed && from < data.length) {
        const piece = data.subarray(from);
        chunks.push(piece);
        size += piece.length;
        if (size > MAX_FRAME_BYTES) drop('a frame larger than the limit');
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      if (frameTimer !== undefined) clearTimeout(frameTimer);
      sockets.delete(socket);
    });
    socket.setKeepAlive(true, 60_000);
  }

  const server: Server = createServer(serve);
  server.maxConnections = MAX_CONNECTIONS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      server.on('error', (err) => logger.error({ err: err.name }, 'the HL7 listener failed'));
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      logger.info({ port }, 'HL7 v2 (MLLP) listener ready');
      let closing: Promise<void> | undefined;
      resolve({
        port,
        close: () =>
          (closing ??= (async () => {
            const stopped = new Promise<void>((r) => server.close(() => r()));
            await Promise.allSettled([...inFlight]);
            for (const s of sockets) s.destroy();
            await stopped;
          })()),
      });
    });
  });
}
