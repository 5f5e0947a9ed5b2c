/**
 * Superbills (issue 27, Must 5): a coordinator opens a patient whose 5-day retreat is over, reads
 * the visits Kairos proposes codes for (the dosing sessions by minutes infused, the day-1
 * assessment, the integration session and the day-5 review by the minutes on their notes),
 * finalises the retreat's charges, records a payment and downloads the superbill; its text is read
 * back with pdf.js. The patient then finds the same superbill in the portal.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { pdfText } from '../packages/server/test/pdf-text.js';
import { chromiumAvailable, enterPortalWithCode, launchBrowser, screenshotFromTop, signIn, staffApi, startTestServer } from './browser.js';
import { screenshotPdf } from './pdf-screens.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

run('superbills: a retreat’s charges finalised and its superbill downloaded', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let patientId: string;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const db = server.database.db;
    // DEMO-0014 finished the retreat: assessment, two dosing sessions, integration, review.
    const p = await db.selectFrom('patient').select(['id', 'site_id']).where('mrn', '=', 'DEMO-0014').executeTakeFirstOrThrow();
    patientId = p.id;
    // The clinic's setup (its own page has its own test): the identity, the fees, the prescriber's NPI.
    const coordinator = await staffApi(server.url, 'coordinator@demo.test');
    expect(
      (
        await coordinator('PUT', `/api/sites/${p.site_id}/billing/identity`, {
          legalName: 'Kairos Demo Clinic PC',
          address: '1 Harbour Street, Portland, OR 97201',
          taxId: '12-3456789',
          npi: '1234567893',
          placeOfService: '11',
        })
      ).status,
    ).toBe(200);
    const { fees } = (await coordinator('GET', `/api/sites/${p.site_id}/billing`)).body as { fees: { id: string; code: string }[] };
    for (const [code, feeCents] of [
      ['96365', 45_000],
      ['96366', 15_000],
      ['96374', 20_000],
      ['J3490', 150],
      ['90792', 40_000],
      ['90791', 35_000],
      ['90832', 12_000],
      ['90834', 18_000],
      ['90837', 24_000],
    ] as const) {
      const fee = fees.find((f) => f.code === code);
      if (fee !== undefined)
        expect((await coordinator('PUT', `/api/sites/${p.site_id}/billing/fees/${fee.id}`, { feeCents })).status).toBe(200);
    }
    const prescriber = await db.selectFrom('app_user').select('id').where('email', '=', 'prescriber@demo.test').executeTakeFirstOrThrow();
    const admin = await staffApi(server.url, 'admin@demo.test');
    expect((await admin('PUT', `/api/users/${prescriber.id}/billing`, { npi: '1245319599', licence: 'OR MD 12345' })).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the coordinator finalises each visit of the retreat, records a payment and downloads the superbill; the patient downloads it from the portal', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, 'coordinator@demo.test', `/patients/${patientId}`);
    await page.getByTestId('patient-billing-link').click();
    await page.getByTestId('patient-billing').waitFor();
    const visits = page.getByTestId('billable-visit');
    await visits.first().waitFor();
    // The retreat's visits, each with what Kairos proposes from the record.
    const sessions = visits.and(page.locator('[data-title="Dosing session"]'));
    expect(await sessions.count()).toBe(2);
    await expect(sessions.first().locator('tr[data-code="96365"]').innerText()).resolves.toMatch(/min infused/);
    await expect(
      visits.and(page.locator('[data-title="Day-1 assessment"]')).locator('tr[data-code]').first().getAttribute('data-code'),
    ).resolves.toMatch(/^9079[12]$/);
    await expect(
      visits.and(page.locator('[data-title="Integration therapy"]')).locator('tr[data-code="90837"]').innerText(),
    ).resolves.toMatch(/55 min/);
    await expect(visits.and(page.locator('[data-title="Day-5 review"]')).locator('tr[data-code="90834"]').count()).resolves.toBe(1);
    await screenshotFromTop(page, 'superbill-1-visits');

    // Each visit to review is finalised as proposed.
    const toReview = visits.and(page.locator('[data-state="To review"]'));
    const count = await toReview.count();
    expect(count).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < count; i++) {
      await toReview.first().getByRole('button', { name: 'Review and finalise…' }).click();
      const dialog = page.getByTestId('finalise-charges');
      await dialog.waitFor();
      if (i === 0) await screenshotFromTop(page, 'superbill-2-finalise');
      await dialog.getByRole('button', { name: /^Finalise \d+ lines?$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="billable-visit"][data-state="To review"]').length === n,
        count - i - 1,
      );
    }
    expect(await visits.and(page.locator('[data-state="Finalised"]')).count()).toBe(count);
    const charges = page.getByTestId('charges');
    await charges.locator('tr[data-code="96365"]').first().waitFor();
    expect(await charges.locator('tr[data-code="96365"]').count()).toBe(2);

    // A payment, then the balance.
    const charged = await page.getByTestId('billing-charged').innerText();
    const form = page.getByTestId('payment-form');
    await form.getByLabel('Amount').fill('500');
    await form.getByLabel('Reference').fill('Receipt 1042');
    await form.getByRole('button', { name: 'Record the payment' }).click();
    await page.getByTestId('payments').getByText('Receipt 1042').waitFor();
    await expect(page.getByTestId('billing-paid').innerText()).resolves.toContain('$500.00');
    await screenshotFromTop(page, 'superbill-3-charges');

    // The patient's insurance, as the superbill prints it.
    const insurance = page.getByTestId('insurance-form');
    await insurance.getByLabel('Insurer').fill('Aetna Choice POS II');
    await insurance.getByLabel('Member id').fill('W123456789');
    await insurance.getByRole('button', { name: 'Save the insurance' }).click();
    await insurance.getByRole('status').getByText(/Saved/).waitFor();

    // The superbill of every finalised charge.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('superbill').getByRole('button', { name: 'Download the superbill (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^superbill-DEMO-0014-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = readFileSync(await download.path());
    const { text } = await pdfText(pdf);
    for (const words of [
      'Superbill',
      'Kairos Demo Clinic PC',
      '12-3456789',
      '1234567893',
      'Rendering clinician',
      '1245319599',
      '96365',
      '90837',
      '90834',
      'F43',
      'Aetna Choice POS II',
      'W123456789',
    ])
      expect(text).toContain(words);
    expect(text).toContain(/\$[\d,]+\.\d\d/.exec(charged)?.[0] ?? 'the amount charged');
    expect(text).toContain('$500.00');
    await screenshotPdf(browser, pdf, 'superbill-4-pdf');

    // A range with no charge is refused in words, on the page.
    const card = page.getByTestId('superbill');
    await card.getByLabel('From').fill('2020-01-01');
    await card.getByLabel('To').fill('2020-01-02');
    await card.getByRole('button', { name: 'Download the superbill (PDF)' }).click();
    await card
      .getByRole('alert')
      .getByText(/no finalised charge in these dates/)
      .waitFor();
    await page.close();

    // The patient finds the same superbill in the portal.
    const coordinator = await staffApi(server.url, 'coordinator@demo.test');
    const access = await coordinator('POST', `/api/patients/${patientId}/portal-access`, { send: false });
    expect(access.status).toBe(201);
    const portal = await browser.newPage();
    portal.setDefaultTimeout(15_000);
    await browser.clearCookies();
    await enterPortalWithCode(portal, server.url, (access.body as { code: string }).code);
    const section = portal.getByTestId('superbill');
    await section.waitFor();
    const link = section.getByRole('link', { name: 'Download my superbill (PDF)' });
    expect(await link.getAttribute('href')).toBe('/api/portal/superbill.pdf');
    const fromPortal = await portal.evaluate(async () => {
      const r = await fetch('/api/portal/superbill.pdf');
      return { status: r.status, type: r.headers.get('content-type') };
    });
    expect(fromPortal).toEqual({ status: 200, type: 'application/pdf' });
    await screenshotFromTop(portal, 'superbill-5-portal');
    await portal.close();
  });
});
