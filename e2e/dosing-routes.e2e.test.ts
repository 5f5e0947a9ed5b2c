/**
 * An intramuscular dosing session in the browser, from the order to discharge (issue 29): the
 * medical director has signed a protocol that offers IM and oral/sublingual doses; the checklist's
 * facts are in (the chair's checklist has its own browser test). A prescriber chooses the route on
 * the console and orders 35 mg from 50 mg/mL vials: the calculation shows the mg/kg of the latest
 * weight and the volume to draw, and no drug-level estimate (it models an IV infusion). The
 * director double-checks on the nurse's tablet; the nurse draws a whole mL and gives the injection:
 * the session goes straight to observing, with no pump, pause or stop, and the schedule counts from
 * the injection. She wastes the rest with a witness. Two hours later (the server's clock moves),
 * with the Aldrete score, a last reading and the escort, she discharges; the dosing record names the
 * route. Screens at 1024x768.
 */
import { localDateOf } from '@kairos/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { meetChecklistFacts } from '../packages/server/test/dosing-sessions.js';
import {
  chromiumAvailable,
  DEMO_PASSWORD as PASSWORD,
  launchBrowser,
  moveServerClock,
  screenshotFromTop as screenshot,
  signIn,
  staffApi,
  startTestServer,
  type StaffApi,
} from './browser.js';
import { enterVitals, signInAgain } from './steps.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

const state = (page: Page) => page.getByTestId('session-console').getAttribute('data-state');

