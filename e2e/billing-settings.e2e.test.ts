/**
 * Settings > site > Billing (issue 27, Must 1 and 3): the coordinator who does the billing enters the
 * clinic's billing identity (an NPI with a wrong check digit is refused under its field), sets fees
 * on the schedule Kairos seeded and adds a service Kairos does not propose; an administrator enters
 * a prescriber's type 1 NPI on the Users page (a wrong one refused under the field) and sees it listed.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingSettings } from '../packages/api/src/index.js';
import { checkNpi } from '../packages/core/src/billing/npi.js';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshotFromTop, signIn, staffApi, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

/** The CMS standard's example (123456789 -> check digit 3), and one with a wrong check digit. */
const CLINIC_NPI = '1234567893';
const PRESCRIBER_NPI = '1245319599';

/** Opens a service's row in the fee schedule, sets its fee in dollars and saves. */
async function setFee(page: Page, code: string, dollars: string): Promise<void> {
  const row = page.getByTestId('fee-schedule').locator(`tr[data-code="${code}"]`);
  await row.getByRole('button', { name: `Edit ${code}` }).click();
  const form = page.getByTestId('edit-fee-form');
  await form.getByLabel('Fee').fill(dollars);
  await form.getByRole('button', { name: 'Save service' }).click();
  await form.waitFor({ state: 'detached' });
}

