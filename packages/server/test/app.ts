/** Builds the app for API tests on a given database, in test mode, with a manual clock. */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createManualClock } from '../src/clock.js';
import { loadConfig, type Config } from '../src/config.js';
import { buildApp } from '../src/http/build-app.js';
import type { Database } from '../src/store/database.js';

export const TEST_START_MS = Date.UTC(2026, 11, 1, 14, 0, 0);

export function testConfig(extra: Record<string, string> = {}): Config {
  return loadConfig({ KAIROS_MODE: 'test', LOG_LEVEL: 'silent', ...extra });
}

export async function buildTestApp(database: Database, { config = testConfig(), logger = pino({ level: 'silent' }) } = {}): Promise<FastifyInstance> {
  const clock = createManualClock(TEST_START_MS);
  return buildApp({ config, database, clock, logger, startedAtMs: clock.nowMs() });
}
