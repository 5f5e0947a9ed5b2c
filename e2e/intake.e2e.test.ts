/**
 * From referral to eligibility in the browser (issue 6, item 9): a medical director publishes the
 * site's consent document; a coordinator creates a patient, refers them to the 5-day retreat,
 * with the referral's details (a clinician source, its reason), adds the referral letter (a PDF),
 * starts screening and creates a portal link; the patient opens the link on a phone (390x844) and
 * signs the consent; the coordinator records the patient's details and the screening facts; a
 * prescriber opens the screening workspace and decides Eligible through the step-up dialog.
 */
import { localDateOf } from '@kairos/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshot as saveScreenshot, signOut, startTestServer } from './browser.js';
import { recordClearScreeningFacts } from './steps.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

const PASSWORD = 'kairos-demo-2026';
const PROGRAM = '5-day ketamine-assisted psychotherapy retreat';

async function signIn(page: Page, baseUrl: string, email: string, path: string): Promise<void> {
  await page.goto(baseUrl + path);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-menu').or(page.getByTestId('sign-in-error')).waitFor();
  if (await page.getByTestId('sign-in-error').isVisible()) throw new Error(`${email} could not sign in`);
}

/** A full-page screenshot from the top (a scrolled page repeats its fixed header in the image). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

/** A date `daysAgo` days before today at the demo site (America/New_York), YYYY-MM-DD. */
function siteDate(daysAgo: number): string {
  return localDateOf(Date.now() - daysAgo * 86_400_000, 'America/New_York');
}

/** Picks an option of a Mantine Select by its label. */
async function pick(page: Page, label: string, option: string): Promise<void> {
  await page
    .locator('input')
    .and(page.getByLabel(label, { exact: true }))
    .click();
  await page.getByRole('option', { name: option }).click();
}

