/**
 * A dosing session in the browser at tablet size (issue 8, items 11 and 15; the demo signs the
 * site protocol at load, so dosing runs under signed version 1): a nurse opens Today and the
 * session of DEMO-0009, checks in, begins the pre-dose checks, enters pre-dose vitals and completes
 * the checklist; the therapist sets the intention and a prescriber orders the dose in a second
 * browser; the director double-checks it on the nurse's screen through the step-up dialog; the
 * nurse starts the infusion and changes the pump rate with a reason (the prescriber's open console
 * shows it live). An administrator creates a device token on the device tokens page; the server's
 * clock moves 37 minutes on, and the monitor simulator posts the hypertensive episode through the
 * public device API: the nurse's console, following the live stream, raises the alarm and
 * "pause recommended"; the nurse pauses with a reason, acknowledges, resumes and stops, and reports
 * a serious adverse event, which the medical director finds from Today and closes with a note.
 * Then the clock moves past the minimum observation, the nurse signs in again, enters the Aldrete
 * score, a CADSS-6 and a last reading, discharges once ready and opens the printable discharge
 * instructions. On the patient's second dosing day the monitor simulator's hypotension scenario
 * raises the low-blood-pressure alarm and recommends a pause. Screens at 1024x768.
 */
import { localDateOf } from '@kairos/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { runSimulation } from '../packages/server/src/simulator/run-simulation.js';
import { raiseTimedAlerts } from '../packages/server/src/services/dosing-session/raise-timed-alerts.js';
import { meetChecklistFacts } from '../packages/server/test/dosing-sessions.js';
import { screenshotPdf } from './pdf-screens.js';
import { pdfText } from '../packages/server/test/pdf-text.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromiumAvailable,
  DEMO_PASSWORD as PASSWORD,
  launchBrowser,
  moveServerClock,
  SCREENSHOTS,
  TAKE_SCREENSHOTS,
  screenshotFromTop as screenshot,
  signIn,
  staffApi,
  startTestServer,
  type StaffApi,
} from './browser.js';
import { axeViolations, describeFindings } from './axe.js';
import { enterVitals, signInAgain, siteLocal, tabFromTopTo } from './steps.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

const TABLET = { width: 1024, height: 768 };

/** What the tablet's screen shows now (1024x768, not the full page). */
async function saveViewport(page: Page, name: string): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

const state = (page: Page) => page.getByTestId('session-console').getAttribute('data-state');

/** A prescriber approves on the nurse's tablet: a reason when asked, their own email and password. */
async function prescriberApproves(page: Page, reason?: string): Promise<void> {
  const dialog = page.getByTestId('prescriber-dialog');
  await dialog.waitFor();
  if (reason !== undefined) await dialog.getByRole('textbox').first().fill(reason);
  await dialog.getByLabel('Email').fill('prescriber@demo.test');
  await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await dialog.locator('button[type="submit"]').click();
  await dialog.waitFor({ state: 'detached' });
}

