import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshot, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

run('the web app shell', () => {
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

  it('opens on the Today page with the six sections in the navigation and the server status', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForURL(/\/today$/);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const label of ['Today', 'Patients', 'Schedule', 'Outcomes', 'Inventory', 'Settings']) {
      await expect(nav.getByRole('link', { name: label, exact: true }).isVisible()).resolves.toBe(true);
    }
    await page.getByTestId('health-badge').getByText('server ok · pglite').waitFor();
    await screenshot(page, 'shell-today-1280x800');
    expect(errors).toEqual([]);
  });

  it('renders a deep link from the server (client-side routes) at tablet size', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    const res = await page.goto(`${server.url}/patients`);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(page.url()).toMatch(/\/settings$/);
    await screenshot(page, 'shell-settings-1024x768');
  });
});