run('from referral to eligibility in the browser', () => {
  let server: RunningServer;
  let staff: BrowserContext;
  let phone: BrowserContext;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    staff = await launchBrowser();
    phone = await launchBrowser({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await phone?.close();
    await staff?.close();
    await server?.close();
  });

  it('settings: an admin adds, renames and deactivates rooms and chairs; a director proposes a protocol change and signs the version with a step-up check', async () => {
    await staff.clearCookies();
    const errors: string[] = [];
    const page = await staff.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));

    await signIn(page, server.url, 'admin@demo.test', '/settings');
    await page.getByRole('table', { name: 'Sites' }).getByRole('link').first().click();
    const rooms = page.getByTestId('rooms');
    await rooms.getByLabel('New room name').fill('Infusion room E2E');
    await rooms.getByRole('button', { name: 'Add room', exact: true }).click();
    const room = rooms.getByTestId('room-Infusion room E2E');
    await room.waitFor();
    await room.getByLabel('New chair in Infusion room E2E').fill('Chair 1');
    await room.getByRole('button', { name: 'Add chair', exact: true }).click();
    await room.getByRole('button', { name: 'Rename chair Chair 1' }).click();
    await room.getByLabel('New chair name').fill('Chair A');
    await room.getByRole('button', { name: 'Save', exact: true }).click();
    await room.getByText('Chair A').waitFor();
    await room.getByRole('button', { name: 'Deactivate chair Chair A' }).click();
    await room.getByRole('button', { name: 'Reactivate chair Chair A' }).waitFor();
    // Working days, saved with the site.
    await page.getByRole('checkbox', { name: 'Sat' }).check();
    await page.getByRole('button', { name: 'Save site' }).click();
    await page.getByTestId('site-saved').waitFor();
    await page.reload();
    await expect(page.getByRole('checkbox', { name: 'Sat' }).isChecked()).resolves.toBe(true);
    await screenshot(page, 'settings-01-rooms');
    await signOut(page);

    await signIn(page, server.url, 'director@demo.test', '/settings');
    await page.getByRole('table', { name: 'Sites' }).getByRole('link', { name: 'Protocol' }).first().click();
    // The demo signs the shipped defaults at load: version 1 is in force.
    const current = page.getByTestId('protocol-current');
    await current.getByRole('heading', { name: 'In force: version 1' }).waitFor();
    await current.getByText(/^signed /).waitFor();
    // The header says which version is in force at the director's site, not a fixed string.
    await page.getByTestId('protocol-badge').getByText('Protocol version 1 signed').waitFor();
    const propose = page.getByTestId('propose-change');
    await propose
      .locator('input')
      .and(propose.getByLabel('Parameter', { exact: true }))
      .fill('dosing.infusionMinutes');
    await page.getByRole('option', { name: 'dosing.infusionMinutes', exact: true }).click();
    await propose.getByLabel('New value').fill('45');
    await propose.getByLabel('Reason').fill('Site infuses over 45 minutes');
    await propose.getByRole('button', { name: 'Propose change' }).click();
    // A proposal changes nothing until it is signed: version 1 and its 40 minutes stay in force.
    const proposal = page.getByTestId('protocol-proposal');
    await proposal.getByRole('heading', { name: 'Proposed: version 2' }).waitFor();
    await proposal.getByTestId('proposal-changes').getByText('45', { exact: true }).waitFor();
    await current.getByRole('heading', { name: 'In force: version 1' }).waitFor();
    await page.getByTestId('param-dosing.infusionMinutes').getByText('40', { exact: true }).waitFor();
    await screenshot(page, 'settings-02a-protocol-proposal');
    await proposal.getByRole('button', { name: 'Sign this version' }).click();
    await page.getByTestId('step-up-dialog').getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByTestId('step-up-dialog').getByRole('button', { name: 'Confirm' }).click();
    await current.getByRole('heading', { name: 'In force: version 2' }).waitFor();
    await proposal.waitFor({ state: 'detached' });
    await page.getByTestId('protocol-badge').getByText('Protocol version 2 signed').waitFor();
    await page.getByTestId('param-dosing.infusionMinutes').getByText('45', { exact: true }).waitFor();
    await page.getByTestId('param-dosing.doseMinimumMgPerKg').getByText('site default, reviewed').waitFor();
    await screenshot(page, 'settings-02-protocol-signed');
    // Every provenance names its source in words, never a file of the repository.
    const shown = await page.locator('main').innerText();
    expect(shown).toContain('doses rounded to 0.1 mg');
    expect(shown).not.toMatch(/clinical-facts\.md|protocol-defaults\.md|program-brief\.txt/);
    await signOut(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a coordinator refers and sends a portal link, the patient signs on a phone, the coordinator records the facts, a prescriber decides eligible', async () => {
    await staff.clearCookies();
    const errors: string[] = [];
    const page = await staff.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));

    // 1. The medical director publishes the site's consent document, and reads the protocol.
    await signIn(page, server.url, 'director@demo.test', '/settings');
    await page.getByRole('table', { name: 'Sites' }).getByRole('link').first().click();
    await page.getByTestId('rooms').waitFor();
    await screenshot(page, 'intake-01-site');
    await page.getByRole('tab', { name: 'Protocol' }).click();
    await page.getByRole('table', { name: 'Protocol parameters' }).waitFor();
    await page.getByTestId('protocol-current').waitFor();
    await screenshot(page, 'intake-02-protocol');
    await page.getByRole('tab', { name: 'Consent documents' }).click();
    await page.getByRole('button', { name: 'New version' }).click();
    const form = page.getByTestId('new-consent');
    await form.getByLabel('Title').fill('Consent to ketamine-assisted psychotherapy');
    await form
      .getByLabel('Text the patient reads and signs')
      .fill(
        'You are invited to take part in a 5-day ketamine-assisted psychotherapy retreat for PTSD.\n\nKetamine is given by intravenous infusion under continuous monitoring. It can cause dissociation, raised blood pressure, nausea and drowsiness. You must not drive until the next day.\n\nYou may stop at any time.',
      );
    await form.getByRole('button', { name: 'Publish as current version' }).click();
    await page.getByTestId('consent-documents').getByText('current').waitFor();
    await screenshot(page, 'intake-03-consent-document');
    await signOut(page);

    // 2. The coordinator creates a patient with Dr. Priya Prescriber on the care team.
    await signIn(page, server.url, 'coordinator@demo.test', '/patients');
    await page.getByRole('button', { name: 'New patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'New patient' });
    await dialog.getByLabel('Given name').fill('Robin');
    await dialog.getByLabel('Family name').fill('Intake-Test');
    await dialog.getByLabel('Date of birth').fill('1979-06-14');
    await dialog.getByLabel('Sex').selectOption('male');
    await dialog.getByLabel('MRN').fill(`E2E-INTAKE-${Date.now()}`);
    await dialog.getByLabel('Prescriber').selectOption({ label: 'Dr. Priya Prescriber' });
    await dialog.getByRole('button', { name: 'Create patient' }).click();
    await page.getByRole('heading', { name: 'Intake-Test, Robin', level: 2 }).waitFor();
    const patientUrl = page.url();

    // 3. Refers them to the retreat at the demo site and starts screening.
    await page.getByRole('button', { name: 'Refer to a program' }).click();
    const refer = page.getByRole('dialog', { name: 'Refer to a program' });
    await pick(page, 'Program', PROGRAM);
    await expect(
      refer
        .locator('input')
        .and(refer.getByLabel('Site', { exact: true }))
        .inputValue(),
    ).resolves.toContain('Demo');
    // The referral's details: a clinician source needs the clinician's name (refused in the dialog without it).
    await refer.getByLabel('Referred by').selectOption('clinician');
    await refer.getByRole('button', { name: 'Refer' }).click();
    await refer.getByText('a referral from a clinician needs the clinician’s name').waitFor();
    await refer.getByLabel('Referring clinician').fill('Dr Ana Okafor');
    await refer.getByLabel('Practice or organisation').fill('Harbour Trauma Clinic');
    await refer.getByLabel('Reason for referral').fill('Chronic PTSD; two SSRIs and prolonged exposure without response.');
    await expect(refer.getByLabel('Date received').inputValue()).resolves.toBe(siteDate(0));
    await saveScreenshot(page, 'intake-04a-refer-with-details');
    await refer.getByRole('button', { name: 'Refer' }).click();
    const enrollment = page.getByTestId('enrollments').getByTestId('enrollment-card').first();
    await enrollment.getByTestId('enrollment-state').getByText('Referred').waitFor();
    // The referral card: the details in words, and a PDF the coordinator adds, listed with its kind and size.
    const referral = enrollment.getByTestId('referral');
    await referral.getByTestId('referral-details').getByText('A clinician').waitFor();
    await referral.getByText('Dr Ana Okafor · Harbour Trauma Clinic').waitFor();
    await referral.locator('input[type="file"]').setInputFiles({
      name: 'Referral letter.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% referral letter\n%%EOF\n'),
    });
    const letter = referral.getByTestId('referral-document');
    await letter.getByRole('link', { name: 'Referral letter.pdf' }).waitFor();
    await letter.getByText(/^PDF, \d+ bytes · added /).waitFor();
    // Edit: the date received corrected; the card shows it in words.
    await referral.getByRole('button', { name: 'Edit' }).click();
    await referral.getByLabel('Date received').fill(siteDate(1));
    await referral.getByRole('button', { name: 'Save referral details' }).click();
    await referral.getByText(new RegExp(`^Received: \\w+,? ${Number(siteDate(1).slice(8))} \\w+ \\d{4}$`)).waitFor();
    await referral.getByText('Dr Ana Okafor · Harbour Trauma Clinic').waitFor();
    await screenshot(page, 'intake-04-referred');
    await enrollment.getByRole('button', { name: 'Start screening' }).click();
    await enrollment.getByTestId('enrollment-state').getByText('Screening').waitFor();
    await enrollment.getByTestId('waiting-for').getByText("the patient's signed consent").waitFor();

    // 4. Creates a portal link, shown once.
    await page.getByRole('button', { name: 'Create portal link' }).click();
    await page.getByRole('button', { name: 'Create link' }).click();
    const url = await page.getByTestId('portal-url').inputValue();
    const code = await page.getByTestId('portal-code').innerText();
    expect(url).toMatch(/\/portal\/enter\?token=/);
    expect(code.trim()).toHaveLength(8);
    // Robin has no email address on record: the modal says the link was not emailed, and why.
    await page
      .getByTestId('portal-email')
      .getByText('Not emailed: the patient has no email address on record.', { exact: false })
      .waitFor();
    await screenshot(page, 'intake-05-portal-link');
    await page.getByRole('button', { name: 'Done' }).click();

    // 5. The patient opens the link on a phone and signs.
    const mobile = await phone.newPage();
    mobile.setDefaultTimeout(10_000);
    mobile.on('pageerror', (e) => errors.push(e.message));
    await mobile.goto(url);
    await mobile.getByTestId('portal-consent').waitFor();
    await mobile.getByRole('heading', { name: 'Consent to ketamine-assisted psychotherapy' }).waitFor();
    await screenshot(mobile, 'intake-06-portal-consent-390x844');
    await mobile.getByLabel('Type your full name to sign').fill('Robin Intake-Test');
    await mobile.getByRole('button', { name: 'I agree and sign' }).click();
    await mobile.getByTestId('portal-signed').waitFor();
    await screenshot(mobile, 'intake-07-portal-signed-390x844');
    // The link was single use: opening it again asks for a code.
    await mobile.context().clearCookies();
    await mobile.goto(url);
    await mobile.getByTestId('portal-code-form').waitFor();
    await screenshot(mobile, 'intake-08-portal-link-used-390x844');
    await mobile.close();

    // 6. The coordinator records the patient's details: a PTSD diagnosis and vital signs.
    await page.goto(patientUrl);
    await enrollment.getByTestId('consent-status').getByText('signed').waitFor();
    const diagnoses = page.getByTestId('diagnoses');
    // The code alone: its ICD-10-CM text comes from core's table, shown beside it.
    await diagnoses.getByLabel('ICD-10-CM code').fill('F43.10');
    await diagnoses.getByRole('button', { name: 'Add diagnosis' }).click();
    await diagnoses.getByText('F43.10').waitFor();
    await diagnoses.getByText('Post-traumatic stress disorder, unspecified').waitFor();
    const vitals = page.getByTestId('vitals');
    await vitals.getByLabel('Systolic (mmHg)').fill('122');
    await vitals.getByLabel('Diastolic (mmHg)').fill('78');
    await vitals.getByLabel('Heart rate (/min)').fill('72');
    await vitals.getByLabel('Weight (kg)').fill('74.5');
    await vitals.getByRole('button', { name: 'Add reading' }).click();
    await vitals.getByRole('table', { name: 'Vitals history' }).getByText('122/78').waitFor();
    await page.getByTestId('escort').getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('escort').getByLabel('Name').fill('Sam Intake-Test');
    await page.getByTestId('escort').getByLabel('Phone').fill('+1 555 0199');
    await page.getByTestId('escort').getByLabel('Relationship').fill('partner');
    await page.getByTestId('escort').getByRole('button', { name: 'Save contact' }).click();
    await page.getByTestId('escort').getByText('Sam Intake-Test').waitFor();
    await screenshot(page, 'intake-09-patient-details');

    // 7. ... and the screening facts, in the screening workspace.
    await enrollment.getByRole('link', { name: /Screening workspace/ }).click();
    await page.waitForURL(/\/screening$/);
    await recordClearScreeningFacts(page, siteDate(1));
    await page.getByTestId('decision-panel').getByTestId('decision-badge').getByText('Eligible').waitFor();
    const checks = page.getByRole('table', { name: 'Screening checks' }).locator('tbody tr');
    await expect(checks.count()).resolves.toBe(26); // 24 and the added age and unrecognised-medications
    await expect(page.locator('[data-outcome]:not([data-outcome="pass"])').count()).resolves.toBe(0);
    // The baseline questionnaires beside the checks: none answered yet by this new patient.
    const baseline = page.getByRole('table', { name: 'Baseline questionnaires' });
    await baseline.getByRole('row').filter({ hasText: 'PCL-5' }).getByText('not answered yet').waitFor();
    await screenshot(page, 'intake-10-screening-recorded');
    const screeningUrl = page.url();
    // A coordinator does not decide.
    await expect(page.getByRole('button', { name: 'Eligible', exact: true }).count()).resolves.toBe(0);
    await signOut(page);

    // 8. The prescriber decides Eligible, with a step-up check.
    await signIn(page, server.url, 'prescriber@demo.test', new URL(screeningUrl).pathname);
    await page.getByTestId('decision-panel').waitFor();
    await screenshot(page, 'intake-11-prescriber-workspace');
    await page.getByRole('button', { name: 'Eligible', exact: true }).click();
    const stepUp = page.getByTestId('step-up-dialog');
    await stepUp.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await screenshot(page, 'intake-12-step-up');
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('decision-made').getByText('Decided: eligible').waitFor();
    await page.getByTestId('enrollment-state').getByText('Eligible').waitFor();
    await screenshot(page, 'intake-13-decided-eligible');

    // 9. The printable summary, and the patient page: the enrollment is eligible.
    await page.getByRole('link', { name: 'Printable summary' }).click();
    await page.getByTestId('printed-decision').getByText('Eligible').waitFor();
    await screenshot(page, 'intake-14-print');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'intake-15-print-media');
    await page.emulateMedia({ media: 'screen' });
    await page.goto(patientUrl);
    await enrollment.getByTestId('enrollment-state').getByText('Eligible').waitFor();
    await enrollment.getByTestId('waiting-for').getByText('scheduling').waitFor();
    await screenshot(page, 'intake-16-patient-eligible');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a name that has changed since registration: refused on the tablet, then signed with the coordinator confirming as staff witness', async () => {
    await staff.clearCookies();
    const page = await staff.newPage();
    page.setDefaultTimeout(10_000);
    const db = server.database.db;
    const p = await db
      .selectFrom('patient')
      .select(['id', 'given_name', 'site_id'])
      .where('mrn', '=', 'DEMO-0007')
      .executeTakeFirstOrThrow();
    // A new consent version: the eligible enrollment must be signed again.
    await signIn(page, server.url, 'director@demo.test', '/settings');
    const doc = await page.evaluate(async (siteId) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const r = await fetch(`/api/sites/${siteId}/consent-documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ title: 'Consent, witnessed version', body: 'I understand the program, its risks and benefits.' }),
      });
      return r.status;
    }, p.site_id);
    expect(doc).toBe(201);
    await signOut(page);
    await signIn(page, server.url, 'coordinator@demo.test', `/patients/${p.id}`);
    await page.getByRole('button', { name: 'Sign consent on this tablet' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Consent, signed on this tablet' });
    const married = `${p.given_name} Castellanos-Reyes`;
    await dialog.getByLabel('Type your full name to sign').fill(married);
    await dialog.getByRole('button', { name: 'I agree and sign' }).click();
    await dialog.getByTestId('consent-witness').waitFor();
    await dialog.getByLabel('Why the names differ').fill('Married since registration; photo ID seen');
    await dialog.getByRole('button', { name: 'Confirm as staff witness' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm the patient’s signature' });
    await stepUp.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByText(/Consent version \d+ signed/).waitFor();
    await screenshot(page, 'intake-consent-witnessed');
    const row = await db
      .selectFrom('consent_signature')
      .select(['name_witness_reason'])
      .where('typed_name', '=', married)
      .executeTakeFirstOrThrow();
    expect(row.name_witness_reason).toBe('Married since registration; photo ID seen');
    await page.close();
  });

  it('a recorded condition shows the ICD-10-CM codes a coder may use, with their text; picking one shows them before it is added', async () => {
    await staff.clearCookies();
    const page = await staff.newPage();
    page.setDefaultTimeout(10_000);
    const p = await server.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0006').executeTakeFirstOrThrow();
    await signIn(page, server.url, 'coordinator@demo.test', `/patients/${p.id}`);
    const card = page.getByTestId('conditions');
    const recorded = card.getByTestId('condition').filter({ hasText: /psychosis/i });
    await recorded
      .getByTestId('condition-icd10cm')
      .getByText('ICD-10-CM (for the coder to confirm): F29 Unspecified psychosis not due to a substance or known physiological condition')
      .waitFor();
    await card
      .locator('input')
      .and(card.getByLabel('Condition', { exact: true }))
      .click();
    await page.getByRole('option', { name: 'pregnancy (absolute)' }).click();
    await card.getByText('ICD-10-CM: Z33.1 Pregnant state, incidental').waitFor();
    await recorded.scrollIntoViewIfNeeded();
    await screenshot(page, 'intake-condition-icd10cm');
    // Nothing was added by picking.
    await expect(card.getByTestId('condition').count()).resolves.toBe(1);
    // The screening workspace's record shows them too.
    await page.getByRole('link', { name: /Screening workspace/ }).click();
    await page.waitForURL(/\/screening$/);
    await page
      .getByTestId('condition-icd10cm')
      .getByText(/F29 Unspecified psychosis/)
      .waitFor();
    await page.close();
  });
});
