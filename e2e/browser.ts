/**
 * Browser tests: playwright-core driving Debian's Chromium headless, against a Kairos server
 * started in the test process on a fresh database. With CI=true a missing Chromium fails.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import pino from 'pino';
import { expect } from 'vitest';
import { CSP_MARK, cspViolations } from './csp.js';
import { createClock } from '../packages/server/src/clock.js';
import { loadConfig } from '../packages/server/src/config.js';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { loadRecentDemo } from '../packages/server/test/demo-fixture.js';
import { openSnapshotPglite } from '../packages/server/test/engines.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve(import.meta.dirname, '../test-output/screens');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * A server on a fresh database with the demo clinic loaded, in test mode (demo users may sign in).
 * The demo was loaded at most minutes ago (demo-fixture.ts: its live infusion may be up to 10
 * minutes further on); `justLoaded` loads it now, for a test that counts on the live infusion's
 * first minutes (what is due at them).
 */
export async function startTestServer(env: Record<string, string> = {}, { justLoaded = false } = {}): Promise<RunningServer> {
  const config = loadConfig({ KAIROS_MODE: 'test', LOG_LEVEL: 'silent', PORT: '0', ...env });
  const database = await openSnapshotPglite();
  const clock = createClock();
  await loadRecentDemo(database.db, clock.now(), justLoaded ? 0 : undefined);
  return startServer(config, { database, logger: pino({ level: 'silent' }), clock });
}

export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await launch(viewport);
  // The page reports each violation on its console, where the listener below collects it.
  await context.addInitScript((mark: string) => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // eslint-disable-next-line no-console -- the page's console is how the test hears of it
      console.error(`${mark} ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  }, CSP_MARK);
  const watch = (page: Page) =>
    page.on('console', (m) => {
      if (m.text().startsWith(CSP_MARK)) cspViolations.push(`${page.url()}: ${m.text().slice(CSP_MARK.length + 1)}`);
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  return context;
}

function launch(viewport: { width: number; height: number }): Promise<BrowserContext> {
  // Debian's Chromium, with the flags this machine needs (see stack-notes): no sandbox as root,
  // no background networking on a closed network, a fresh profile each time.
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kairos-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Whether the browser tests save their screenshots (for people to look at; no test reads them).
 * CI turns them off (KAIROS_E2E_SCREENSHOTS=0): a hundred full-page captures cost a minute of its
 * two cores.
 */
export const TAKE_SCREENSHOTS = process.env.KAIROS_E2E_SCREENSHOTS !== '0';

export async function screenshot(page: Page, name: string): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The demo users' password (the demo clinic, test mode). */
export const DEMO_PASSWORD = 'kairos-demo-2026';

/**
 * Opens `path` signed out, signs in as `email` on the sign-in page it leads to, and waits until
 * signed in (the user menu); throws when the sign-in is refused.
 */
export async function signIn(page: Page, baseUrl: string, email: string, path: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(baseUrl + path);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-menu').or(page.getByTestId('sign-in-error')).waitFor();
  if (await page.getByTestId('sign-in-error').isVisible()) throw new Error(`${email} could not sign in`);
}

/** Signs out from the user menu and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
}

/** A full-page screenshot from the top (a scrolled page repeats its fixed header in the image). */
export async function screenshotFromTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** Test mode: moves the server's clock `ms` on (staff sessions expire meanwhile when it is more than the idle time). */
export function moveServerClock(server: RunningServer, ms: number): void {
  const clock = server.clock;
  const before = clock.nowMs.bind(clock);
  Object.assign(clock, { nowMs: () => before() + ms, now: () => new Date(before() + ms) });
}

export interface StaffApi {
  (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/** Signs in a demo user through the API; returns a caller carrying the session cookie and CSRF token. */
export async function staffApi(baseUrl: string, email: string): Promise<StaffApi> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method, path, body) => {
    const r = await fetch(baseUrl + path, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
}

/** Answers the question on screen: checks the progress line, then taps the option. */
export async function answerQuestion(page: Page, n: number, of: number, option: string): Promise<void> {
  const q = page.getByTestId('questionnaire');
  await q.getByTestId('question-progress').getByText(`Question ${n} of ${of}`, { exact: true }).waitFor();
  await q.getByRole('radiogroup').getByRole('radio', { name: option, exact: true }).click();
}

export async function enterPortalWithCode(page: Page, baseUrl: string, code: string): Promise<void> {
  await page.goto(`${baseUrl}/portal`);
  await page.getByTestId('portal-code-form').waitFor();
  await page.getByLabel('Your code').fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('portal-home').waitFor();
}