run('a dosing session at the chair, in the browser', () => {
  let server: RunningServer;
  let nurseBrowser: BrowserContext;
  let otherBrowser: BrowserContext;
  let nurse: Page;
  let other: Page;
  let sessionId = '';
  let otherSessionId = '';
  let siteId = '';
  let timeZone = '';
  let patientId = '';
  let date = '';
  let deviceToken = '';
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
    // The demo's dosing day today: the session whose booking is nearest to now.
    const now = Date.now();
    const today = rows.reduce((best, r) => (Math.abs(r.starts_at.getTime() - now) < Math.abs(best.starts_at.getTime() - now) ? r : best));
    sessionId = today.id;
    siteId = today.site_id;
    timeZone = today.time_zone;
    patientId = today.patient_id;
    date = localDateOf(today.starts_at, today.time_zone);
    otherSessionId = rows.find((r) => r.id !== today.id)?.id ?? '';
    // The site keeps its ketamine in Kairos: a 10 mg/mL product in 20 mL vials, five received into the safe (100 mL, 1,000 mg).
    const director = await staffApi(server.url, 'director@demo.test');
    const stockApi = async (method: 'POST' | 'PUT', path: string, body: unknown) => {
      const r = await director(method, `/api/sites/${siteId}/stock${path}`, body);
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      return r.body as { id: string };
    };
    await stockApi('PUT', '/dea-registration', { number: 'AB1234563', schedules: ['2', '3', '4', '5'], expiresOn: '2028-06-30' });
    const product = await stockApi('POST', '/products', {
      name: 'Ketamine HCl 10 mg/mL',
      strengthMgPerMl: 10,
      vialVolumeMl: 20,
      ndc: '42023-113-10',
    });
    const safe = await stockApi('POST', '/locations', { name: 'Safe' });
    await stockApi('POST', '/receipts', {
      productId: product.id,
      locationId: safe.id,
      lotNumber: 'KET-2611',
      vials: 5,
      expiresOn: '2027-11-30',
      receivedOn: localDateOf(new Date(Date.now() - 86_400_000), timeZone),
      supplier: { name: 'Henry Schein', address: '135 Duryea Road, Melville, NY 11747', deaNumber: 'BJ6125341' },
      invoiceRef: 'INV-2026-0042',
    });
    nurseBrowser = await launchBrowser(TABLET);
    otherBrowser = await launchBrowser(TABLET);
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

  it('the nurse finds the session on the Today board and opens its console', async () => {
    await signIn(nurse, server.url, 'nurse@demo.test', `/today?date=${date}`);
    const card = nurse.locator(`[data-testid="board-card"][data-session-id="${sessionId}"]`);
    await card.waitFor();
    await expect(card.getAttribute('data-state')).resolves.toBe('scheduled');
    await screenshot(nurse, 'dosing-01-today');
    await card.click();
    await nurse.waitForURL(new RegExp(`/sessions/${sessionId}$`));
    await nurse.getByTestId('console-patient').waitFor();
    expect(await state(nurse)).toBe('scheduled');
    await screenshot(nurse, 'dosing-02-console-scheduled');
  });

  it('checks in, begins the pre-dose checks, records pre-dose vitals and the nurse’s checklist items', async () => {
    // Only the allowed steps are offered.
    await expect(nurse.getByRole('button', { name: 'Start infusion' }).count()).resolves.toBe(0);
    await nurse.getByRole('button', { name: 'Check in' }).click();
    await expect.poll(() => state(nurse)).toBe('checked-in');
    await nurse.getByRole('button', { name: 'Begin pre-dose checks' }).click();
    await expect.poll(() => state(nurse)).toBe('pre-dose');
    await enterVitals(nurse, { systolic: 128, diastolic: 80, heartRate: 76, spo2: 98, respiratoryRate: 14 });
    const checklist = nurse.getByTestId('checklist');
    const item = (id: string) => checklist.locator(`[data-item="${id}"]`);
    // The checklist takes facts, not ticks: each item says what it still needs.
    await expect(item('fasting').getAttribute('data-status')).resolves.toBe('to-do');
    const now = (server.clock as { nowMs: () => number }).nowMs();
    const fasting = checklist.getByTestId('fasting-form');
    await fasting.getByLabel('Last solid food').fill(siteLocal(now - 10 * 3_600_000, timeZone));
    await fasting.getByLabel('Last clear liquids').fill(siteLocal(now - 3 * 3_600_000, timeZone));
    await fasting.getByRole('button', { name: 'Save' }).click();
    await item('fasting').and(nurse.locator('[data-status="done"]')).waitFor();
    const escort = checklist.getByTestId('escort-form');
    await escort.getByLabel('Escort’s name').fill('Sam Rivers');
    await escort.getByLabel('Escort’s phone').fill('555-0199');
    await escort.getByRole('button', { name: 'Save' }).click();
    await item('escort').and(nurse.locator('[data-status="done"]')).waitFor();
    const premedication = checklist.getByTestId('premedication-form');
    await premedication.getByLabel('Dose').fill('4');
    await premedication.getByRole('button', { name: 'Record premedication' }).click();
    await checklist.getByTestId('premedication-given').waitFor();
    await item('premedication').and(nurse.locator('[data-status="done"]')).waitFor();
    // The day's C-SSRS (asked at check-in; entering questionnaires has its own browser test).
    const nurseApi = await staffApi(server.url, 'nurse@demo.test');
    const cssrs = await nurseApi('POST', `/api/patients/${patientId}/questionnaires`, {
      instrument: 'cssrs',
      answers: { form: 'since-last-contact', answers: { q1: false, q2: false, q6: false } },
    });
    expect(cssrs.status).toBe(201);
    await item('cssrs-today').and(nurse.locator('[data-status="done"]')).waitFor({ timeout: 10_000 });
    await item('pre-dose-vitals').and(nurse.locator('[data-status="done"]')).waitFor();
    // The intention is the therapist's.
    await expect(checklist.getByLabel(/^Intention/).getAttribute('readonly')).resolves.not.toBeNull();
    await expect(nurse.getByTestId('start-blockers').innerText()).resolves.toMatch(/checklist is not complete; no dose is ordered/);
    await screenshot(nurse, 'dosing-03-pre-dose');
  });

  it('the therapist sets the intention and a prescriber orders the dose, each on their own screen', async () => {
    await signIn(other, server.url, 'therapist@demo.test', `/sessions/${sessionId}`);
    const checklist = other.getByTestId('checklist');
    await checklist.getByLabel(/^Intention/).fill('to meet the memory without being swept away');
    await checklist.locator('[data-item="intention"]').getByRole('button', { name: 'Save' }).click();
    await checklist.getByText('✓ complete').waitFor();
    // A therapist does not run the IV: no step buttons.
    await expect(other.getByRole('button', { name: 'Start infusion' }).count()).resolves.toBe(0);
    await screenshot(other, 'dosing-04-therapist-intention');
    // The session note starts from the console, prefilled from the session's record (the intention);
    // the note prints with the patient's name on it, and leads back to the console.
    await other.getByTestId('session-note-start').click();
    await other.getByTestId('note-page').waitFor();
    await expect(other.getByLabel(/^Intention for the session/).inputValue()).resolves.toBe('to meet the memory without being swept away');
    await other
      .getByTestId('note-patient')
      .getByText(/MRN DEMO-/)
      .waitFor();
    await other.getByRole('button', { name: 'Print' }).waitFor();
    await screenshot(other, 'dosing-04b-session-note');
    await other.getByRole('link', { name: 'The dosing session’s console' }).click();
    await other.getByTestId('session-note-link').getByText('Open the session note (draft)').waitFor();

    await otherBrowser.clearCookies();
    await signIn(other, server.url, 'prescriber@demo.test', `/sessions/${sessionId}`);
    const form = other.getByTestId('dose-order-form');
    await form.waitFor();
    await form.getByText('10 mg/mL').click();
    await form.getByLabel('Diluent (mL)').fill('100');
    await form.getByRole('button', { name: 'Order the dose' }).click();
    const calc = other.getByTestId('dose-calculation');
    await calc.waitFor();
    // Demo weight 74.2 kg x 0.5 mg/kg = 37.1 mg; 3.71 mL; 103.71 mL; 155.6 mL/h: every number shown.
    const text = await calc.innerText();
    for (const n of ['74.2 kg', '0.5 mg/kg', '37.1 mg', '3.71 mL', '100 mL', '103.71 mL', '40 min', '155.6 mL/h'])
      expect(text).toContain(n);
    await other.getByTestId('pk-chart').waitFor();
    await expect(other.getByTestId('pk-chart').innerText()).resolves.toMatch(/population-model estimate/i);
    await screenshot(other, 'dosing-05-prescriber-order');
  });

  it('the prescriber who ordered cannot double-check (named, the nurse stays signed in); the director double-checks on the nurse’s screen; the nurse starts the infusion', async () => {
    await nurse.getByTestId('dose-calculation').waitFor({ timeout: 10_000 });
    await nurse.getByRole('button', { name: 'Double check' }).click();
    const dialog = nurse.getByTestId('step-up-dialog');
    // The wrong checker: the prescriber who ordered the dose enters their password.
    await dialog.getByLabel('Email').fill('prescriber@demo.test');
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await nurse.getByText(/cannot give this check: they did the act being checked \(for a dose, they ordered it\)/).waitFor();
    await screenshot(nurse, 'dosing-06a-wrong-checker');
    // The nurse's own sign-in stays: still on the console, signed in.
    await expect(nurse.getByTestId('user-menu').count()).resolves.toBe(1);
    expect(nurse.url()).toMatch(new RegExp(`/sessions/${sessionId}$`));
    // The proof itself was given (the password is right), so the dialog closed; the check was then
    // refused. Wait for the close to end (a click during its animation would be lost), then ask again.
    await dialog.waitFor({ state: 'hidden' });
    await nurse.getByRole('button', { name: 'Double check' }).click();
    await dialog.getByLabel('Email').fill('director@demo.test');
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await screenshot(nurse, 'dosing-06-double-check-dialog');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await nurse.getByTestId('double-checked').waitFor();
    await expect(nurse.getByTestId('dose-card').innerText()).resolves.toMatch(/double-checked by\s+\S/);
    await expect(nurse.getByTestId('start-blockers').count()).resolves.toBe(0);
    await screenshot(nurse, 'dosing-07-ready-to-start');
    // The nurse draws 4 mL of 10 mg/mL for the 3.71 mL order, keyboard only: Tab from the top of
    // the console to the lot (the only one in stock, chosen), Tab to the volume, type it, Enter.
    const ketamine = nurse.getByTestId('ketamine-card');
    await ketamine.getByText('The order needs 3.71 mL of 10 mg/mL (37.1 mg).').waitFor();
    expect(describeFindings('the draw form', await axeViolations(nurse))).toBe('');
    await tabFromTopTo(nurse, ketamine.getByLabel('Draw from'));
    await nurse.keyboard.press('Tab');
    await nurse.keyboard.press('ControlOrMeta+A');
    await nurse.keyboard.type('4');
    await nurse.keyboard.press('Enter');
    await ketamine
      .getByTestId('ketamine-draw')
      .getByText(/Drawn 40 mg \(4 mL\) of lot KET-2611/)
      .waitFor();
    await saveViewport(nurse, 'dosing-07b-ketamine-drawn');
    await nurse.getByRole('button', { name: 'Start infusion' }).click();
    await expect.poll(() => state(nurse)).toBe('infusing');
    await nurse.getByTestId('timer-since-start').waitFor();
    await screenshot(nurse, 'dosing-08-infusing');
  });

  it('the nurse changes the pump rate with a reason; it is listed with the infusion events, and the prescriber’s open console shows it live', async () => {
    await nurse.getByTestId('live-status').and(nurse.locator('[data-status="live"]')).waitFor();
    const card = nurse.getByTestId('infusion-card');
    await card.getByRole('button', { name: 'Change rate…' }).click();
    const form = card.getByTestId('rate-form');
    await expect(form.getByRole('button', { name: 'Change rate', exact: true }).isDisabled()).resolves.toBe(true);
    await form.getByLabel('New rate (mL/h)').fill('120');
    await form.getByLabel('Reason').fill('nausea: rate reduced per prescriber');
    // 120 mL/h is 23% below the ordered 155.6: beyond 10% only a prescriber changes it, through step-up.
    await form.getByTestId('rate-needs-prescriber').waitFor();
    await form.scrollIntoViewIfNeeded();
    await saveViewport(nurse, 'dosing-08b-rate-form');
    await form.getByRole('button', { name: 'Change rate', exact: true }).click();
    await nurse.getByTestId('prescriber-dialog').and(nurse.locator('[data-purpose="rate.change"]')).waitFor();
    await saveViewport(nurse, 'dosing-08c-rate-prescriber');
    await prescriberApproves(nurse);
    await card.getByTestId('infusion-events').getByText('Rate changed at 120 mL/h: nausea: rate reduced per prescriber').waitFor();
    await expect(card.getByTestId('pump-rate').innerText()).resolves.toBe('pump rate 120 mL/h');
    await form.waitFor({ state: 'detached' });
    // The prescriber's console (the other browser, untouched since the order) hears it on the live stream within seconds; its fallback poll is 30 s.
    await other.getByTestId('live-status').and(other.locator('[data-status="live"]')).waitFor();
    await other
      .getByTestId('infusion-events')
      .getByText(/Rate changed at 120 mL\/h/)
      .waitFor({ timeout: 8000 });
  });

  it('an administrator creates a device token for the site’s monitors on the device tokens page (shown once)', async () => {
    await otherBrowser.clearCookies();
    await signIn(other, server.url, 'admin@demo.test', `/settings/sites/${siteId}/devices`);
    const form = other.getByTestId('new-device-token-form');
    await form.getByLabel('Name').fill('Chair 1 monitor');
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = other.getByTestId('new-device-token');
    await shown.getByText(/You will not see this token again/).waitFor();
    deviceToken = (await other.getByTestId('new-device-token-value').innerText()).trim();
    expect(deviceToken).toMatch(/^kdt_[A-Za-z0-9_-]{20,}$/);
    await other.getByTestId('device-token-list').locator('[data-revoked="false"]').getByText('Chair 1 monitor').waitFor();
    await screenshot(other, 'dosing-08c-device-token-created');
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });
    // Listed without the token.
    await expect(other.getByTestId('device-tokens').innerText()).resolves.not.toContain(deviceToken);
  });

  it('the monitor simulator’s hypertensive episode, posted through the device API, raises the alarm on the live console; the nurse pauses with a reason, acknowledges, resumes and stops', async () => {
    // 37 minutes into the infusion (test mode moves the server's clock): the monitor catches up
    // minutes 0 to 35 of the episode. The staff sessions expired meanwhile: the nurse signs in again.
    const row = await server.database.db
      .selectFrom('dosing_session')
      .select('infusion_started_at')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    const startMs = (row.infusion_started_at as Date).getTime();
    moveServerClock(server, 37 * 60_000);
    // The server's minute sweep may run at any moment after the clock moved (it did once, in CI, while
    // the nurse signed in): it is called here instead, so the overdue readings are alerted before the
    // console opens, every run.
    await expect(raiseTimedAlerts(server.database.db, (server.clock as { now: () => Date }).now())).resolves.toBeGreaterThan(0);
    server.app.ctx.bus.nudge();
    await signInAgain(nurse, 'nurse@demo.test', new RegExp(`/sessions/${sessionId}$`));
    await nurse.getByTestId('live-status').and(nurse.locator('[data-status="live"]')).waitFor();
    // 37 minutes without a monitor: the readings due are overdue, and no blood pressure alarm yet.
    await nurse.locator('[data-testid="alarm"][data-kind="overdue"]').first().waitFor();
    await expect(nurse.locator('[data-testid="alarm"][data-kind="vitals:infusing"]').count()).resolves.toBe(0);
    // The nurse has begun a reading by hand: the refreshes the monitor's readings cause must not wipe it.
    const systolic = nurse.getByTestId('vitals-entry').getByLabel('Systolic (mmHg)');
    await systolic.fill('150');
    // 2400 simulated minutes per real minute: a reading every 25 ms.
    const posted = await runSimulation({
      baseUrl: server.url,
      token: deviceToken,
      sessionId,
      scenario: 'hypertensive-episode',
      speed: 2400,
      fromMinute: 0,
      toMinute: 35,
      startMs,
    });
    expect(posted).toEqual({ posted: 36, stored: 36 });
    // No reload: the console hears the readings on its stream.
    const banner = nurse.getByTestId('alarm-banner');
    await banner.waitFor();
    await banner.getByTestId('pause-recommended').waitFor();
    // One alert for the whole episode (warning readings from about minute 20, the pause level at 35), not one per reading.
    const bpAlarm = banner.locator('[data-testid="alarm"][data-kind="vitals:infusing"]');
    await bpAlarm.getByText(/^Blood pressure 182\/\d+ mmHg: pause recommended$/).waitFor();
    await expect(bpAlarm.count()).resolves.toBe(1);
    await expect(bpAlarm.getByTestId('alarm-episode').innerText()).resolves.toMatch(/^\d+ readings past the threshold; last 182\//);
    await nurse.getByTestId('chart-latest-systolic').getByText('182').waitFor();
    await expect(banner.getByTestId('alarm-sound').getAttribute('data-sound')).resolves.toBe('on');
    await expect(systolic.inputValue()).resolves.toBe('150');
    await systolic.fill('');
    await screenshot(nurse, 'dosing-09-alarm');

    // 182 then 240: the same alert alerts again with the worse value, never hidden behind the first.
    const worse = await fetch(`${server.url}/api/device/sessions/${sessionId}/vitals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${deviceToken}` },
      body: JSON.stringify({
        readings: [
          {
            clientId: 'e2e-240',
            measuredAt: new Date(startMs + 36 * 60_000).toISOString(),
            systolic: 240,
            diastolic: 120,
            heartRate: 90,
            spo2: 97,
            respiratoryRate: 14,
          },
        ],
      }),
    });
    expect(worse.status).toBe(200);
    await bpAlarm.getByText('Blood pressure 240/120 mmHg: pause recommended').waitFor();
    await expect(bpAlarm.count()).resolves.toBe(1);
    await expect(bpAlarm.getByTestId('alarm-episode').innerText()).resolves.toMatch(/alerted again/);
    // The mute is visible and ends by itself.
    await banner.getByTestId('alarm-mute').click();
    await expect(banner.getByTestId('alarm-sound').innerText()).resolves.toMatch(/Sound muted: back on in [12]:\d\d/);
    await screenshot(nurse, 'dosing-09b-alarm-worse-muted');

    // The Today board shows it too.
    const board = await nurseBrowser.newPage();
    await board.goto(`${server.url}/today?date=${date}`);
    const card = board.locator(`[data-testid="board-card"][data-session-id="${sessionId}"]`);
    await card.getByTestId('pause-recommended').waitFor();
    await card.getByTestId('board-alerts').waitFor();
    await screenshot(board, 'dosing-10-today-alarm');
    await board.close();

    await banner.getByRole('button', { name: 'Pause infusion' }).click();
    const reason = nurse.getByTestId('reason-dialog');
    await reason.getByLabel('Why is the infusion paused?').fill('systolic 182: paused per protocol');
    await reason.getByRole('button', { name: 'Pause infusion' }).click();
    await expect.poll(() => state(nurse)).toBe('paused');
    await reason.waitFor({ state: 'hidden' });
    await expect(nurse.getByTestId('pause-recommended').count()).resolves.toBe(0);
    // Acknowledge every alarm, one by one (the server's overdue check may add an alert meanwhile).
    // A pause-level alert is a prescriber's to acknowledge: on the nurse's tablet the prescriber enters their own password.
    // Until none is left: an overdue alert the sweep raises after the last one was acknowledged is acknowledged too.
    for (let guard = 0; guard < 50 && (await nurse.getByTestId('alarm-none').count()) === 0; guard++) {
      if ((await nurse.getByTestId('alarm').count()) === 0) {
        await nurse.waitForTimeout(200);
        continue;
      }
      const first = nurse.getByTestId('alarm').first();
      const id = await first.getAttribute('data-alert-id');
      const button = first.getByRole('button', { name: /^Acknowledge/ });
      const byPrescriber = /prescriber/.test(await button.innerText());
      await button.click();
      if (byPrescriber) await prescriberApproves(nurse);
      await nurse.locator(`[data-alert-id="${id}"]`).waitFor({ state: 'detached' });
    }
    await nurse.getByTestId('alarm-none').waitFor();
    // The latest full set is still at the pause level: the nurse cannot resume alone.
    await nurse.getByTestId('resume-needs-prescriber').waitFor();
    await screenshot(nurse, 'dosing-11-paused');

    await nurse.getByRole('button', { name: 'Resume infusion' }).click();
    await prescriberApproves(nurse, 'BP 182 settling on repeat; resume at the reduced rate');
    await expect.poll(() => state(nurse)).toBe('infusing');

    // Four minutes on, the infusion has run its planned 40 minutes (pauses excluded): the server's
    // minute sweep (called here, not waited for) raises the planned-end alarm, which asks to stop.
    moveServerClock(server, 4 * 60_000);
    if ((await raiseTimedAlerts(server.database.db, (server.clock as { now: () => Date }).now())) > 0) server.app.ctx.bus.nudge();
    const plannedEnd = nurse.locator('[data-testid="alarm"][data-kind="infusion:planned-end"]');
    await plannedEnd.getByText('Planned infusion time reached: stop the infusion').waitFor({ timeout: 10_000 });
    await screenshot(nurse, 'dosing-11b-planned-end');
    await plannedEnd.getByTestId('alarm-stop').click();
    await nurse.getByTestId('confirm-dialog').getByRole('button', { name: 'Stop infusion' }).click();
    await expect.poll(() => state(nurse)).toBe('observing');
    await nurse.getByTestId('confirm-dialog').waitFor({ state: 'hidden' });
    await nurse.getByTestId('discharge-card').waitFor();
    await expect(nurse.getByTestId('discharge-ready').innerText()).resolves.toMatch(/not ready/i);
    await expect(nurse.getByTestId('infusion-card').innerText()).resolves.toMatch(/Paused: systolic 182: paused per protocol/);
    await screenshot(nurse, 'dosing-12-observing');
  });

  it('the nurse reports the hypertensive episode as a serious adverse event; it awaits the medical director’s review', async () => {
    const card = nurse.getByTestId('adverse-events');
    await card.getByLabel('Kind').click();
    await nurse.getByRole('option', { name: 'hypertension' }).click();
    await card.getByLabel('Action taken').fill('infusion paused 5 min; BP rechecked every 5 min');
    await card.getByLabel(/Serious/).check();
    await card.getByRole('button', { name: 'Report adverse event' }).click();
    await card.getByText('serious: awaiting review').waitFor();
    await screenshot(nurse, 'dosing-12b-adverse-event');
  });

  it('the medical director sees it on Today, opens the review queue and closes the review with a note', async () => {
    await otherBrowser.clearCookies();
    await signIn(other, server.url, 'director@demo.test', `/today?date=${date}`);
    const link = other.getByTestId('review-queue-link');
    await expect.poll(() => link.getAttribute('data-count')).toBe('1');
    await expect(link.innerText()).resolves.toMatch(/1 serious adverse event awaiting your review/);
    await screenshot(other, 'dosing-12c-today-director');
    await link.click();
    await other.waitForURL(/\/adverse-events\/review$/);
    const item = other.getByTestId('review-item');
    await item.first().waitFor();
    await expect(item.count()).resolves.toBe(1);
    const text = await item.innerText();
    for (const s of ['Hypertension', 'DEMO-0009', 'infusion paused 5 min; BP rechecked every 5 min', 'Nora Nurse'])
      expect(text).toContain(s);
    await expect(item.getByRole('link', { name: 'Open the session' }).getAttribute('href')).resolves.toBe(`/sessions/${sessionId}`);
    await screenshot(other, 'dosing-12d-review-queue');
    await item.getByRole('button', { name: 'Close review…' }).click();
    const dialog = other.getByTestId('reason-dialog');
    // The note is required.
    await expect(dialog.getByRole('button', { name: 'Close review' }).isDisabled()).resolves.toBe(true);
    await dialog
      .getByLabel(/Review note/)
      .fill('Reviewed: monitored per protocol, infusion paused and resumed; no change to the dose plan.');
    await dialog.getByRole('button', { name: 'Close review' }).click();
    await other.getByTestId('review-queue-empty').waitFor();
    await expect(other.getByTestId('review-item').count()).resolves.toBe(0);
  });

  it('after the observation time (the server clock moves two hours) the nurse signs in again, scores the Aldrete, records vitals and discharges', async () => {
    const form = nurse.getByTestId('aldrete-form');
    const items = ['activity', 'respiration', 'circulation', 'consciousness', 'spo2'];
    for (const item of items.slice(0, 3)) await form.locator(`[data-item="${item}"]`).getByText('2', { exact: true }).click();
    // A monitor reading arrives mid-entry (the console refetches on the event): the scores chosen so far stay.
    const measuredAt = new Date((server.clock as { nowMs: () => number }).nowMs()).toISOString();
    const res = await fetch(`${server.url}/api/device/sessions/${sessionId}/vitals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${deviceToken}` },
      body: JSON.stringify({
        readings: [{ clientId: 'e2e-mid-aldrete', measuredAt, systolic: 131, diastolic: 83, heartRate: 77, spo2: 98, respiratoryRate: 14 }],
      }),
    });
    expect(res.status).toBe(200);
    await nurse.getByTestId('chart-latest-systolic').getByText('131').waitFor();
    await expect(form.getByText('not scored').count()).resolves.toBe(2);
    for (const item of items.slice(3)) await form.locator(`[data-item="${item}"]`).getByText('2', { exact: true }).click();
    await form.getByRole('button', { name: 'Save Aldrete score' }).click();
    await nurse.locator('[data-condition="aldrete-total"][data-status="met"]').waitFor();

    // Test mode: move the server's clock past the minimum observation. The staff sessions expire
    // meanwhile (15 idle minutes): the nurse signs in again and comes back to the console.
    moveServerClock(server, 2 * 3_600_000 + 60_000);
    await signInAgain(nurse, 'nurse@demo.test', new RegExp(`/sessions/${sessionId}$`));
    await nurse.getByTestId('discharge-card').waitFor();
    await screenshot(nurse, 'dosing-13-after-observation');

    // CADSS-6 at the chair: the six CADSS items rated 0 to 4, stored item by item, scored by core.
    const cadss = nurse.getByTestId('cadss6-entry');
    for (const [i, score] of [0, 1, 2, 0, 1, 2].entries())
      await cadss.getByRole('row').nth(i).getByText(String(score), { exact: true }).click();
    await cadss.getByRole('button', { name: 'Save CADSS-6' }).click();
    await expect.poll(() => nurse.getByTestId('cadss6-last').innerText(), { timeout: 10_000 }).toMatch(/^Last: 6 of 24/);

    await enterVitals(nurse, { systolic: 126, diastolic: 80, heartRate: 74, spo2: 98, respiratoryRate: 14 });
    // Discharge waits for the ketamine drawn to be accounted for.
    await nurse.locator('[data-condition="ketamine-accounted"][data-status="unmet"]').waitFor();
    // The infusion (paused for the hypertensive episode) gave part of the bag: the nurse wastes the
    // rest, keyboard only (Tab from the top of the console), with the second nurse as witness
    // typing their password on this screen.
    const waste = nurse.getByTestId('ketamine-waste');
    const remains = /(\d+(?:\.\d+)?) mg \(([\d.]+) mL\) remains to waste/.exec(await waste.innerText());
    expect(remains).not.toBeNull();
    expect(describeFindings('the waste form', await axeViolations(nurse))).toBe('');
    await tabFromTopTo(nurse, waste.getByLabel('Volume wasted (mL)'));
    await nurse.keyboard.type(remains?.[2] ?? '');
    await nurse.keyboard.press('Enter');
    const witness = nurse.getByTestId('step-up-dialog');
    await witness.getByLabel('Email').waitFor();
    await nurse.keyboard.type('nurse2@demo.test');
    await nurse.keyboard.press('Tab');
    await nurse.keyboard.type(PASSWORD);
    await nurse.keyboard.press('Enter');
    await nurse.getByTestId('ketamine-reconciled').waitFor();
    await expect(nurse.getByTestId('ketamine-draw').innerText()).resolves.toMatch(/witnessed by Nate Second, RN/);
    await nurse.locator('[data-condition="ketamine-accounted"][data-status="met"]').waitFor();
    await saveViewport(nurse, 'dosing-13b-ketamine-wasted');
    // The escort is confirmed again at discharge (prefilled from the checklist's escort).
    const escort = nurse.getByTestId('discharge-escort-form');
    await expect(escort.getByLabel('Escort present at discharge').inputValue()).resolves.toBe('Sam Rivers');
    await escort.locator('button[type="submit"]').click();
    await nurse
      .getByTestId('discharge-escort')
      .getByText(/Sam Rivers/)
      .waitFor();
    await expect.poll(() => nurse.getByTestId('discharge-ready').innerText(), { timeout: 10_000 }).toMatch(/ready for discharge/i);
    await screenshot(nurse, 'dosing-14-ready-for-discharge');
    await nurse.getByRole('button', { name: 'Discharge', exact: true }).click();
    await nurse.getByTestId('confirm-dialog').getByRole('button', { name: 'Discharge' }).click();
    await expect.poll(() => state(nurse)).toBe('discharged');
    await screenshot(nurse, 'dosing-15-discharged');
    // The patient's discharge instructions, printable (the site's text from Settings).
    await nurse.getByTestId('discharge-instructions-link').click();
    await nurse.getByTestId('discharge-instructions').getByText('Do not drive', { exact: false }).waitFor();
    await screenshot(nurse, 'dosing-16-discharge-instructions');
    // The infusion record, to print: the dose, its double check, the pump, every vital sign, the
    // alerts and adverse events, with the patient named on the paper.
    await nurse.goto(`${server.url}/sessions/${sessionId}`);
    await nurse.getByTestId('infusion-record-link').click();
    const record = nurse.getByTestId('infusion-record');
    await record
      .getByTestId('record-patient')
      .getByText(/MRN DEMO-/)
      .waitFor();
    await record.getByTestId('record-dose').getByText('37.1 mg', { exact: false }).waitFor();
    // Named, with the time (never "not done" for an infusion that ran).
    await expect(record.getByTestId('record-dose').innerText()).resolves.toMatch(
      /Independent double check\s+Dr\. Dana Director, \d\d:\d\d/,
    );
    await record.getByTestId('record-pump').getByText('Started').waitFor();
    // The hypertensive episode's readings are in the table, and its alert with its acknowledgement.
    await record
      .getByRole('table', { name: 'Vital signs' })
      .getByText(/^2\d\d\//)
      .first()
      .waitFor();
    await record.getByTestId('record-alerts').getByRole('row').nth(1).waitFor();
    await record
      .getByTestId('record-adverse-events')
      .getByText(/serious/)
      .waitFor();
    await expect(record.getByTestId('record-scores').innerText()).resolves.toMatch(/CADSS-6: 6 of 24/);
    await record.getByRole('button', { name: 'Print' }).waitFor();
    await screenshot(nurse, 'dosing-17-infusion-record');
    // The same record as a PDF made by the server, downloaded under a file name without the patient's name.
    const [download] = await Promise.all([nurse.waitForEvent('download'), record.getByRole('link', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^infusion-record-\d{4}-\d\d-\d\d\.pdf$/);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await pdfText(pdf);
    await screenshotPdf(nurseBrowser, pdf, 'dosing-17b-infusion-record-pdf');
    expect(text).toMatch(/MRN: DEMO-\d+/);
    expect(text).toMatch(/Independent double check: Dr\. Dana Director, \d\d:\d\d/);
    // The Inventory page: the safe holds 96 mL (960 mg) of the lot, an opened vial with 16 mL, nothing left to account for.
    await nurse.goto(`${server.url}/inventory`);
    const line = nurse.getByTestId('stock-line-KET-2611-Safe');
    await expect(line.getByTestId('stock-balance').innerText()).resolves.toBe('960 mg in 96 mL');
    await line.getByText(/4 sealed \+ an open vial with 16 mL/).waitFor();
    await expect(nurse.getByTestId('open-draws').count()).resolves.toBe(0);
    await screenshot(nurse, 'dosing-18-inventory');
    expect(describeFindings('the Inventory page', await axeViolations(nurse))).toBe('');
    expect(errors).toEqual([]);
  });
  it('on the second dosing day the monitor’s hypotension scenario raises the low-blood-pressure alarm and recommends a pause', async () => {
    // The second session is taken to the start through the API (the first test walked every step in the browser).
    const serverNow = () => (server.clock as { nowMs: () => number }).nowMs();
    const nurseApi = await staffApi(server.url, 'nurse@demo.test');
    const therapistApi = await staffApi(server.url, 'therapist@demo.test');
    const prescriberApi = await staffApi(server.url, 'prescriber@demo.test');
    const on = (api: StaffApi, method: 'POST' | 'PUT', path: string, body: unknown) =>
      api(method, `/api/sessions/${otherSessionId}${path}`, body).then((r) => expect(r.status, JSON.stringify(r.body)).toBe(200));
    await on(nurseApi, 'POST', '/steps', { step: 'check-in' });
    await on(nurseApi, 'POST', '/steps', { step: 'begin-pre-dose' });
    await on(nurseApi, 'POST', '/vitals', {
      readings: [
        {
          clientId: 'e2e-pre',
          measuredAt: new Date(serverNow() - 60_000).toISOString(),
          systolic: 124,
          diastolic: 78,
          heartRate: 72,
          spo2: 98,
          respiratoryRate: 14,
        },
      ],
    });
    await meetChecklistFacts(
      async (method, url, payload) => {
        const r = await nurseApi(method, url, payload);
        return { statusCode: r.status, body: JSON.stringify(r.body) };
      },
      { sessionId: otherSessionId, patientId },
      serverNow(),
    );
    await on(therapistApi, 'PUT', '/checklist', { intention: 'to let the feeling pass through' });
    await on(prescriberApi, 'POST', '/dose-order', { vialMgPerMl: 10, diluentMl: 100 });
    const proof = await nurseApi('POST', '/api/step-up', { email: 'director@demo.test', password: PASSWORD, purpose: 'dose.double-check' });
    await on(nurseApi, 'POST', '/dose-order/double-check', { stepUpToken: (proof.body as { stepUpToken: string }).stepUpToken });
    await on(nurseApi, 'POST', '/steps', { step: 'start' });
    const startMs = serverNow();

    // 26 minutes on, the monitor catches up minutes 0 to 25: the pressure falls to 76/44 at minute 25.
    moveServerClock(server, 26 * 60_000);
    await nurseBrowser.clearCookies();
    await signIn(nurse, server.url, 'nurse@demo.test', `/sessions/${otherSessionId}`);
    await nurse.getByTestId('live-status').and(nurse.locator('[data-status="live"]')).waitFor();
    const posted = await runSimulation({
      baseUrl: server.url,
      token: deviceToken,
      sessionId: otherSessionId,
      scenario: 'hypotension',
      speed: 2400,
      fromMinute: 0,
      toMinute: 25,
      startMs,
    });
    expect(posted).toEqual({ posted: 26, stored: 26 });
    const banner = nurse.getByTestId('alarm-banner');
    await banner.getByTestId('pause-recommended').waitFor();
    await banner.locator('[data-testid="alarm"][data-level="pause"]').getByText('Blood pressure 76/44 mmHg: pause recommended').waitFor();
    // The dip is one low-blood-pressure episode, whatever the number of readings in it.
    await expect(banner.locator('[data-testid="alarm"][data-kind="vitals:infusing"]').count()).resolves.toBe(1);
    await nurse.getByTestId('chart-latest-systolic').getByText('76').waitFor();
    // The chart draws the protocol's low bands (warning below 90, pause below 80).
    await nurse.getByTestId('chart-systolic').getByText('pause <80').waitFor();
    await screenshot(nurse, 'dosing-17-hypotension-alarm');
    expect(errors).toEqual([]);
  });
});
