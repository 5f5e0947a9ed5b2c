import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshot, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

/** Signs in as the demo medical director, who sees every section. */
async function signInAsDirector(page: Page): Promise<void> {
  await page.getByLabel('Email').fill('director@demo.test');
  await page.getByLabel('Password', { exact: true }).fill('kairos-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-menu').or(page.getByTestId('sign-in-error')).waitFor();
  if (await page.getByTestId('sign-in-error').isVisible()) {
    throw new Error(
      `director@demo.test could not sign in (is the demo clinic loaded?): ${await page.getByTestId('sign-in-error').innerText()}`,
    );
  }
}

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

  it('asks to sign in first, then opens on the Today page with the six sections in the navigation and the server status', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A signed-out load logs nothing in the console (it used to log the 401 of asking who is signed in).
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(server.url);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { name: 'Sign in to Kairos' }).waitFor();
    expect(consoleErrors).toEqual([]);
    await page.getByRole('heading', { name: 'Sign in to Kairos' }).waitFor();
    await screenshot(page, 'shell-sign-in-1280x800');
    await signInAsDirector(page);
    await page.waitForURL(/\/today$/);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link').allInnerTexts()).resolves.toEqual([
      'Today',
      'Patients',
      'Schedule',
      'Outcomes',
      'Inventory',
      'Settings',
    ]);
    await page.getByTestId('health-badge').getByText('server ok · pglite').waitFor();
    await page.getByTestId('protocol-badge').getByText('Protocol version 1 signed').waitFor();
    await screenshot(page, 'shell-today-1280x800');
    expect(errors).toEqual([]);
  });

  it('an admin signing in from a page their role does not open (a nurse signed out on Today) lands on Settings, not on "not available"', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/today`);
    await page.waitForURL(/\/sign-in\?next=%2Ftoday$/);
    await page.getByLabel('Email').fill('admin@demo.test');
    await page.getByLabel('Password', { exact: true }).fill('kairos-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(page.url()).toMatch(/\/settings$/);
    expect(await page.getByText('is not available for your role').count()).toBe(0);
    await screenshot(page, 'shell-admin-lands-on-settings');
    await page.close();
  });

  it('renders a deep link from the server (client-side routes) at tablet size, after sign-in', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.setViewportSize({ width: 1024, height: 768 });
    const res = await page.goto(`${server.url}/schedule`);
    expect(res?.status()).toBe(200);
    await page.waitForURL(/\/sign-in\?next=%2Fschedule$/);
    await signInAsDirector(page);
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    expect(page.url()).toMatch(/\/schedule$/);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(page.url()).toMatch(/\/settings$/);
    await screenshot(page, 'shell-settings-1024x768');
    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await page.getByRole('table', { name: 'Patients' }).waitFor();
    await screenshot(page, 'shell-patients-1024x768');
    // Nothing in the header spills out of the 1024 px window.
    const widest = await page.evaluate(() =>
      Math.max(...Array.from(document.querySelectorAll('header *')).map((e) => e.getBoundingClientRect().right)),
    );
    expect(widest).toBeLessThanOrEqual(1024);
  });

  it('the header search finds a patient by name, MRN or date of birth from any page, only among those the user may open', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const db = server.database.db;
    const p = await db
      .selectFrom('patient')
      .select(['id', 'mrn', 'given_name', 'family_name', 'birth_date'])
      .where('mrn', '=', 'DEMO-0009')
      .executeTakeFirstOrThrow();
    const born = String(p.birth_date).slice(0, 10);
    await page.goto(`${server.url}/schedule`);
    await page.waitForURL(/\/sign-in/);
    await signInAsDirector(page);
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    const search = page.getByRole('textbox', { name: 'Find a patient' });
    const results = page.getByRole('listbox', { name: 'Patients found' });
    for (const query of [p.family_name.slice(0, 4), p.mrn, born]) {
      await search.fill(query);
      await results.getByRole('option', { name: new RegExp(`${p.family_name}, ${p.given_name}`) }).waitFor();
    }
    await screenshot(page, 'shell-header-search');
    await results.getByRole('option', { name: new RegExp(`${p.family_name}, ${p.given_name}`) }).click();
    await page.waitForURL(new RegExp(`/patients/${p.id}$`));
    await page.getByRole('heading', { name: `${p.family_name}, ${p.given_name}`, level: 2 }).waitFor();
    // Nothing that matches says so; Enter on a broad search opens the list with it.
    await search.fill('zzqx-nobody');
    await results.getByText('No patient you may open matches').waitFor();
    await search.fill('DEMO-');
    await results.getByRole('option', { name: /All \d+ matches on the patient list/ }).waitFor();
    await search.press('Escape');
    await search.focus();
    await page.keyboard.press('End');
    await search.press('Enter');
    await page.waitForURL(/\/patients\?q=DEMO-$/);
    // The admin sees no patient data: no search in the header.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill('admin@demo.test');
    await page.getByLabel('Password', { exact: true }).fill('kairos-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Find a patient' }).count()).toBe(0);
    await page.close();
  });

  it('Today starts with My day for each role: the nurse sees the sessions they are booked on today in time order, each with its console', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/today`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill('nurse@demo.test');
    await page.getByLabel('Password', { exact: true }).fill('kairos-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const myDay = page.getByTestId('my-day');
    await myDay.waitFor();
    const rows = myDay.getByTestId('my-day-event');
    await rows.first().waitFor();
    // In time order: the times read as "HH:MM–HH:MM" at the site, sorted.
    const times = await rows.locator('td:first-child').allInnerTexts();
    expect(times.length).toBeGreaterThan(0);
    expect([...times].sort()).toEqual(times);
    await screenshot(page, 'shell-my-day-nurse');
    const dosing = myDay.locator('[data-testid="my-day-event"][data-kind="dosing"]').first();
    await dosing.getByRole('link', { name: 'Open the dosing console' }).click();
    await page.waitForURL(/\/sessions\/[^/]+$/);
    await page.close();
  });

  it('a page whose code cannot be fetched (a deploy replaced it) says so in plain words with a reload button, never a blank page', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Each page is its own chunk (ui/lazy-page.tsx): the Schedule page's fails to arrive.
    const gone = /\/assets\/schedule-routes-[\w-]+\.js$/;
    await page.route(gone, (route) => route.abort('connectionfailed'));
    await page.goto(`${server.url}/schedule`);
    await page.waitForURL(/\/sign-in/);
    await signInAsDirector(page);
    const problem = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
    await problem.getByText('Kairos may have been updated since this tab was opened').waitFor();
    // The frame around it still works: the navigation is there.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Today' }).waitFor();
    await screenshot(page, 'shell-page-load-failed-1280x800');
    // Once the chunk can be fetched again, the button brings the page back.
    await page.unroute(gone);
    await problem.getByRole('button', { name: 'Reload the page' }).click();
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    expect(errors).toEqual([]);
  });
});
