/**
 * A dosing session in the browser at tablet size (issue 8, items 11 and 15): the director signs
 * the site protocol (test mode refuses to dose at an unsigned site); a nurse opens Today and the
 * session of DEMO-0009, checks in, begins the pre-dose checks, enters pre-dose vitals and completes
 * the checklist; the therapist sets the intention and a prescriber orders the dose in a second
 * browser; the director double-checks it on the nurse's screen through the step-up dialog; the
 * nurse starts the infusion, records a hypertensive reading (systolic 182), sees the alarm and
 * "pause recommended", pauses with a reason, resumes and stops. Then the test moves the server's
 * clock past the minimum observation, the nurse signs in again, enters the Aldrete
 * score and a last reading, and discharges once ready. Screens at 1024x768.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshot as saveScreenshot, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

const PASSWORD = 'kairos-demo-2026';
const TABLET = { width: 1024, height: 768 };

async function signIn(page: Page, baseUrl: string, email: string, path: string): Promise<void> {
  await page.goto(baseUrl + path);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-menu').or(page.getByTestId('sign-in-error')).waitFor();
  if (await page.getByTestId('sign-in-error').isVisible()) throw new Error(`${email} could not sign in`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

/** The director signs the current protocol version through the API (sign-in, step-up, sign). */
async function signProtocol(baseUrl: string, siteId: string): Promise<void> {
  const signInRes = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'director@demo.test', password: PASSWORD }) });
  expect(signInRes.status).toBe(200);
  const cookie = signInRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await signInRes.json()) as { csrfToken: string };
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
  const protocol = (await (await fetch(`${baseUrl}/api/sites/${siteId}/protocol`, { headers })).json()) as { current: { version: number; signedAt: string | null } };
  if (protocol.current.signedAt !== null) return;
  const stepUp = await fetch(`${baseUrl}/api/step-up`, { method: 'POST', headers, body: JSON.stringify({ email: 'director@demo.test', password: PASSWORD, purpose: 'protocol.sign' }) });
  expect(stepUp.status).toBe(200);
  const { stepUpToken } = (await stepUp.json()) as { stepUpToken: string };
  const sign = await fetch(`${baseUrl}/api/sites/${siteId}/protocol/versions/${protocol.current.version}/sign`, { method: 'POST', headers, body: JSON.stringify({ stepUpToken }) });
  expect(sign.status).toBe(200);
}

/** Fills the large vital-sign inputs and saves the reading. */
async function enterVitals(page: Page, v: { systolic: number; diastolic: number; heartRate: number; spo2: number; respiratoryRate: number }): Promise<void> {
  const entry = page.getByTestId('vitals-entry');
  await entry.getByLabel('Systolic (mmHg)').fill(String(v.systolic));
  await entry.getByLabel('Diastolic (mmHg)').fill(String(v.diastolic));
  await entry.getByLabel('Heart rate (/min)').fill(String(v.heartRate));
  await entry.getByLabel('SpO2 (%)').fill(String(v.spo2));
  await entry.getByLabel('Resp. rate (/min)').fill(String(v.respiratoryRate));
  await entry.getByRole('button', { name: 'Save reading' }).click();
  await entry.getByTestId('previous-reading').getByText(`BP ${v.systolic}/${v.diastolic}`).waitFor();
}

const state = (page: Page) => page.getByTestId('session-console').getAttribute('data-state');