run('an intramuscular dosing session, from the order to discharge', () => {
  let server: RunningServer;
  let nurseBrowser: BrowserContext;
  let otherBrowser: BrowserContext;
  let nurse: Page;
  let other: Page;
  let sessionId = '';
  let date = '';
  const errors: string[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    const db = server.database.db;
    const rows = await db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
      .innerJoin('site', 'site.id', 's.site_id')
      .select(['s.id', 's.site_id', 'e.starts_at', 'site.time_zone', 's.patient_id'])
      .where('p.mrn', '=', 'DEMO-0009')
      .orderBy('e.starts_at')
      .execute();
    const now = Date.now();
    const today = rows.reduce((best, r) => (Math.abs(r.starts_at.getTime() - now) < Math.abs(best.starts_at.getTime() - now) ? r : best));
    sessionId = today.id;
    date = localDateOf(today.starts_at, today.time_zone);
    const siteId = today.site_id;
    const director = await staffApi(server.url, 'director@demo.test');
    const ok = async (method: 'POST' | 'PUT', path: string, body: unknown, api: StaffApi = director) => {
      const r = await api(method, path, body);
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      return r.body as Record<string, unknown>;
    };
    const proof = async (email: string, purpose: string) =>
      (await ok('POST', '/api/step-up', { email, password: PASSWORD, purpose })).stepUpToken as string;
    // The medical director signs a protocol offering intramuscular and oral/sublingual doses.
    const proposed = await ok('POST', `/api/sites/${siteId}/protocol/versions`, {
      changes: [{ path: 'dosing.routesEnabled', value: ['IV', 'IM', 'SL'] }],
      reason: 'patients who cannot tolerate an IV are offered an injection',
    });
    await ok('POST', `/api/sites/${siteId}/protocol/versions/${String(proposed.version)}/sign`, {
      stepUpToken: await proof('director@demo.test', 'protocol.sign'),
    });
    // The site's ketamine: 50 mg/mL in 10 mL vials, in the safe.
    const stock = (method: 'POST' | 'PUT', path: string, body: unknown) => ok(method, `/api/sites/${siteId}/stock${path}`, body);
    await stock('PUT', '/dea-registration', { number: 'AB1234563', schedules: ['2', '3', '4', '5'], expiresOn: '2028-06-30' });
    const product = await stock('POST', '/products', {
      name: 'Ketamine HCl 50 mg/mL',
      strengthMgPerMl: 50,
      vialVolumeMl: 10,
      ndc: '42023-115-10',
    });
    const safe = await stock('POST', '/locations', { name: 'Safe' });
    await stock('POST', '/receipts', {
      productId: product.id,
      locationId: safe.id,
      lotNumber: 'KET-IM-1',
      vials: 2,
      expiresOn: '2027-11-30',
      receivedOn: localDateOf(new Date(Date.now() - 86_400_000), today.time_zone),
      supplier: { name: 'Henry Schein', address: '135 Duryea Road, Melville, NY 11747', deaNumber: 'BJ6125341' },
      invoiceRef: 'INV-2026-0077',
    });
    // Checked in, pre-dose, the checklist's facts and intention, a calm pre-dose reading.
    const session = `/api/sessions/${sessionId}`;
    await ok('POST', `${session}/steps`, { step: 'check-in' });
    await ok('POST', `${session}/steps`, { step: 'begin-pre-dose' });
    const nowMs = (server.clock as { nowMs: () => number }).nowMs();
    await meetChecklistFacts(
      async (method, url, payload) => {
        const r = await director(method, url, payload);
        return { statusCode: r.status, body: JSON.stringify(r.body ?? {}) };
      },
      { sessionId, patientId: today.patient_id },
      nowMs,
    );
    await ok('PUT', `${session}/checklist`, { intention: 'to let the memory be a memory' });
    await ok('POST', `${session}/vitals`, {
      readings: [
        {
          clientId: 'im-pre',
          measuredAt: new Date(nowMs - 60_000).toISOString(),
          systolic: 124,
          diastolic: 78,
          heartRate: 72,
          spo2: 98,
          respiratoryRate: 14,
        },
      ],
    });
    nurseBrowser = await launchBrowser({ width: 1024, height: 768 });
    otherBrowser = await launchBrowser({ width: 1024, height: 768 });
    nurse = await nurseBrowser.newPage();
    other = await otherBrowser.newPage();
    for (const p of [nurse, other]) {
      p.setDefaultTimeout(10_000);
      p.on('pageerror', (e) => errors.push(e.message));
    }
  });
  afterAll(async () => {
    await nurseBrowser?.close();
    await otherBrowser?.close();
    await server?.close();
  });

  it('the prescriber chooses the intramuscular route and orders 35 mg: its mg/kg and volume, no drug-level estimate', async () => {
    await signIn(other, server.url, 'prescriber@demo.test', `/sessions/${sessionId}`);
    const form = other.getByTestId('dose-order-form');
    await form.waitFor();
    await form.getByText('Intramuscular injection').click();
    await expect(form.getByLabel('Diluent (mL)').count()).resolves.toBe(0);
    await form.getByText('50 mg/mL').click();
    await form.getByLabel('Dose (mg)').fill('35');
    await form.getByRole('button', { name: 'Order the dose' }).click();
    const calc = other.getByTestId('dose-calculation');
    await calc.waitFor();
    // Demo weight 74.2 kg: 35 mg is 0.47 mg/kg; 0.7 mL of 50 mg/mL.
    const text = await calc.innerText();
    for (const words of ['Intramuscular injection', '74.2 kg', '35.0 mg', '0.47 mg/kg', 'site maximum 1 mg/kg', '0.70 mL'])
      expect(text).toContain(words);
    await expect(other.getByTestId('pk-chart').count()).resolves.toBe(0);
    await screenshot(other, 'routes-01-im-order');
  });

  it('double-checked on the nurse’s tablet, a whole mL drawn, the injection given: observing at once, no pump', async () => {
    await signIn(nurse, server.url, 'nurse@demo.test', `/sessions/${sessionId}`);
    await nurse.getByTestId('dose-calculation').waitFor();
    await expect(nurse.getByRole('button', { name: 'Give the injection' }).isDisabled()).resolves.toBe(true);
    await nurse.getByRole('button', { name: 'Double check' }).click();
    const dialog = nurse.getByTestId('step-up-dialog');
    await expect(dialog.innerText()).resolves.toMatch(/Intramuscular injection: 35 mg by intramuscular injection/);
    await dialog.getByLabel('Email').fill('director@demo.test');
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await nurse.getByTestId('double-checked').waitFor();
    const ketamine = nurse.getByTestId('ketamine-card');
    await ketamine.getByText('The order needs 0.7 mL of 50 mg/mL (35 mg).').waitFor();
    await ketamine.getByLabel(/^Volume drawn/).fill('1');
    await ketamine.getByRole('button', { name: /^Record the draw/ }).click();
    await ketamine
      .getByTestId('ketamine-draw')
      .getByText(/Drawn 50 mg \(1 mL\) of lot KET-IM-1/)
      .waitFor();
    await nurse.getByRole('button', { name: 'Give the injection' }).click();
    await expect.poll(() => state(nurse)).toBe('observing');
    const card = nurse.getByTestId('administration-card');
    await card.getByText('35 mg by intramuscular injection (0.47 mg/kg of 74.2 kg)').waitFor();
    await expect(nurse.getByTestId('infusion-card').count()).resolves.toBe(0);
    for (const name of ['Pause infusion', 'Stop infusion']) await expect(nurse.getByRole('button', { name }).count()).resolves.toBe(0);
    // The schedule counts from the injection: MOAA/S 15 minutes after it is the next sedation score.
    await expect(nurse.getByTestId('monitoring').innerText()).resolves.toMatch(/MOAA\/S/);
    await screenshot(nurse, 'routes-02-im-given');
    // Today marks the session's route and counts from the injection.
    await other.goto(`${server.url}/today?date=${date}`);
    const boardCard = other.locator(`[data-testid="board-card"][data-session-id="${sessionId}"]`);
    await boardCard.getByTestId('board-route').getByText('Intramuscular injection').waitFor();
    await expect(boardCard.innerText()).resolves.toMatch(/min since the injection/);
    await screenshot(other, 'routes-02b-today');
  });

  it('the rest of the mL is wasted with a witness; two hours later, with the Aldrete score, a last reading and the escort, the patient goes home', async () => {
    const waste = nurse.getByTestId('ketamine-waste');
    await expect(waste.innerText()).resolves.toMatch(/15 mg \(0\.3 mL\) remains to waste/);
    await waste.getByLabel('Volume wasted (mL)').fill('0.3');
    await waste.getByLabel(/^Reason/).fill('remainder of the vial draw after the injection');
    await waste.getByRole('button', { name: /^Waste/ }).click();
    const witness = nurse.getByTestId('step-up-dialog');
    await witness.getByLabel('Email').fill('nurse2@demo.test');
    await witness.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await witness.getByRole('button', { name: 'Confirm' }).click();
    await nurse.getByTestId('ketamine-reconciled').waitFor();

    moveServerClock(server, 2 * 3_600_000 + 60_000);
    await signInAgain(nurse, 'nurse@demo.test', new RegExp(`/sessions/${sessionId}$`));
    await nurse.getByTestId('discharge-card').waitFor();
    const form = nurse.getByTestId('aldrete-form');
    for (const item of ['activity', 'respiration', 'circulation', 'consciousness', 'spo2'])
      await form.locator(`[data-item="${item}"]`).getByText('2', { exact: true }).click();
    await form.getByRole('button', { name: 'Save Aldrete score' }).click();
    await nurse.locator('[data-condition="aldrete-total"][data-status="met"]').waitFor();
    await enterVitals(nurse, { systolic: 122, diastolic: 78, heartRate: 70, spo2: 98, respiratoryRate: 14 });
    await nurse.getByTestId('discharge-escort-form').locator('button[type="submit"]').click();
    await expect.poll(() => nurse.getByTestId('discharge-ready').innerText(), { timeout: 10_000 }).toMatch(/ready for discharge/i);
    await nurse.getByRole('button', { name: 'Discharge', exact: true }).click();
    await nurse.getByTestId('confirm-dialog').getByRole('button', { name: 'Discharge' }).click();
    await expect.poll(() => state(nurse)).toBe('discharged');
    await screenshot(nurse, 'routes-03-im-discharged');
    await nurse.getByTestId('infusion-record-link').click();
    const record = nurse.getByTestId('record-dose');
    await record.getByText('Intramuscular injection', { exact: true }).waitFor();
    await expect(record.innerText()).resolves.toMatch(/0\.7 mL drawn from a 50 mg\/mL vial, given as one injection/);
    await expect(record.innerText()).resolves.toMatch(
      /50 mg \(1 mL\) of lot KET-IM-1 \(50 mg\/mL\) by Nora Nurse, RN; given 35 mg \(0\.7 mL\); wasted 15 mg \(0\.3 mL\), witnessed by Nate Second, RN/,
    );
    await expect(nurse.getByTestId('record-timings').innerText()).resolves.toMatch(/Dose given\s+35 mg at/);
    await expect(nurse.getByTestId('record-pump').count()).resolves.toBe(0);
    await screenshot(nurse, 'routes-04-im-record');
    expect(errors).toEqual([]);
  });
});
