/**
 * The second factor in the browser (issue 19, item 1), in production mode: a nurse's first sign-in
 * can do nothing but set up an authenticator app (QR code, first code, ten recovery codes); after
 * that the sign-in page asks for a code, and a recovery code works once.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { addUser } from '../packages/server/src/services/accounts/add-user.js';
import { internalMeta } from '../packages/server/src/services/context.js';
import { totpCodeAt } from '../packages/server/src/services/second-factor/totp.js';
import { chromiumAvailable, launchBrowser, screenshot, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;
const EMAIL = 'rn.okafor@clinic.test';
const PASSWORD = 'a long and unusual password 2026';

async function fillSignIn(page: Page): Promise<void> {
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

run('second factor, production mode', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer({
      KAIROS_MODE: 'production',
      KAIROS_AUDIT_KEY: 'an-e2e-production-audit-key-of-forty-chars',
      KAIROS_MFA_KEY: 'an-e2e-production-mfa-key-of-forty-chars!!',
    });
    const site = await server.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    await addUser(
      server.database.db,
      { email: EMAIL, displayName: 'Ada Okafor', roles: ['nurse'], password: PASSWORD, site: site.id },
      internalMeta('e2e', server.clock.now()),
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the first sign-in sets up the app and nothing else; later sign-ins ask for the code; a recovery code works once', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/today`);
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page);
    await page.getByRole('heading', { name: 'Set up your second factor' }).waitFor();
    // Nothing else is reachable: no navigation, no patients.
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).count()).resolves.toBe(0);
    await page.getByTestId('second-factor-start').click();
    await page.getByTestId('second-factor-qr').waitFor();
    await screenshot(page, 'second-factor-setup-qr');
    const secret = (await page.getByTestId('second-factor-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByTestId('second-factor-confirm-code').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/The code is not the code the app shows now/).waitFor();

    await page.getByTestId('second-factor-confirm-code').fill(await totpCodeAt(secret, server.clock.now()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    const codes = (await page.getByTestId('recovery-codes').locator('code').allInnerTexts()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    await screenshot(page, 'second-factor-recovery-codes');
    const cont = page.getByRole('button', { name: 'Continue to Kairos' });
    await expect(cont.isDisabled()).resolves.toBe(true);
    await page.getByLabel('I have saved these codes somewhere safe').check();
    await cont.click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByTestId('user-menu').waitFor();

    // Signed out, the password alone is not enough: the page asks for the code.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page);
    await page.getByTestId('second-factor-code').waitFor();
    await screenshot(page, 'second-factor-sign-in-code');
    await page.getByTestId('second-factor-code').fill(codes[0] as string);
    await page.getByRole('button', { name: 'Confirm code' }).click();
    await page.getByTestId('user-menu').waitFor();

    // The account page says it is on and that one recovery code is used.
    await page.getByTestId('account-security-link').click();
    await page.getByRole('heading', { name: 'Sign-in security' }).waitFor();
    await expect(page.getByTestId('second-factor-state').innerText()).resolves.toBe('ON');
    await expect(page.getByTestId('recovery-codes-left').innerText()).resolves.toMatch(/^9 of 10 recovery codes left/);
    await screenshot(page, 'second-factor-account-page');

    // The same recovery code a second time is refused.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await fillSignIn(page);
    await page.getByTestId('second-factor-code').fill(codes[0] as string);
    await page.getByRole('button', { name: 'Confirm code' }).click();
    await page
      .getByTestId('sign-in-error')
      .getByText(/already used/)
      .waitFor();
    await page.close();
  });
});
