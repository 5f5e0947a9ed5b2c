/**
 * Messages in a running server: where mail goes, and the sweep the server runs every clock
 * minute (queue what is due, then deliver).
 *
 * - `KAIROS_SMTP_URL` set: mail goes there (nodemailer).
 * - demo or test mode without it: an in-process capture server on 127.0.0.1 receives it
 *   (readable at `GET /api/dev/mail`); nothing leaves the machine.
 * - production without it: messages are queued and stay queued; the log says so once.
 *
 * @module
 */
import type { MessageDelivery } from '@kairos/api';
import nodemailer from 'nodemailer';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Database, Db } from '../store/database.js';
import { startMailCapture, type MailCapture } from './capture.js';
import { messageSettings, produceDueMessages } from './producers.js';
import { deliverDue, MESSAGE_DELIVERY, type DeliverResult, type MailTransport } from './sender.js';

/**
 * How often (clock time) the sweep looks for messages to queue; delivery runs every sweep. Not a
 * clinical number: the producers' queries walk every active enrollment, which a minute does not need.
 */
export const PRODUCE_EVERY_MS = 15 * 60_000;

export type Delivery = MessageDelivery;

export interface MessagesRuntime {
  /** Where mail goes: a real SMTP server, the local capture, or nowhere yet (queued). */
  readonly delivery: Delivery;
  /** The capture server (demo and test mode without `KAIROS_SMTP_URL`). */
  readonly capture: MailCapture | undefined;
  /** One sweep now: queue what is due (at most every {@link PRODUCE_EVERY_MS}), then deliver. */
  sweep: () => Promise<void>;
  /** Delivers soon, outside the caller's request (after staff queued a message). */
  deliverSoon: () => void;
  close: () => Promise<void>;
}

/** A nodemailer SMTP transport with timeouts shorter than the claim lease. */
export function createSmtpTransport(url: string): MailTransport & { close: () => void } {
  return nodemailer.createTransport({
    url,
    connectionTimeout: MESSAGE_DELIVERY.smtpConnectionTimeoutMs,
    greetingTimeout: MESSAGE_DELIVERY.smtpGreetingTimeoutMs,
    socketTimeout: MESSAGE_DELIVERY.smtpSocketTimeoutMs,
  });
}

/** A transport to a local capture server: plain SMTP on loopback. */
export function createCaptureTransport(port: number): MailTransport & { close: () => void } {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
}

export async function startMessages({
  config,
  database,
  clock,
  logger,
}: {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
}): Promise<MessagesRuntime> {
  const db: Db = database.db;
  const capture = config.smtpUrl === undefined && config.mode !== 'production' ? await startMailCapture({ clock }) : undefined;
  const url = config.smtpUrl ?? capture?.url;
  // A capture server on loopback speaks plain SMTP; a real one upgrades with STARTTLS when offered.
  const transport = url === undefined ? undefined : capture !== undefined ? createCaptureTransport(capture.port) : createSmtpTransport(url);
  const delivery: Delivery = config.smtpUrl !== undefined ? 'smtp' : capture !== undefined ? 'capture' : 'off';
  if (delivery === 'off')
    logger.warn('KAIROS_SMTP_URL is not set: patient messages are queued and stay queued until it is (docs/api-messages.md)');
  else logger.info({ delivery, ...(capture !== undefined ? { capturePort: capture.port } : {}) }, 'patient messages: delivery ready');
  const settings = messageSettings(config);
  // The lease is clock time: with a sped-up demo clock, a real-time send must still fit in it.
  const leaseMs = MESSAGE_DELIVERY.leaseMs * config.clock.speed;
  let lastProducedMs = -Infinity;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const deliver = async (): Promise<DeliverResult> =>
    deliverDue(db, transport, () => clock.now(), { from: config.mailFrom, leaseMs, logger });
  const pass = async (produce: boolean): Promise<void> => {
    if (produce && clock.nowMs() - lastProducedMs >= PRODUCE_EVERY_MS) {
      lastProducedMs = clock.nowMs();
      const queued = await produceDueMessages(db, clock.now(), settings, logger);
      if (queued.preSession + queued.followUp > 0) logger.info(queued, 'patient messages queued');
    }
    const delivered = await deliver();
    if (delivered.sent + delivered.retrying + delivered.failed > 0) logger.info(delivered, 'patient messages delivered');
  };
  // One pass at a time in this process; a request made during a pass runs once more after it.
  const run = (produce: boolean): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pass(produce);
        } while (again && !closed);
      } catch (err) {
        logger.warn({ err: err instanceof Error ? err.name : 'error' }, 'message sweep failed');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  return {
    delivery,
    capture,
    sweep: () => run(true),
    deliverSoon: () => {
      setImmediate(() => void run(false));
    },
    close: async () => {
      closed = true;
      await running;
      (transport as { close?: () => void } | undefined)?.close?.();
      await capture?.close();
    },
  };
}
