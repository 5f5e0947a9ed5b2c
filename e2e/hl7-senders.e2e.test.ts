/**
 * Settings > site > Devices, HL7 v2 monitors (issue 26): an administrator lists the address a
 * monitor gateway sends HL7 v2 (MLLP) from, is told in plain words why an address that is not one
 * is refused (beside the field), and removes the listed one again.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshotFromTop, signIn, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

run('Settings > Devices: HL7 v2 senders', () => {
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

  it('an administrator adds a sender, sees a bad address refused beside the field, and removes the sender', async () => {
    const site = await server.database.db.selectFrom('site').select('id').orderBy('created_at').executeTakeFirstOrThrow();
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, 'admin@demo.test', `/settings/sites/${site.id}/devices`);
    const card = page.getByTestId('hl7-senders');
    // The test server runs no HL7 listener: the page says so, and what turns it on.
    await card
      .getByTestId('hl7-listener')
      .getByText(/the HL7 listener is off/)
      .waitFor();
    await expect(card.getByTestId('hl7-listener').innerText()).resolves.toContain('KAIROS_HL7_PORT');

    const form = page.getByTestId('new-hl7-sender-form');
    await form.getByLabel('Name').fill('Chair 3 gateway');
    await form.getByLabel('Address').fill('10.20.0.15');
    await form.getByRole('button', { name: 'Add sender' }).click();
    const row = card.getByTestId('hl7-sender-list').locator('tr[data-address="10.20.0.15"]');
    await row.getByText('Chair 3 gateway').waitFor();
    await row.getByText('Listed').waitFor();

    // Not an address: the server's reason, under the Address field (its description names it).
    await form.getByLabel('Name').fill('Chair 4 gateway');
    await form.getByLabel('Address').fill('monitor.local');
    await form.getByRole('button', { name: 'Add sender' }).click();
    const address = form.getByLabel('Address');
    await expect.poll(() => address.getAttribute('aria-invalid')).toBe('true');
    await form.getByText('The address must be an IP address (10.20.0.15) or a network in CIDR form (10.20.0.0/24).').waitFor();
    await expect(card.getByTestId('hl7-sender-list').innerText()).resolves.not.toContain('Chair 4 gateway');
    await screenshotFromTop(page, 'settings-hl7-senders-error');

    // Remove, after a confirmation: the row stays, marked removed.
    await row.getByRole('button', { name: 'Remove…' }).click();
    const dialog = page.getByTestId('remove-hl7-sender-dialog');
    await dialog.getByText('Chair 3 gateway').waitFor();
    await dialog.getByRole('button', { name: 'Remove sender' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText(/^Removed on /).waitFor();
    await expect(row.getByRole('button', { name: 'Remove…' }).count()).resolves.toBe(0);
    await screenshotFromTop(page, 'settings-hl7-senders');
  });
});
