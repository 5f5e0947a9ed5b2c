/**
 * People and trust in the browser (issue 3, item 12): each demo role signs in, sees the
 * navigation its role allows, opens a patient or is refused (and the refusal is audited), and
 * signs out. Also: the sign-in errors and demo hint, creating and editing a patient with the
 * server's field errors, and the idle warning and lock screen (the browser's clock is moved).
 */
import { sql } from 'kysely';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshot, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

const PASSWORD = 'kairos-demo-2026';
const ALL = ['Today', 'Patients', 'Schedule', 'Outcomes', 'Inventory', 'Settings'];

/** The navigation each demo role sees (design.md, "Who may do what"). */
const ROLES = [
  { key: 'admin', email: 'admin@demo.test', role: 'Admin', nav: ['Settings'], patients: 'none' },
  { key: 'director', email: 'director@demo.test', role: 'Medical director', nav: ALL, patients: 'site-wide' },
  {
    key: 'prescriber',
    email: 'prescriber@demo.test',
    role: 'Prescriber',
    nav: ['Today', 'Patients', 'Schedule', 'Outcomes', 'Inventory'],
    patients: 'care-team',
  },
  { key: 'nurse', email: 'nurse@demo.test', role: 'Nurse', nav: ['Today', 'Patients', 'Schedule', 'Inventory'], patients: 'care-team' },
  {
    key: 'therapist',
    email: 'therapist@demo.test',
    role: 'Therapist',
    nav: ['Today', 'Patients', 'Schedule', 'Outcomes'],
    patients: 'care-team',
  },
  {
    key: 'coordinator',
    email: 'coordinator@demo.test',
    role: 'Coordinator',
    nav: ['Today', 'Patients', 'Schedule'],
    patients: 'site-wide',
  },
] as const;

interface PatientRow {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
}

async function signIn(page: Page, baseUrl: string, email: string, path = '/'): Promise<void> {
  await page.goto(baseUrl + path);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-menu').or(page.getByTestId('sign-in-error')).waitFor();
  if (await page.getByTestId('sign-in-error').isVisible()) {
    throw new Error(`${email} could not sign in (is the demo clinic loaded?): ${await page.getByTestId('sign-in-error').innerText()}`);
  }
}

async function navLabels(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link').first().waitFor();
  return nav.getByRole('link').allInnerTexts();
}

/** Every patient the signed-in user of `page` may see, through the API, page by page. */
async function visiblePatients(page: Page): Promise<PatientRow[]> {
  return page.evaluate(async () => {
    const out: PatientRow[] = [];
    for (let offset = 0; ; offset += 50) {
      const res = await fetch(`/api/patients?limit=50&offset=${offset}`);
      const body = (await res.json()) as { items: PatientRow[]; total: number };
      out.push(...body.items);
      if (body.items.length === 0 || out.length >= body.total) return out;
    }
  });
}

