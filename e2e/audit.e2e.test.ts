/**
 * The audit trail viewer in the browser (issue 22, Must 3): the medical director opens Settings,
 * then the audit trail, filters it by a patient (found by typing the name), sees that patient's
 * events by name in the site's time zone, and exports the same events as CSV, where a name that
 * starts like a formula is neutralised. The administrator's view says patients are not shown.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshotFromTop, signIn, signOut, staffApi, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

/** A name a spreadsheet would read as a formula: it must come out of the export as text. */
const GIVEN = '@Rowan';
const FAMILY = 'Hollis';

run('audit trail viewer', () => {
  let server: RunningServer;
  let browser: BrowserContext;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    browser = await launchBrowser();
    const coordinator = await staffApi(server.url, 'coordinator@demo.test');
    const created = await coordinator('POST', '/api/patients', {
      mrn: 'AUD-0001',
      givenName: GIVEN,
      familyName: FAMILY,
      birthDate: '1979-04-05',
    });
    expect(created.status).toBe(201);
    const director = await staffApi(server.url, 'director@demo.test');
    expect((await director('GET', `/api/patients/${(created.body as { id: string }).id}`)).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the medical director filters by a patient, sees the events by name, and exports them as CSV', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await signIn(page, server.url, 'director@demo.test', '/settings');
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail', level: 2 }).waitFor();
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    await page.getByText('the site’s time zone, America/New_York', { exact: false }).waitFor();

    // Find the patient by typing, and pick them.
    const picker = page.getByTestId('audit-patient');
    await picker.fill('Rowan');
    await page.getByRole('option', { name: `${GIVEN} ${FAMILY} (AUD-0001)` }).click();
    const table = page.getByRole('table', { name: 'Audit events' });
    await table.locator('tr[data-action="patient.create"]').waitFor();
    await table.locator('tr[data-action="patient.read"]').first().waitFor();
    const rows = table.locator('tbody tr');
    const count = await rows.count();
    expect(count).toBeGreaterThanOrEqual(2);
    // Every row is this patient's, by name and MRN; the people by name, the actions in words.
    for (let i = 0; i < count; i++) await expect(rows.nth(i).innerText()).resolves.toContain(`${GIVEN} ${FAMILY}`);
    await table.getByText('Created a patient record').waitFor();
    await table.getByText('Opened a patient record').first().waitFor();
    expect(await table.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await screenshotFromTop(page, 'audit-1-director-filters-by-patient');

    // Export the same filter.
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-trail-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await file.path(), 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^Date \(America\/New_York\),Time \(America\/New_York\),Time \(UTC\),Who,/);
    const data = lines.slice(1).filter((l) => l !== '');
    // The page's own reads of this patient's events are on the trail too, after those shown.
    expect(data.length).toBeGreaterThanOrEqual(count);
    expect(csv).toContain('Read the audit trail');
    for (const line of data) expect(line).toContain(`,'${GIVEN} ${FAMILY},AUD-0001,`);
    expect(csv).toContain('Created a patient record');
    expect(errors).toEqual([]);
    await signOut(page);
    await page.close();
  });

  it('the administrator sees every site’s events without patients, and no patient filter', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, 'admin@demo.test', '/settings/audit');
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    await page.getByText('Administrators see no patient data', { exact: false }).waitFor();
    expect(await page.getByTestId('audit-patient').count()).toBe(0);
    await page.getByTestId('audit-action').fill('Opened a patient record');
    await page.getByRole('option', { name: 'Opened a patient record' }).click();
    const table = page.getByRole('table', { name: 'Audit events' });
    await table.getByText('A patient (not shown)').first().waitFor();
    expect(await table.innerText()).not.toContain(FAMILY);
    await screenshotFromTop(page, 'audit-2-admin-sees-no-patients');
    await signOut(page);
    await page.close();
  });
});
