/**
 * Measurement-based care in the browser: a therapist opens DEMO-0009, enters the due PHQ-9 through
 * the form with item 9 answered "Several days", sees the score and the risk alert, finds the risk
 * follow-up task on the patient page, records what was done (a note is required), and opens the
 * outcome view. A nurse, who may enter questionnaires but not read outcomes, gets no outcome link
 * and a refusal at its address. On Today the nurse emails questionnaire links to everyone due
 * in one action, then hands the clinic tablet to a patient for the
 * one questionnaire still due (a C-SSRS): she is signed out, the patient types a wrong date of birth and is
 * told, then the right one, answers the C-SSRS and is asked to hand the tablet back; the tablet's
 * session and the nurse's sign-in are both over.
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
import { answerCssrsNo, typeBirthDate } from './steps.js';
import { screenshotPdf } from './pdf-screens.js';
import { pdfText } from '../packages/server/test/pdf-text.js';
import { readFileSync } from 'node:fs';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

/** Opens a patient from the patient list by MRN. */
async function openPatient(page: Page, mrn: string): Promise<void> {
  await page.getByLabel('Search patients').fill(mrn);
  const row = page.getByRole('table', { name: 'Patients' }).getByRole('row').filter({ hasText: mrn });
  await row.getByRole('link').click();
  await page.getByTestId('measures-panel').waitFor();
}

