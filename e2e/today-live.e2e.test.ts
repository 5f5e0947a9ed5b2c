/**
 * The Today board takes a normal reading of a running session from the live stream, without
 * fetching the board again (issue 21: fifty boards watching 500 monitors fetch on changes, not on
 * every reading); a reading that raises an alarm makes it fetch, and the card shows the alarm.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshot, signIn, staffApi, startTestServer, type StaffApi } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

run('Today: readings arrive live', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let nurse: StaffApi;
  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    // The demo's infusion just started: one reading with a sedation score clears what is due.
    server = await startTestServer({}, { justLoaded: true });
    browser = await launchBrowser();
    nurse = await staffApi(server.url, 'nurse@demo.test');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Counts the board's fetches made by the page. */
  const boardFetches = (page: Page) => {
    const seen = { n: 0 };
    page.on('request', (r) => {
      if (/\/api\/sessions\?siteId=/.test(r.url())) seen.n++;
    });
    return seen;
  };

  const reading = (clientId: string, values: Record<string, number>) => ({
    clientId,
    measuredAt: server.clock.now().toISOString(),
    heartRate: 78,
    respiratoryRate: 14,
    ...values,
  });

  it('a normal reading updates the card in place; an alarm fetches the board and shows it', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const fetches = boardFetches(page);
    await signIn(page, server.url, 'nurse@demo.test', '/today');
    const card = page.locator('[data-testid="board-card"][data-state="infusing"]').first();
    await card.waitFor();
    const sessionId = (await card.getAttribute('data-session-id')) ?? '';
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    // The stream is open once the page says so.
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
    // The demo's infusion is behind on its sedation score: a reading with one clears it, and the
    // board, which cannot tell what a reading clears, fetches itself again.
    const due = await nurse('POST', `/api/sessions/${sessionId}/vitals`, {
      readings: [reading('live-moaas-1', { systolic: 129, diastolic: 81, spo2: 98, moaas: 5 })],
    });
    expect(due.status).toBe(200);
    await expect.poll(() => card.getByTestId('board-overdue').count(), { timeout: 5_000 }).toBe(0);
    await page.waitForTimeout(800);
    const before = fetches.n;

    const normal = await nurse('POST', `/api/sessions/${sessionId}/vitals`, {
      readings: [reading('live-normal-1', { systolic: 131, diastolic: 82, spo2: 97 })],
    });
    expect(normal.status).toBe(200);
    await expect.poll(() => card.getByTestId('board-vitals').innerText(), { timeout: 5_000 }).toContain('BP 131/82');
    await page.waitForTimeout(800);
    expect(fetches.n).toBe(before);

    const alarm = await nurse('POST', `/api/sessions/${sessionId}/vitals`, {
      readings: [reading('live-alarm-1', { systolic: 132, diastolic: 83, spo2: 85 })],
    });
    expect(alarm.status).toBe(200);
    await card.getByTestId('board-alerts').waitFor();
    await expect.poll(() => card.getByTestId('board-vitals').innerText(), { timeout: 5_000 }).toContain('SpO2 85%');
    expect(fetches.n).toBeGreaterThan(before);
    await screenshot(page, 'today-live-alarm');
    await page.close();
  });
});
