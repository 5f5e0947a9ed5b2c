/**
 * Starts and stops the Kairos server: configuration, database, migrations, HTTP, shutdown.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createLiveBus, type LiveBus } from './events/live-events.js';
import { buildApp } from './http/build-app.js';
import { startHl7Listener, type Hl7Listener } from './hl7/mllp-listener.js';
import { startDemoLiveFeed } from './services/demo/live-feed.js';
import { raiseTimedAlerts } from './services/dosing-session/raise-timed-alerts.js';
import { sweepEnrollmentCourses } from './services/enrollment/sweep-enrollment-courses.js';
import { expireFhirExports } from './services/fhir/bulk-export/fhir-export-access.js';
import { messageSettings } from './messages/producers.js';
import { isEmpty, loadDemo } from './services/demo/load-demo.js';
import { createLogger, type Logger } from './logger.js';
import { startMessages, type MessagesRuntime } from './messages/runtime.js';
import { openEmbedded, openPostgres, type Database } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { useAuditKey } from './services/audit.js';
import { AUDIT_ANCHOR_MINUTES, writeAuditAnchor } from './services/audit-anchor.js';
import { sealPendingAudit } from './services/audit.js';
import { closeWorkerPool } from './workers/worker-pool.js';

/** Opens the configured database: PostgreSQL with DATABASE_URL, else the embedded data dir. */
export async function openConfiguredDatabase(config: Config, command: string): Promise<Database> {
  return config.databaseUrl !== undefined ? openPostgres(config.databaseUrl) : openEmbedded(config.dataDir, command);
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  /** The HL7 v2 (MLLP) listener's port, or null when it is off. */
  readonly hl7Port: number | null;
  readonly database: Database;
  readonly clock: Clock;
  /** Stops accepting, finishes requests in flight, closes the database. Idempotent. */
  close: () => Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** An already open database (tests); by default the configured one is opened. */
  database?: Database;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? createClock(config.clock);
  // Where the start goes, logged once ready (the restart target of issue 21 is 2 s to ready).
  const startupMs: Record<string, number> = { loading: Math.round(performance.now()) };
  let phaseStart = performance.now();
  const phaseDone = (name: string): void => {
    const now = performance.now();
    startupMs[name] = Math.round(now - phaseStart);
    phaseStart = now;
  };
  const database = options.database ?? (await openConfiguredDatabase(config, 'kairos serve'));
  phaseDone('database');
  let app: FastifyInstance | undefined;
  let bus: LiveBus | undefined;
  let messages: MessagesRuntime | undefined;
  let hl7: Hl7Listener | undefined;
  const localAdminToken = randomBytes(32).toString('hex');
  useAuditKey(config.auditKey);
  try {
    const applied = await migrateToLatest(database.db);
    phaseDone('migrations');
    logger.info({ engine: database.engine, applied }, applied.length > 0 ? 'migrations applied' : 'database up to date');
    if (config.mode === 'demo' && (await isEmpty(database.db))) {
      const loaded = await loadDemo(database.db, clock.now(), { stock: true, history: true });
      logger.info(loaded, 'demo clinic loaded');
    }
    phaseDone('demo');
    bus = await createLiveBus({
      ...(database.engine === 'postgres' && config.databaseUrl !== undefined ? { postgresUrl: config.databaseUrl } : {}),
      onError: (err) => logger.error({ err: err instanceof Error ? err.name : 'error' }, 'live-event listener failed'),
      onReconnect: () => logger.info('live-event listener reconnected'),
    });
    messages = await startMessages({ config, database, clock, logger });
    phaseDone('events');
    app = await buildApp({ config, database, clock, logger, startedAtMs: clock.nowMs(), localAdminToken, bus, messages });
    phaseDone('app');
    await app.listen({ port: config.port, host: config.host });
    phaseDone('listen');
    hl7 = await openHl7Listener(config, app, database, clock, logger);
    app.hl7Listener.port = hl7?.port ?? null;
  } catch (err) {
    await hl7?.close();
    await app?.close();
    await messages?.close();
    await bus?.close();
    await database.close();
    throw err;
  }
  const liveBus = bus;
  const outbox = messages;
  const hl7Listener = hl7;
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // The lock file (mode 0600, in the data dir) tells the local kairos command where we are and
  // how to prove it may ask us for backups and checks.
  database.lock?.update({ url, adminToken: localAdminToken });
  if (config.mode !== 'production' && (config.clock.offsetMs !== 0 || config.clock.speed !== 1)) {
    logger.warn({ offsetMs: config.clock.offsetMs, speed: config.clock.speed }, 'the clock is offset or sped up (demo/test mode)');
  }
  const stopFeed = config.mode === 'demo' ? startDemoLiveFeed(database.db, clock, liveBus, logger, config.clock.speed) : () => undefined;
  // Alarms time alone raises (overdue items, the planned end, the bag infused, unacknowledged
  // escalations): checked every (clock) minute. Patient messages: queue what is due (pre-session,
  // follow-up) and deliver (messages/runtime.ts), the same minute.
  const alarmSettings = messageSettings(config);
  const overdueTimer = setInterval(
    () => {
      raiseTimedAlerts(database.db, clock.now(), alarmSettings).then(
        (n) => n > 0 && liveBus.nudge(),
        (err: unknown) => logger.warn({ err: err instanceof Error ? err.name : 'error' }, 'overdue check failed'),
      );
      void outbox.sweep();
      // FHIR exports' files past their time (a site setting) are deleted.
      expireFhirExports(database.db, clock.now()).catch((err: unknown) =>
        logger.warn({ err: err instanceof Error ? err.name : 'error' }, 'FHIR export expiry failed'),
      );
      // The enrollment's time-based steps (protocol-defaults.md, enrollment states).
      sweepEnrollmentCourses(database.db, clock.now()).then(
        (n) => n > 0 && liveBus.nudge(),
        (err: unknown) => logger.warn({ err: err instanceof Error ? err.name : 'error' }, 'enrollment course sweep failed'),
      );
    },
    Math.max(1000, 60_000 / config.clock.speed),
  );
  void outbox.sweep();
  overdueTimer.unref();
  // The audit chain's head, anchored outside the database at start and every 15 minutes.
  const anchor = () =>
    writeAuditAnchor(database.db, { file: config.auditAnchorFile, logger, now: clock.now() }).catch((err: unknown) =>
      logger.error({ err: err instanceof Error ? err.message : 'error' }, 'the audit anchor could not be written'),
    );
  void anchor();
  const anchorTimer = setInterval(() => void anchor(), AUDIT_ANCHOR_MINUTES * 60_000);
  anchorTimer.unref();
  phaseDone('timers');
  // loading: from the process's start to here being called (Node, the compiled server's modules).
  logger.info({ startupMs: { ...startupMs, total: Math.round(performance.now()) } }, 'ready');
  let closing: Promise<void> | undefined;
  const running = app;
  return {
    app: running,
    url,
    hl7Port: hl7Listener?.port ?? null,
    database,
    clock,
    close: () =>
      (closing ??= (async () => {
        stopFeed();
        clearInterval(overdueTimer);
        clearInterval(anchorTimer);
        try {
          // Monitors' messages being recorded finish (and are acknowledged) before the app closes.
          await hl7Listener?.close();
          await running.close();
          // Readings' audit events staged by the last groups, chained before the database closes.
          await sealPendingAudit(database.db).catch((err: unknown) =>
            logger.error({ err: err instanceof Error ? err.name : 'error' }, 'staged audit events could not be sealed'),
          );
        } finally {
          await outbox.close();
          await liveBus.close();
          await closeWorkerPool();
          await database.close();
        }
      })()),
  };
}