run('a dosing session at the chair, in the browser', () => {
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
      .select(['s.id', 's.site_id', 'e.starts_at', 'site.time_zone'])
      .where('p.mrn', '=', 'DEMO-0009')
      .orderBy('e.starts_at')
      .execute();
    // The demo's dosing day today: the session whose booking is nearest to now.
    const now = Date.now();
    const today = rows.reduce((best, r) => (Math.abs(r.starts_at.getTime() - now) < Math.abs(best.starts_at.getTime() - now) ? r : best));
    sessionId = today.id;
    date = new Intl.DateTimeFormat('en-CA', { timeZone: today.time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(today.starts_at);
    await signProtocol(server.url, today.site_id);
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
    for (const label of ['Fasting confirmed', 'Escort confirmed for discharge']) {
      await checklist.getByLabel(label).check();
      await checklist.locator('[data-item]').filter({ has: nurse.getByLabel(label) }).getByText('done').waitFor();
    }
    await checklist.getByLabel(/^Premedication/).fill('ondansetron 4 mg IV');
    await checklist.locator('[data-item="premedication"]').getByRole('button', { name: 'Save' }).click();
    await checklist.locator('[data-item="premedication"]').getByText('done').waitFor();
    await checklist.locator('[data-item="pre-dose-vitals"]').getByText('done').waitFor();
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
    for (const n of ['74.2 kg', '0.5 mg/kg', '37.1 mg', '3.71 mL', '100 mL', '103.71 mL', '40 min', '155.6 mL/h']) expect(text).toContain(n);
    await other.getByTestId('pk-chart').waitFor();
    await expect(other.getByTestId('pk-chart').innerText()).resolves.toMatch(/population-model estimate/i);
    await screenshot(other, 'dosing-05-prescriber-order');
  });

  it('the director double-checks on the nurse’s screen; the nurse starts the infusion', async () => {
    await nurse.getByTestId('dose-calculation').waitFor({ timeout: 10_000 });
    await nurse.getByRole('button', { name: 'Double check' }).click();
    const dialog = nurse.getByTestId('step-up-dialog');
    await dialog.getByLabel('Email').fill('director@demo.test');
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await screenshot(nurse, 'dosing-06-double-check-dialog');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await nurse.getByTestId('double-checked').waitFor();
    await expect(nurse.getByTestId('dose-card').innerText()).resolves.toMatch(/double-checked by\s+\S/);
    await expect(nurse.getByTestId('start-blockers').count()).resolves.toBe(0);
    await screenshot(nurse, 'dosing-07-ready-to-start');
    await nurse.getByRole('button', { name: 'Start infusion' }).click();
    await expect.poll(() => state(nurse)).toBe('infusing');
    await nurse.getByTestId('timer-since-start').waitFor();
    await screenshot(nurse, 'dosing-08-infusing');
  });

  it('a hypertensive reading raises the alarm and recommends a pause; the nurse acknowledges, pauses with a reason, resumes and stops', async () => {
    await enterVitals(nurse, { systolic: 182, diastolic: 104, heartRate: 96, spo2: 97, respiratoryRate: 14 });
    const banner = nurse.getByTestId('alarm-banner');
    await banner.waitFor();
    await banner.getByTestId('pause-recommended').waitFor();
    await banner.locator('[data-testid="alarm"][data-level="pause"]').getByText(/Systolic 182 mmHg/).waitFor();
    await nurse.getByTestId('chart-latest-systolic').getByText('182').waitFor();
    await screenshot(nurse, 'dosing-09-alarm');

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
    for (let i = await banner.getByTestId('alarm').count(); i > 0; i--) {
      await banner.getByTestId('alarm').first().getByRole('button', { name: 'Acknowledge' }).click();
      await expect.poll(() => nurse.getByTestId('alarm').count()).toBe(i - 1);
    }
    await nurse.getByTestId('alarm-none').waitFor();
    await screenshot(nurse, 'dosing-11-paused');

    await nurse.getByRole('button', { name: 'Resume infusion' }).click();
    await expect.poll(() => state(nurse)).toBe('infusing');
    await nurse.getByRole('button', { name: 'Stop infusion' }).click();
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

  it('after the observation time (the server clock moves two hours) the nurse signs in again, scores the Aldrete, records vitals and discharges', async () => {
    const form = nurse.getByTestId('aldrete-form');
    for (const item of ['activity', 'respiration', 'circulation', 'consciousness', 'spo2']) await form.locator(`[data-item="${item}"]`).getByText('2', { exact: true }).click();
    await form.getByRole('button', { name: 'Save Aldrete score' }).click();
    await nurse.locator('[data-condition="aldrete-total"][data-status="met"]').waitFor();

    // Test mode: move the server's clock past the minimum observation. The staff sessions expire
    // meanwhile (15 idle minutes): the nurse signs in again and comes back to the console.
    const clock = server.clock as { nowMs(): number; now(): Date };
    const real = clock.nowMs.bind(clock);
    const offsetMs = 2 * 3_600_000 + 60_000;
    Object.assign(clock, { nowMs: () => real() + offsetMs, now: () => new Date(real() + offsetMs) });
    await nurse.reload();
    await nurse.waitForURL(/\/sign-in/);
    await nurse.getByLabel('Email').fill('nurse@demo.test');
    await nurse.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await nurse.getByRole('button', { name: 'Sign in' }).click();
    await nurse.waitForURL(new RegExp(`/sessions/${sessionId}$`));
    await nurse.getByTestId('discharge-card').waitFor();
    await screenshot(nurse, 'dosing-13-after-observation');

    await enterVitals(nurse, { systolic: 126, diastolic: 80, heartRate: 74, spo2: 98, respiratoryRate: 14 });
    await expect.poll(() => nurse.getByTestId('discharge-ready').innerText(), { timeout: 10_000 }).toMatch(/ready for discharge/i);
    await screenshot(nurse, 'dosing-14-ready-for-discharge');
    await nurse.getByRole('button', { name: 'Discharge', exact: true }).click();
    await nurse.getByTestId('confirm-dialog').getByRole('button', { name: 'Discharge' }).click();
    await expect.poll(() => state(nurse)).toBe('discharged');
    await screenshot(nurse, 'dosing-15-discharged');
    expect(errors).toEqual([]);
  });
});