run('measurement-based care in the browser', () => {
  let server: RunningServer;
  let browser: BrowserContext;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a therapist enters a PHQ-9 with item 9 answered, sees the risk alert and the task, records what was done and opens the outcome view', async () => {
    const errors: string[] = [];
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));

    await signIn(page, server.url, 'therapist@demo.test', '/patients');
    await openPatient(page, 'DEMO-0009');
    const risk = page.getByTestId('risk-follow-up');
    await risk.getByText('No open follow-up task.').waitFor();

    // The due PHQ-9 of the schedule, entered from its row: all items on one screen.
    const questionnaires = page.getByTestId('questionnaires');
    const phqRow = questionnaires.getByTestId('measurement-tasks').locator('tr[data-task$=":phq9"][data-state="due"]').first();
    const taskKey = await phqRow.getAttribute('data-task');
    await phqRow.getByRole('button', { name: /^Enter PHQ-9/ }).click();
    const form = page.getByTestId('questionnaire-entry');
    await form.getByTestId('item-9').waitFor();
    // Saving with unanswered items names them.
    await form.getByRole('button', { name: 'Save PHQ-9' }).click();
    await form.getByTestId('questionnaire-error').getByText('questions 1, 2, 3, 4, 5, 6, 7, 8, 9 are not answered').waitFor();
    for (const n of [1, 2]) await form.getByTestId(`item-${n}`).getByText('Several days', { exact: true }).click();
    for (const n of [3, 4, 5, 6, 7, 8]) await form.getByTestId(`item-${n}`).getByText('Not at all', { exact: true }).click();
    await form.getByTestId('item-9').getByText('Several days', { exact: true }).click();
    await form.getByText('9 of 9 answered').waitFor();
    await screenshot(page, 'measures-e2e-01-phq9-form');
    await form.getByRole('button', { name: 'Save PHQ-9' }).click();

    const result = page.getByTestId('questionnaire-result');
    await expect(result.getByTestId('questionnaire-score').textContent()).resolves.toContain('Total 3 of 27');
    const alert = result.getByTestId('risk-alert');
    await alert.getByText('Risk follow-up task created: PHQ-9 item 9 answered 1 (Several days)').waitFor();
    await expect(alert.getAttribute('role')).resolves.toBe('alert');
    await screenshot(page, 'measures-e2e-02-risk-alert');
    await result.getByRole('button', { name: 'Close' }).click();

    // The task on the patient page, the PHQ-9 done in the schedule and listed with its total.
    const task = risk.getByTestId('risk-task').filter({ hasText: 'PHQ-9 item 9 answered 1 (Several days)' });
    await task.getByText('Same day').waitFor();
    await questionnaires.locator(`tr[data-task="${taskKey}"][data-state="done"]`).first().waitFor();
    await questionnaires
      .getByTestId('latest-responses')
      .getByRole('row')
      .filter({ hasText: 'PHQ-9' })
      .getByText('item 9 positive')
      .waitFor();

    // Recording what was done needs a note.
    await task.getByRole('button', { name: 'Record what was done' }).click();
    await task.getByRole('button', { name: 'Save and close task' }).click();
    await task.getByText('Write what was done (at least 3 characters).').waitFor();
    await task
      .getByLabel('What was done')
      .fill('Called the patient the same afternoon: passive thoughts only, no plan or intent. Safety plan reviewed; prescriber informed.');
    await task.getByRole('button', { name: 'Save and close task' }).click();
    await risk.getByText('No open follow-up task.').waitFor();
    await risk.getByLabel('Show done').check();
    await risk.getByTestId('risk-task').filter({ hasText: 'Safety plan reviewed' }).getByText('Done', { exact: true }).first().waitFor();
    await screenshot(page, 'measures-e2e-03-task-done');

    // The outcome view (lazy-loaded): the PHQ-9 in its table, its items with the form's text.
    await page.getByTestId('outcomes-link').click();
    await page.waitForURL(/\/patients\/[^/]+\/outcomes$/);
    const outcomes = page.getByTestId('outcomes-page');
    await outcomes.getByRole('heading', { name: /^Outcomes: / }).waitFor();
    await outcomes.getByTestId('course-responder').getByText('Not yet assessed').waitFor();
    await outcomes.getByTestId('phq9-table').getByRole('cell', { name: '3', exact: true }).waitFor();
    const items = outcomes.getByTestId('item-table');
    await items.getByRole('row').filter({ hasText: 'Thoughts that you would be better off dead' }).getByText('1 · Several days').waitFor();
    await screenshot(page, 'measures-e2e-04-outcomes');
    // The progress letter for the referring clinician, a PDF made by the server.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('progress-letter-pdf').click()]);
    const letter = readFileSync(await download.path());
    expect(letter.subarray(0, 5).toString()).toBe('%PDF-');
    const letterText = (await pdfText(letter)).text;
    expect(letterText).toContain('The course');
    // The PHQ-9 of 3 with its band in words (never the stored "none-minimal").
    expect(letterText).toMatch(/ 3 \(none to minimal\)/);
    await screenshotPdf(browser, letter, 'measures-e2e-05-progress-letter');
    await signOut(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a nurse enters questionnaires but gets no outcome view', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, 'nurse@demo.test', '/patients');
    await openPatient(page, 'DEMO-0009');
    await page.getByTestId('questionnaires').getByRole('button', { name: 'Enter questionnaire' }).waitFor();
    await expect(page.getByTestId('outcomes-link').count()).resolves.toBe(0);
    await page.goto(`${page.url()}/outcomes`);
    await page.getByTestId('not-available').getByText('Outcomes is not available for your role').waitFor();
    await page.close();
  });

  it('the nurse hands the clinic tablet to a patient for the questionnaire due; the patient confirms their date of birth and answers', async () => {
    // A patient with a C-SSRS due today (a dosing day's screener, or the baseline's).
    const director = await staffApi(server.url, 'director@demo.test');
    const demoSite = await server.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const site = (await director('GET', `/api/sites/${demoSite.id}/measurement-tasks`)).body as {
      items: { patient: { id: string; mrn: string }; tasks: { instrument: string; enrollmentId: string; date: string; state: string }[] }[];
    };
    const due = site.items.find((i) => i.tasks.some((t) => t.instrument === 'cssrs' && t.state !== 'done'));
    if (due === undefined) throw new Error('the demo has a patient with a C-SSRS due today');
    const patient = await server.database.db
      .selectFrom('patient')
      .select(['id', 'mrn', 'birth_date', 'given_name'])
      .where('id', '=', due.patient.id)
      .executeTakeFirstOrThrow();
    const tasks = due.tasks.filter((t) => t.state !== 'done');
    const scales: Record<string, number[]> = {
      'pcl5-month': Array(20).fill(1),
      'pcl5-week': Array(20).fill(1),
      gad7: Array(7).fill(1),
      phq9: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    };
    let cssrsKept = false;
    for (const t of tasks) {
      if (t.instrument === 'cssrs' && !cssrsKept) {
        cssrsKept = true;
        continue;
      }
      const answers = t.instrument === 'cssrs' ? { answers: { q1: false, q2: false, q6: false } } : scales[t.instrument];
      const r = await director('POST', `/api/patients/${patient.id}/questionnaires`, {
        instrument: t.instrument,
        answers,
        enrollmentId: t.enrollmentId,
        dueDate: t.date,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }

    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, 'nurse@demo.test', '/today');
    // The wave by email first: one link each for everyone with something due.
    await page.getByRole('button', { name: 'Email links to everyone due' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Send \d+ links?$/ })
      .click();
    await page
      .getByTestId('links-result')
      .getByText(/^\d+ links? (was|were) emailed\.$/)
      .waitFor();
    await screenshot(page, 'measures-e2e-05-links-emailed');
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('table', { name: 'Questionnaires due today' }).getByRole('row').filter({ hasText: patient.mrn });
    await row.getByRole('button', { name: 'Hand over tablet' }).click();
    await page.getByRole('dialog').getByText('One questionnaire is due.').waitFor();
    await page.getByRole('button', { name: 'Sign out and hand over' }).click();
    await page.waitForURL(/\/kiosk$/);
    await page.getByTestId('kiosk-birth-date').getByText(`Hello, ${patient.given_name}`).waitFor();
    await screenshot(page, 'measures-e2e-06-kiosk-birth-date');

    const year = patient.birth_date.slice(0, 4);
    await typeBirthDate(page, `${Number(year) + 1}${patient.birth_date.slice(4)}`);
    await page.getByTestId('kiosk-birth-date-error').getByText('That date of birth does not match our record. 2 tries left.').waitFor();
    await typeBirthDate(page, patient.birth_date);
    const list = page.getByTestId('kiosk-questionnaires');
    await list.getByText('One questionnaire is due today.').waitFor();
    // Nothing of the portal beyond the questionnaires: no link home, journal or results.
    await expect(page.getByRole('link', { name: /journal|results|home/i }).count()).resolves.toBe(0);
    await screenshot(page, 'measures-e2e-07-kiosk-questionnaires');
    await list.getByRole('link', { name: 'Start: Safety check' }).click();
    await answerCssrsNo(page);
    await page.getByTestId('kiosk-hand-back').getByText('That was everything for today.').waitFor();
    await screenshot(page, 'measures-e2e-08-kiosk-hand-back');

    // The tablet's session ended, and so did the nurse's sign-in on it.
    await page.goto(`${server.url}/kiosk`);
    await page.getByTestId('kiosk-hand-back').getByText("This tablet's session has ended").waitFor();
    await page.getByRole('link', { name: 'Staff sign-in' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${server.url}/today`);
    await page.waitForURL(/\/sign-in/);
    await page.close();
  });
});