/**
 * The HL7 v2 listener when the configuration turns it on. A port that was set and cannot be taken
 * stops the start; the demo's default port taken by something else is a warning (the demo runs
 * without it: set KAIROS_HL7_PORT to another port).
 */
async function openHl7Listener(
  config: Config,
  app: FastifyInstance,
  database: Database,
  clock: Clock,
  logger: Logger,
): Promise<Hl7Listener | undefined> {
  if (config.hl7 === null) return undefined;
  const { readingRate, ingest } = app.deviceIntake;
  try {
    return await startHl7Listener({
      port: config.hl7.port,
      host: config.host,
      db: () => database.db,
      intake: { readingRate, ingest },
      clock,
      logger,
    });
  } catch (err) {
    if (config.hl7.explicit) throw err;
    logger.warn(
      { port: config.hl7.port, err: err instanceof Error ? err.message : 'error' },
      'the HL7 v2 listener could not open its demo port; it is off (set KAIROS_HL7_PORT to another port)',
    );
    return undefined;
  }
}

/**
 * Closes the server on SIGINT or SIGTERM: stop accepting, finish requests in flight, close the
 * database; if that takes longer than the configured timeout, exit anyway with code 1.
 */
export function closeOnSignals(
  server: RunningServer,
  logger: Logger,
  timeoutMs: number,
  exit: (code: number) => void = (c) => process.exit(c),
): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long; exiting');
      exit(1);
    }, timeoutMs);
    timer.unref();
    server.close().then(
      () => {
        clearTimeout(timer);
        logger.info('stopped');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
