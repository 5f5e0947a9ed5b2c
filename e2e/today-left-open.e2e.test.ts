/**
 * Today finds a session left open (issue 20, item 3): two days after the demo's live infusion was
 * started and never ended, the medical director's Today shows it first, from an earlier day, with
 * its age, and flags it overdue.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, moveServerClock, screenshot, signIn, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

run('Today: a session left open from an earlier day', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('two days later the director sees the demo’s infusion first, from an earlier day, flagged overdue', async () => {
    moveServerClock(server, 2 * 24 * 3_600_000);
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, 'director@demo.test', '/today');
    const overdue = page.getByTestId('overdue-sessions');
    await overdue.waitFor();
    await expect(overdue.innerText()).resolves.toMatch(/1 session overdue[\s\S]*infusing \d+ h( \d+ min)? against 40 min planned/);
    const first = page.getByTestId('board-card').first();
    await expect(first.getAttribute('data-state')).resolves.toBe('infusing');
    await expect(first.getByTestId('board-earlier-day').innerText()).resolves.toMatch(/From \w{3} \d+ \w{3}, 2 days ago: still open$/);
    await first.getByTestId('board-session-overdue').waitFor();
    await screenshot(page, 'today-left-open');
    await page.close();
  });
});