run('people and trust in the browser', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let allPatients: PatientRow[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    browser = await launchBrowser();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, 'director@demo.test');
    allPatients = await visiblePatients(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the demo clinic has at least 40 synthetic patients for the director', () => {
    expect(allPatients.length).toBeGreaterThanOrEqual(40);
  });

  for (const r of ROLES) {
    it(`${r.key}: signs in, sees ${r.nav.join(', ')}, ${r.patients === 'none' ? 'has no patient list' : 'opens a patient'}${r.patients === 'care-team' ? ', is refused outside the care team' : ''}, signs out`, async () => {
      await browser.clearCookies();
      const page = await browser.newPage();
      page.setDefaultTimeout(10_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));

      // Unauthenticated: sent to sign in, and back to the page asked for afterwards when the role
      // opens it; otherwise home (an admin lands on Settings, not on "not available").
      await signIn(page, server.url, r.email, '/patients');
      await expect(navLabels(page)).resolves.toEqual(r.nav);
      await expect(page.getByTestId('user-roles').innerText()).resolves.toContain(r.role);
      if (r.patients === 'none') await page.waitForURL(/\/settings$/);
      else expect(new URL(page.url()).pathname).toBe('/patients');
      await screenshot(page, `people-${r.key}-1-patients`);

      if (r.patients === 'none') {
        // Asked for directly, the patient list is refused in words.
        await page.goto(`${server.url}/patients`);
        await page.getByText('Patients is not available for your role').waitFor();
        if (allPatients[0] !== undefined) {
          await page.goto(`${server.url}/patients/${allPatients[0].id}`);
          await page.getByText('Patients is not available for your role').waitFor();
        }
      } else {
        const rows = page.getByRole('table', { name: 'Patients' }).getByRole('row');
        await rows.nth(1).waitFor();
        const first = rows.nth(1).getByRole('link');
        const name = await first.innerText();
        await first.click();
        await page.getByRole('heading', { name, level: 2 }).waitFor();
        await page.getByRole('table', { name: 'Care team' }).waitFor();
        await screenshot(page, `people-${r.key}-2-patient`);
      }

      if (r.patients === 'care-team') {
        const mine = new Set((await visiblePatients(page)).map((p) => p.id));
        const other = allPatients.find((p) => !mine.has(p.id));
        expect(other, 'the demo clinic should have a patient outside this care team').toBeDefined();
        if (other !== undefined) {
          await page.goto(`${server.url}/patients/${other.id}`);
          await page.getByText("You are not on this patient's care team").waitFor();
          await screenshot(page, `people-${r.key}-3-refused`);
          const denied = await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM audit_event WHERE patient_id = ${other.id} AND outcome = 'denied'`.execute(server.database.db);
          expect(denied.rows[0]?.n).toBeGreaterThanOrEqual(1);
        }
      }

      // A section the role does not have says so.
      const missing = ALL.find((label) => !(r.nav as readonly string[]).includes(label));
      if (missing !== undefined) {
        await page.goto(`${server.url}/${missing.toLowerCase()}`);
        await page.getByText(`${missing} is not available for your role`).waitFor();
      }

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in/);
      await page.getByText('You signed out.').waitFor();
      // The session is gone on the server too.
      await page.goto(`${server.url}/today`);
      await page.waitForURL(/\/sign-in\?next=%2Ftoday/);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('a wrong password gets one clear answer; demo mode shows the demo accounts', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.route('**/api/demo-info', (route) =>
      route.fulfill({
        json: {
          mode: 'demo',
          demoPassword: PASSWORD,
          demoUsers: ROLES.map((r) => ({ email: r.email, roles: [r.key === 'director' ? 'medical-director' : r.key] })),
        },
      }),
    );
    await page.goto(`${server.url}/sign-in`);
    await page.getByTestId('demo-hint').getByText(`with password ${PASSWORD}`).waitFor();
    // Picking a demo account fills the email.
    await page.getByTestId('demo-hint').getByRole('button', { name: 'nurse@demo.test' }).click();
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('nurse@demo.test');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('sign-in-error').waitFor();
    await screenshot(page, 'people-sign-in-refused');
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'people-sign-in-1024x768');
    await page.close();
  });

  it('a nurse creates a patient: the server’s field errors show under their fields; the nurse starts on the care team; the patient can be edited and found', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, 'nurse@demo.test', '/patients');
    const me = await page.getByTestId('user-name').innerText();
    await page.getByRole('button', { name: 'New patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'New patient' });
    await dialog.getByLabel('Given name').fill('Test');
    await dialog.getByLabel('Family name').fill('E2e-Person');
    await dialog.getByLabel('Date of birth').fill('1984-03-02');
    await dialog.getByLabel('MRN').fill(allPatients[0]?.mrn ?? 'X');
    await dialog.getByLabel('Email').fill('not-an-email');
    await expect(dialog.getByLabel('Nurse').inputValue()).resolves.not.toBe('');
    await dialog.getByRole('button', { name: 'Create patient' }).click();
    // 400 VALIDATION_FAILED: the message sits under the email field.
    await dialog.getByLabel('Email').and(page.locator('[aria-invalid="true"]')).waitFor();
    await screenshot(page, 'people-new-patient-errors');
    // 409 CONFLICT: the MRN is taken.
    await dialog.getByLabel('Email').fill('test.person@example.org');
    await dialog.getByRole('button', { name: 'Create patient' }).click();
    await dialog.getByLabel('MRN').and(page.locator('[aria-invalid="true"]')).waitFor();
    const mrn = `E2E-${Date.now()}`;
    await dialog.getByLabel('MRN').fill(mrn);
    await dialog.getByRole('button', { name: 'Create patient' }).click();
    await page.getByRole('heading', { name: 'E2e-Person, Test', level: 2 }).waitFor();
    expect(page.url()).toMatch(/\/patients\/[^/]+$/);
    await page.getByRole('table', { name: 'Care team' }).getByText(me).waitFor();

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Phone').fill('+1 555 0100');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('patient-details').getByText('+1 555 0100').waitFor();
    await page.reload();
    await page.getByTestId('patient-details').getByText('+1 555 0100').waitFor();
    await screenshot(page, 'people-new-patient-saved');

    await page.goto(`${server.url}/patients`);
    await page.getByLabel('Search patients').fill(mrn);
    await expect.poll(() => page.getByTestId('patient-count').innerText()).toMatch(/^1–1 of 1 patient /);
    await page.getByRole('table', { name: 'Patients' }).getByRole('link', { name: 'E2e-Person, Test' }).waitFor();
    await page.close();
  });

  it('idle expiry: a warning with a countdown 60 s before, Stay signed in; the Today board locks and unlocks; other pages sign out', async () => {
    // A separate browser: the fake clock applies to a whole browser context.
    const ctx = await launchBrowser({ width: 1280, height: 800 });
    try {
      const page = await ctx.newPage();
      page.setDefaultTimeout(10_000);
      await page.clock.install();
      await signIn(page, server.url, 'nurse@demo.test', '/patients');
      const idleMs = await page.evaluate(
        async () => ((await (await fetch('/api/session')).json()) as { idleTimeoutSeconds: number }).idleTimeoutSeconds * 1000,
      );

      await page.clock.fastForward(idleMs - 50_000);
      await page.getByTestId('idle-warning').waitFor();
      await expect(page.getByTestId('idle-countdown').innerText()).resolves.toMatch(/^0:[0-5]\d$/);
      await screenshot(page, 'people-idle-warning');
      await page.getByRole('button', { name: 'Stay signed in' }).click();
      await page.getByTestId('idle-warning').waitFor({ state: 'hidden' });

      // Today must stay in view: it locks, and keeps updating under the lock.
      await page.getByRole('link', { name: 'Today', exact: true }).click();
      await page.getByTestId('board-clock').waitFor();
      await page.clock.fastForward(idleMs + 1000);
      await page.getByTestId('lock-screen').waitFor();
      const before = await page.getByTestId('board-clock').innerText();
      await page.clock.fastForward(2000);
      await expect.poll(() => page.getByTestId('board-clock').innerText()).not.toBe(before);
      await screenshot(page, 'people-today-locked');
      const lock = page.getByTestId('lock-screen');
      await lock.getByLabel('Password', { exact: true }).fill('wrong-password-1');
      await lock.getByRole('button', { name: 'Unlock' }).click();
      await lock.getByRole('alert').waitFor();
      await lock.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await lock.getByRole('button', { name: 'Unlock' }).click();
      await page.getByTestId('lock-screen').waitFor({ state: 'hidden' });

      // Any other page signs out at idle expiry, with a message, and returns there after.
      await page.getByRole('link', { name: 'Patients', exact: true }).click();
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.clock.fastForward(idleMs + 1000);
      await page.waitForURL(/\/sign-in\?next=%2Fpatients/);
      await page.getByTestId('sign-in-notice').getByText('without activity').waitFor();
      await screenshot(page, 'people-idle-signed-out');
    } finally {
      await ctx.close();
    }
  });
});