run('Settings > site > Billing', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the NPIs used are 10 digits with a correct check digit, and the wrong ones are not', () => {
    expect(checkNpi(CLINIC_NPI)).toBeUndefined();
    expect(checkNpi(PRESCRIBER_NPI)).toBeUndefined();
    expect(checkNpi('1234567890')).toMatch(/check digit/);
    expect(checkNpi('1245319590')).toMatch(/check digit/);
  });

  it('a coordinator enters the billing identity and sets the fee schedule', async () => {
    const site = await server.database.db.selectFrom('site').select('id').orderBy('created_at').executeTakeFirstOrThrow();
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, 'coordinator@demo.test', '/settings');
    // The coordinator holds no Settings section (the server's sections): the sign-in lands on their
    // first section, and the sites' list is opened by its address. Of a site's settings, they open its billing.
    await page.goto(`${server.url}/settings`);
    await page.getByRole('table', { name: 'Sites' }).waitFor();
    await page.getByRole('link', { name: 'Billing', exact: true }).first().click();
    await page.waitForURL(new RegExp(`/settings/sites/${site.id}/billing$`));
    await expect(page.getByRole('tab', { name: 'Billing' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.getByRole('tab', { name: 'Protocol' }).count()).resolves.toBe(0);

    // The first read seeded the codes Kairos proposes, each fee not set, with where they come from.
    const schedule = page.getByTestId('fee-schedule');
    const infusion = schedule.locator('tr[data-code="96365"]');
    await infusion.getByText('Proposed by Kairos').waitFor();
    await infusion.getByText('Not set').waitFor();
    await expect(page.getByTestId('billing-provenance').innerText()).resolves.toMatch(/coder/i);

    // The identity, with an NPI whose check digit is wrong: refused under the NPI field.
    const form = page.getByTestId('billing-identity-form');
    await form.getByLabel('Legal name').fill('Kairos Demo Clinic PLLC');
    await form.getByLabel('Address').fill('12 Harbor Street, Suite 3\nPortland, ME 04101');
    await form.getByLabel('Tax id (EIN)').fill('12-3456789');
    await form.getByLabel('Organisation NPI (type 2)').fill('1234567890');
    await expect(form.getByLabel('Place of service code').inputValue()).resolves.toBe('11');
    await form.getByText('11 = office').waitFor();
    await form.getByRole('button', { name: 'Save billing identity' }).click();
    const npi = form.getByLabel('Organisation NPI (type 2)');
    await expect.poll(() => npi.getAttribute('aria-invalid')).toBe('true');
    await form.getByText('The check digit of this NPI is wrong (the last digit should be 3).').waitFor();
    await screenshotFromTop(page, 'settings-billing-npi-refused');

    await npi.fill(CLINIC_NPI);
    await form.getByRole('button', { name: 'Save billing identity' }).click();
    await page.getByTestId('billing-identity-saved').waitFor();
    await expect.poll(() => npi.getAttribute('aria-invalid')).not.toBe('true');

    // Fees in dollars and cents.
    await setFee(page, '96365', '450');
    await infusion.getByText('$450.00').waitFor();
    await setFee(page, 'J3490', '1.5');
    await schedule.locator('tr[data-code="J3490"]').getByText('$1.50').waitFor();

    // A service Kairos does not propose.
    const add = page.getByTestId('add-fee-form');
    await add.getByLabel('Code').fill('90785');
    await add.getByLabel('Description').fill('Interactive complexity');
    await add.getByLabel('Fee').fill('25');
    await add.getByRole('button', { name: 'Add service' }).click();
    const added = schedule.locator('tr[data-code="90785"]');
    await added.getByText('Interactive complexity').waitFor();
    await added.getByText('$25.00').waitFor();
    await expect(added.getByText('Proposed by Kairos').count()).resolves.toBe(0);
    await screenshotFromTop(page, 'settings-billing');

    // What the server keeps.
    const api = await staffApi(server.url, 'coordinator@demo.test');
    const r = await api('GET', `/api/sites/${site.id}/billing`);
    expect(r.status).toBe(200);
    const saved = r.body as BillingSettings;
    expect(saved.identity).toMatchObject({
      legalName: 'Kairos Demo Clinic PLLC',
      address: '12 Harbor Street, Suite 3\nPortland, ME 04101',
      taxId: '12-3456789',
      npi: CLINIC_NPI,
      placeOfService: '11',
    });
    const fee = (code: string) => saved.fees.find((f) => f.code === code);
    expect(fee('96365')?.feeCents).toBe(45_000);
    expect(fee('J3490')?.feeCents).toBe(150);
    expect(fee('90785')).toMatchObject({ description: 'Interactive complexity', feeCents: 2500, active: true, proposedByKairos: false });
    await page.close();
  });

  it('an administrator enters a prescriber’s NPI on the Users page; a wrong check digit is refused under the field', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, 'admin@demo.test', '/settings');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(/\/settings\/users$/);
    const row = page.getByTestId('users-table').locator('tr[data-email="prescriber@demo.test"]');
    await row.getByTestId('user-npi').getByText('Not entered').waitFor();

    await row.getByRole('button', { name: 'Change Dr. Priya Prescriber' }).click();
    await page.getByRole('menuitem', { name: 'Billing details…' }).click();
    const form = page.getByTestId('user-billing-form');
    await form.getByLabel('NPI (type 1)').fill('1245319590');
    await form.getByLabel('Licence').fill('ME MD 012345');
    await form.getByRole('button', { name: 'Save billing details' }).click();
    const npi = form.getByLabel('NPI (type 1)');
    await expect.poll(() => npi.getAttribute('aria-invalid')).toBe('true');
    await form.getByText('The check digit of this NPI is wrong (the last digit should be 9).').waitFor();
    await screenshotFromTop(page, 'settings-users-npi-refused');

    await npi.fill(PRESCRIBER_NPI);
    await form.getByRole('button', { name: 'Save billing details' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('users-notice').getByText('Billing details of Dr. Priya Prescriber saved.').waitFor();
    await row.getByTestId('user-npi').getByText(PRESCRIBER_NPI).waitFor();
    await screenshotFromTop(page, 'settings-users-npi');

    const stored = await server.database.db
      .selectFrom('app_user')
      .select(['npi', 'licence'])
      .where('email', '=', 'prescriber@demo.test')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ npi: PRESCRIBER_NPI, licence: 'ME MD 012345' });
    await page.close();
  });
});
