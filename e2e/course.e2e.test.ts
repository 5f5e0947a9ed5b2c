/**
 * The enrollment following the course and corrections with history, in the browser (issue 20,
 * items 4 and 5): the medical director opens a patient whose first infusion has started and sees
 * the enrollment "In treatment", the history saying Kairos moved it as the course went on; a
 * prescriber corrects a reviewed adverse event's kind and severity with a reason on the session
 * console and reads its correction history; a therapist corrects the date of a questionnaire
 * entered for the wrong day and sees the original kept.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import {
  chromiumAvailable,
  launchBrowser,
  screenshotFromTop as screenshot,
  signIn,
  signOut,
  staffApi,
  startTestServer,
} from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

/** Opens a patient from the patient list by MRN. */
async function openPatient(page: Page, mrn: string): Promise<void> {
  await page.getByLabel('Search patients').fill(mrn);
  const row = page.getByRole('table', { name: 'Patients' }).getByRole('row').filter({ hasText: mrn });
  await row.getByRole('link').click();
  await page.getByTestId('measures-panel').waitFor();
}

/** Picks an option of a Mantine Select (inside `scope`) by its label. */
async function pick(page: Page, scope: ReturnType<Page['getByTestId']>, label: string, option: string): Promise<void> {
  await scope
    .locator('input')
    .and(scope.getByLabel(label, { exact: true }))
    .click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

run('the course and corrections in the browser', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const page = async () => {
    const p = await browser.newPage();
    p.setDefaultTimeout(10_000);
    p.on('pageerror', (e) => errors.push(e.message));
    return p;
  };

  it('the enrollment of a patient whose first infusion started is in treatment, moved by Kairos as the course went on', async () => {
    const p = await page();
    await signIn(p, server.url, 'director@demo.test', '/patients');
    await openPatient(p, 'DEMO-0010');
    const card = p.getByTestId('enrollment-card').first();
    await card.getByTestId('enrollment-state').getByText('In treatment').waitFor();
    await card.getByRole('button', { name: /^History/ }).click();
    await card.getByText(/Kairos, as the course went on \(protocol version \d+\)/).waitFor();
    await card.getByText(/Reason: Followed the course: the first dosing session started at \d\d:\d\d on \d{4}-\d\d-\d\d/).waitFor();
    await screenshot(p, 'course-e2e-01-enrollment-history');
    await signOut(p);
    await p.close();
    expect(errors).toEqual([]);
  });

  it('a prescriber corrects a reviewed adverse event with a reason; the original and the correction are shown', async () => {
    // A discharged session of a patient on the prescriber's care team (the console lists adverse events once the infusion started).
    const session = await server.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('care_team_member as m', 'm.patient_id', 's.patient_id')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select('s.id')
      .where('s.state', '=', 'discharged')
      .where('u.email', '=', 'prescriber@demo.test')
      .executeTakeFirstOrThrow();
    const nurse = await staffApi(server.url, 'nurse@demo.test');
    const director = await staffApi(server.url, 'director@demo.test');
    const reported = await nurse('POST', `/api/sessions/${session.id}/adverse-events`, {
      kind: 'nausea',
      severity: 'mild',
      serious: true,
      occurredAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      actionTaken: 'ondansetron offered',
    });
    expect(reported.status).toBe(201);
    const id = (reported.body as { id: string }).id;
    expect((await director('POST', `/api/adverse-events/${id}/review`, { note: 'reviewed: expected' })).status).toBe(204);

    const p = await page();
    await signIn(p, server.url, 'prescriber@demo.test', `/sessions/${session.id}`);
    const row = p.getByTestId('adverse-event').filter({ hasText: 'Nausea' }).first();
    await row.getByRole('button', { name: 'Correct…' }).click();
    const form = p.getByTestId('correct-adverse-event-form');
    await pick(p, form, 'Kind', 'Vomiting');
    await pick(p, form, 'Severity', 'moderate');
    await form.getByLabel('Reason for the correction').fill('charted as nausea: the patient vomited twice');
    await form.getByRole('button', { name: 'Save correction' }).click();
    const corrected = p.getByTestId('adverse-event').filter({ hasText: 'Vomiting' }).first();
    await corrected.getByText('Corrected once: show the history').click();
    await corrected.getByText(/First recorded as: kind Nausea; severity mild/).waitFor();
    // Only what changed: the onset, shown to the minute, is not touched.
    const history = corrected.getByTestId('correction');
    await expect(history.innerText()).resolves.toMatch(
      /kind Nausea → Vomiting; severity mild → moderate\.\s+Reason: charted as nausea: the patient vomited twice/,
    );
    await screenshot(p, 'course-e2e-02-adverse-event-corrected');
    await signOut(p);
    await p.close();
    expect(errors).toEqual([]);
  });

  it('a therapist corrects the date of a questionnaire entered for the wrong day; the original is kept', async () => {
    const therapist = await staffApi(server.url, 'therapist@demo.test');
    const patient = await server.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow();
    const wrong = new Date(Date.now() - 30 * 86_400_000);
    const entered = await therapist('POST', `/api/patients/${patient.id}/questionnaires`, {
      instrument: 'gad7',
      answers: [1, 1, 1, 1, 1, 1, 1],
      completedAt: wrong.toISOString(),
    });
    expect(entered.status).toBe(201);
    const id = (entered.body as { id: string }).id;

    const p = await page();
    await signIn(p, server.url, 'therapist@demo.test', '/patients');
    await openPatient(p, 'DEMO-0009');
    const latest = p.getByTestId('latest-responses');
    const show = p.getByRole('button', { name: /^Show all \d+ responses/ });
    if (await show.isVisible()) await show.click();
    const row = latest.locator(`tr[data-response="${id}"]`);
    await row.getByRole('button', { name: 'Correct date…' }).click();
    const form = p.getByTestId('correct-questionnaire-form');
    const right = new Date(Date.now() - 2 * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${right.getFullYear()}-${pad(right.getMonth() + 1)}-${pad(right.getDate())}T${pad(right.getHours())}:${pad(right.getMinutes())}`;
    await form.getByLabel('Answered on').fill(local);
    await form.getByLabel('Reason for the correction').fill('paper form entered with last month’s date');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await form.waitFor({ state: 'detached' });
    const moved = latest.locator(`tr[data-response="${id}"]`);
    await moved.getByText('Corrected once: show the history').click();
    await moved.getByText(/Reason: paper form entered with last month’s date/).waitFor();
    await screenshot(p, 'course-e2e-03-questionnaire-corrected');
    await signOut(p);
    await p.close();
    expect(errors).toEqual([]);
  });
});
