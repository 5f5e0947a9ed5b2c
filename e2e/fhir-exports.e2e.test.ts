/**
 * FHIR exports in the browser (issue 25, Must 3): the medical director opens the site's FHIR
 * exports from Settings, starts an export of every patient's records, follows it until it is
 * ready, downloads the patients' file (one Patient a line, as many as the page says), sets how
 * long files are kept (a bad value is refused by name), and deletes the files. A nurse has no
 * such page.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshotFromTop, signIn, signOut, staffApi, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

run('FHIR exports', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let siteId: string;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    browser = await launchBrowser();
    const director = await staffApi(server.url, 'director@demo.test');
    siteId = ((await director('GET', '/api/sites')).body as { items: { id: string }[] }).items[0]?.id ?? '';
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the director starts an export of every patient, downloads the patients’ file, sets how long files are kept, and deletes them', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server.url, 'director@demo.test', `/settings/sites/${siteId}`);
    await page.getByRole('tab', { name: 'FHIR exports' }).click();
    await page.getByRole('heading', { name: 'New export' }).waitFor();
    await expect.poll(() => page.getByTestId('export-level').inputValue()).toBe('Every patient’s records');
    await page.getByTestId('export-start').click();

    const row = page.getByTestId('export-row').first();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('complete');
    await row.getByText('Ready').waitFor();
    const patientsLink = row.getByTestId('export-file').filter({ hasText: /^Patients \(\d+\)$/ });
    const shown = Number(/\((\d+)\)/.exec((await patientsLink.innerText()) ?? '')?.[1]);
    expect(shown).toBeGreaterThan(30);
    await screenshotFromTop(page, 'fhir-exports-1-ready');
    const [download] = await Promise.all([page.waitForEvent('download'), patientsLink.click()]);
    expect(download.suggestedFilename()).toBe('Patient.ndjson');
    const lines = readFileSync(await download.path(), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines).toHaveLength(shown);
    for (const l of lines) expect(JSON.parse(l)).toMatchObject({ resourceType: 'Patient' });

    // How long files are kept: 0 is refused by name; 48 is kept.
    const hours = page.getByTestId('export-retention');
    await hours.fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/at least 1/).waitFor();
    await hours.fill('48');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId('export-retention').inputValue()).toBe('48');

    await page.getByTestId('export-row').first().getByRole('button', { name: 'Delete the files' }).click();
    await expect.poll(() => page.getByTestId('export-row').first().getAttribute('data-state')).toBe('cancelled');
    expect(await page.getByTestId('export-row').first().getByTestId('export-file').count()).toBe(0);
    await screenshotFromTop(page, 'fhir-exports-2-deleted');
    expect(errors).toEqual([]);
    await signOut(page);
  });

  it('a nurse sees no FHIR exports tab, and the page says it is for the medical director', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'nurse@demo.test', '/today');
    const r = await page.request.get(`${server.url}/api/sites/${siteId}/fhir-exports`);
    expect(r.status()).toBe(403);
    await page.close();
  });
});
