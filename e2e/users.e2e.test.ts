/**
 * Settings > Users (issue 22, Must 3): an administrator creates a nurse, sets a temporary password
 * and deactivates the account, each change confirmed with the administrator's own password; the
 * nurse's sign-ins follow (the first password, then only the new one, then none). Signed in with the
 * temporary password, the nurse must choose her own before anything else.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, DEMO_PASSWORD, launchBrowser, screenshot, signIn, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;
const NURSE = 'rosa.reyes@clinic.test';
const FIRST_PASSWORD = 'violet-harbor-tundra-42';
const TEMPORARY_PASSWORD = 'copper-meadow-lantern-77';
const OWN_PASSWORD = 'saffron-glacier-violin-93';

/** Signs in through the API; the session cookie, or undefined when refused. */
async function apiSignIn(baseUrl: string, email: string, password: string): Promise<string | undefined> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) return undefined;
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

const sessionStatus = async (baseUrl: string, cookie: string) => (await fetch(`${baseUrl}/api/session`, { headers: { cookie } })).status;

/** Confirms the open step-up dialog with the administrator's password. */
async function confirmWithPassword(page: Page): Promise<void> {
  const dialog = page.getByTestId('step-up-dialog');
  await dialog.waitFor();
  await dialog.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
}

async function openAct(page: Page, name: string, act: string): Promise<void> {
  await page.getByRole('button', { name: `Change ${name}` }).click();
  await page.getByRole('menuitem', { name: act }).click();
}

run('Settings > Users', () => {
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

  it('an administrator creates a nurse, resets the password and deactivates the account', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, 'admin@demo.test', '/settings');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(/\/settings\/users$/);
    const table = page.getByTestId('users-table');
    await table.getByText('Nora Nurse, RN').waitFor();

    // Create: the form, then the administrator's password.
    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByTestId('user-create-form');
    await form.getByLabel('Full name').fill('Rosa Reyes, RN');
    await form.getByLabel('Email').fill(NURSE);
    await form.getByRole('checkbox', { name: /^Nurse/ }).check();
    await form.getByLabel('First password', { exact: true }).fill(FIRST_PASSWORD);
    await screenshot(page, 'settings-users-new');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('step-up-dialog').waitFor();
    await screenshot(page, 'settings-users-confirm');
    await confirmWithPassword(page);
    await page.getByTestId('users-notice').getByText('Rosa Reyes, RN can now sign in').waitFor();
    const row = table.locator(`tr[data-email="${NURSE}"]`);
    await row.getByText('Active').waitFor();
    await expect(row.innerText()).resolves.toMatch(/Nurse[\s\S]*Kairos Demo Clinic[\s\S]*Not set up[\s\S]*never/i);
    const firstSignIn = await apiSignIn(server.url, NURSE, FIRST_PASSWORD);
    expect(firstSignIn).toBeDefined();

    // A password too easy to guess is refused with the reason, and nothing changes.
    await openAct(page, 'Rosa Reyes, RN', 'Reset password');
    const pw = page.getByTestId('user-password-form');
    await pw.getByLabel('New password', { exact: true }).fill('password1234');
    await pw.getByRole('button', { name: 'Set password' }).click();
    await confirmWithPassword(page);
    await pw
      .getByRole('alert')
      .getByText(/password/)
      .waitFor();
    await pw.getByLabel('New password', { exact: true }).fill(TEMPORARY_PASSWORD);
    await pw.getByRole('button', { name: 'Set password' }).click();
    await confirmWithPassword(page);
    await page.getByTestId('users-notice').getByText('New password set for Rosa Reyes, RN').waitFor();
    expect(await sessionStatus(server.url, firstSignIn as string)).toBe(401);
    expect(await apiSignIn(server.url, NURSE, FIRST_PASSWORD)).toBeUndefined();

    // The nurse signs in with the temporary password and must choose her own before anything else.
    const nurseBrowser = await launchBrowser();
    const nursePage = await nurseBrowser.newPage();
    nursePage.setDefaultTimeout(15_000);
    await nursePage.goto(`${server.url}/today`);
    await nursePage.getByLabel('Email').fill(NURSE);
    await nursePage.getByLabel('Password', { exact: true }).fill(TEMPORARY_PASSWORD);
    await nursePage.getByRole('button', { name: 'Sign in' }).click();
    const own = nursePage.getByTestId('password-change-required');
    await own.getByText('an administrator set the password you signed in with').waitFor();
    await own.getByLabel('Current password').fill(TEMPORARY_PASSWORD);
    await own.getByLabel('New password', { exact: true }).fill(OWN_PASSWORD);
    await own.getByLabel('New password again').fill('not-the-same-password-1');
    await own.getByRole('button', { name: 'Save and continue' }).click();
    await own.getByText('The two new passwords are not the same.').waitFor();
    await own.getByLabel('New password again').fill(OWN_PASSWORD);
    await screenshot(nursePage, 'settings-users-own-password');
    await own.getByRole('button', { name: 'Save and continue' }).click();
    await nursePage.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    await nurseBrowser.close();
    expect(await apiSignIn(server.url, NURSE, TEMPORARY_PASSWORD)).toBeUndefined();
    const secondSignIn = await apiSignIn(server.url, NURSE, OWN_PASSWORD);
    expect(secondSignIn).toBeDefined();

    // Deactivate: the open sign-in ends and no sign-in works.
    await openAct(page, 'Rosa Reyes, RN', 'Deactivate');
    await page.getByTestId('user-deactivate-form').getByRole('button', { name: 'Deactivate' }).click();
    await confirmWithPassword(page);
    await page.getByTestId('users-notice').getByText('Rosa Reyes, RN is deactivated.').waitFor();
    await row.getByText('Deactivated').waitFor();
    expect(await sessionStatus(server.url, secondSignIn as string)).toBe(401);
    expect(await apiSignIn(server.url, NURSE, OWN_PASSWORD)).toBeUndefined();

    // The administrator is offered no way to deactivate themselves.
    await page.getByRole('button', { name: 'Change Alex Admin' }).click();
    await page.getByRole('menuitem', { name: 'Change roles' }).waitFor();
    await expect(page.getByRole('menuitem', { name: 'Deactivate' }).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await screenshot(page, 'settings-users');
  });
});
