/**
 * Browser tests: playwright-core driving Debian's Chromium headless, against a Kairos server
 * started in the test process on a fresh database. With CI=true a missing Chromium fails.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import pino from 'pino';
import { createClock } from '../packages/server/src/clock.js';
import { loadDemo } from '../packages/server/src/services/demo/load-demo.js';
import { loadConfig } from '../packages/server/src/config.js';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { openSnapshotPglite } from '../packages/server/test/engines.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve(import.meta.dirname, '../test-output/screens');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** A server on a fresh database with the demo clinic loaded, in test mode (demo users may sign in). */
export async function startTestServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({ KAIROS_MODE: 'test', LOG_LEVEL: 'silent', PORT: '0', ...env });
  const database = await openSnapshotPglite();
  const clock = createClock();
  await loadDemo(database.db, clock.now());
  return startServer(config, { database, logger: pino({ level: 'silent' }), clock });
}

export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  // Debian's Chromium, with the flags this machine needs (see stack-notes): no sandbox as root,
  // no background networking on a closed network, a fresh profile each time.
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kairos-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
