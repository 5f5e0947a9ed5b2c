/**
 * Emergency access in the browser (issue 19, item 2, "done means"): a nurse not on a patient's
 * care team is refused the record, breaks the glass with a reason and reads the record under a
 * banner; the medical director sees the access on Today, reviews it, and the patient's access
 * report ("who opened this record") shows the nurse with her reason, as text.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import {
  chromiumAvailable,
  launchBrowser,
  SCREENSHOTS,
  screenshotFromTop,
  signIn,
  staffApi,
  startTestServer,
  TAKE_SCREENSHOTS,
} from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

/** Markup in the reason must show as the characters typed. */
const REASON = 'Patient collapsed in the waiting room <b>now</b>; her nurse is off site.';

run('emergency access (break the glass)', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let patient: { id: string; givenName: string; familyName: string };

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    browser = await launchBrowser();
    // A patient the demo nurse may not open (not on the care team, not booked with her today).
    const director = await staffApi(server.url, 'director@demo.test');
    const nurse = await staffApi(server.url, 'nurse@demo.test');
    const all = (await director('GET', '/api/patients?limit=200')).body as { items: (typeof patient)[] };
    for (const p of all.items) {
      const r = await nurse('GET', `/api/patients/${p.id}`);
      if (
        r.status === 403 &&
        (r.body as { error: { details: { emergencyAccess?: string } } }).error.details.emergencyAccess === 'available'
      ) {
        patient = p;
        break;
      }
    }
    expect(patient, 'the demo clinic should have a patient outside the nurse’s care team').toBeDefined();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the nurse breaks the glass and reads the record; the director reviews it on Today; the access report names her and her reason', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const name = `${patient.familyName}, ${patient.givenName}`;

    // 1. The nurse is refused, and offered emergency access.
    await signIn(page, server.url, 'nurse@demo.test', `/patients/${patient.id}`);
    await page.getByText("You are not on this patient's care team").waitFor();
    const form = page.getByTestId('break-the-glass');
    await form.getByText('the medical director reviews it, and it ends after 12 hours', { exact: false }).waitFor();
    // Too short a reason is refused on the form, naming the field.
    await form.getByLabel('Why do you need this record now?').fill('urgent');
    await form.getByRole('button', { name: 'Break the glass and open the record' }).click();
    await form.getByText('in at least 10 characters', { exact: false }).waitFor();
    await form.getByLabel('Why do you need this record now?').fill(REASON);
    await screenshotFromTop(page, 'emergency-access-1-break-the-glass');
    await form.getByRole('button', { name: 'Break the glass and open the record' }).click();

    // 2. The record opens, under a banner saying until when.
    await page.getByRole('heading', { name, level: 2 }).waitFor();
    await page.getByTestId('emergency-access-banner').getByText('Emergency access until', { exact: false }).waitFor();
    await page.getByRole('table', { name: 'Care team' }).waitFor();
    // The nurse is not shown the access report (the director and the prescriber read it).
    expect(await page.getByTestId('access-report').count()).toBe(0);
    await screenshotFromTop(page, 'emergency-access-2-record-under-emergency-access');
    // A reload keeps the banner: the server says the access is active.
    await page.reload();
    await page.getByTestId('emergency-access-banner').waitFor();

    // 3. The director sees it on Today, with the reason as text.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await signIn(page, server.url, 'director@demo.test', '/today');
    const card = page.getByTestId('emergency-access-review');
    const item = card.getByTestId('emergency-access-item').filter({ hasText: patient.familyName });
    await item.getByText('Nora Nurse', { exact: false }).waitFor();
    await expect(item.getByTestId('emergency-access-reason').innerText()).resolves.toBe(`Reason: “${REASON}”`);
    expect(await item.locator('b').count()).toBe(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    if (TAKE_SCREENSHOTS) await card.screenshot({ path: join(SCREENSHOTS, 'emergency-access-3-today-card.png') });
    await screenshotFromTop(page, 'emergency-access-3-today');

    // 4. The director reviews it with a note: it leaves the list.
    await item.getByRole('button', { name: 'Review' }).click();
    const dialog = page.getByTestId('reason-dialog');
    await dialog.getByLabel('Your review note (what you checked, what follows)').fill('Spoke to the nurse: the patient had collapsed.');
    await dialog.getByRole('button', { name: 'Record the review' }).click();
    await page.getByTestId('emergency-access-review-none').waitFor();

    // 5. The patient's access report shows the nurse under emergency access with her reason, and her refusal before it.
    await page.goto(`${server.url}/patients/${patient.id}`);
    const report = page.getByTestId('access-report');
    const emergencyRow = report.locator('tr[data-basis="emergency"]').filter({ hasText: 'Nora Nurse' });
    await emergencyRow.getByText('Emergency access', { exact: true }).waitFor();
    await expect(emergencyRow.getByTestId('access-report-reason').innerText()).resolves.toBe(`“${REASON}”`);
    await emergencyRow.getByText('broke the glass (emergency access)', { exact: false }).waitFor();
    await report.locator('tr[data-basis="refused"]').filter({ hasText: 'Nora Nurse' }).first().waitFor();
    await report.locator('tr[data-basis="site-wide"]').first().waitFor();
    await report.scrollIntoViewIfNeeded();
    if (TAKE_SCREENSHOTS) await report.screenshot({ path: join(SCREENSHOTS, 'emergency-access-4-access-report.png') });
    expect(errors).toEqual([]);
  });
});
