/**
 * The patient portal on a phone (390x844): DEMO-0009 (a retreat whose day 1 was yesterday) enters
 * with a single-use code, opens the crisis resources from the header, answers the GAD-7 half-way,
 * stops and resumes it (the draft is kept), answers the C-SSRS (skip logic), answers the PHQ-9 one
 * question per screen with item 9 "Several days" and sees the crisis resources at once; a same-day
 * risk task exists for the care team; the patient writes journal entries, one shared with the
 * therapist; sees their results; leaves. a patient after a completed retreat reads their care plan.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import {
  answerQuestion,
  chromiumAvailable,
  enterPortalWithCode,
  launchBrowser,
  SCREENSHOTS,
  TAKE_SCREENSHOTS,
  screenshot as saveScreenshot,
  staffApi,
  startTestServer,
  type StaffApi,
} from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

const PHONE = { width: 390, height: 844 };
const CRISIS =
  'Call or text 988 (Suicide & Crisis Lifeline), day or night.\nClinic on-call: 555-0100.\nIf you are in danger now, call 911.';

/** A full-page screenshot from the top (the sticky header would repeat in a scrolled capture). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

/** What the phone shows without scrolling. */
async function viewportShot(page: Page, name: string): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

run('the patient portal on a phone', () => {
  let server: RunningServer;
  let phone: BrowserContext;
  let patientId = '';
  let siteId = '';
  let coordinator: StaffApi;
  let director: StaffApi;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    const p = await server.database.db
      .selectFrom('patient')
      .select(['id', 'site_id'])
      .where('mrn', '=', 'DEMO-0009')
      .executeTakeFirstOrThrow();
    patientId = p.id;
    siteId = p.site_id;
    coordinator = await staffApi(server.url, 'coordinator@demo.test');
    director = await staffApi(server.url, 'director@demo.test');
    // The site writes its crisis resources, preparation material and discharge instructions, and shows results.
    expect((await director('PUT', `/api/sites/${siteId}/content/crisis-resources`, { body: CRISIS })).status).toBe(200);
    for (const [day, body] of [
      [
        2,
        'Dosing day. Eat nothing for 6 hours before, clear fluids until 2 hours before. Someone must drive you home: you may not drive until tomorrow.',
      ],
      [3, 'Integration day. Bring your journal. Wear comfortable clothes.'],
      [4, 'Second dosing day: the same as day 2.'],
    ] as const) {
      expect((await director('PUT', `/api/sites/${siteId}/content/preparation:retreat-5-day:day-${day}`, { body })).status).toBe(200);
    }
    expect(
      (
        await director('PUT', `/api/sites/${siteId}/content/discharge-instructions`, {
          body: 'Rest for the remainder of the day. Do not drive, operate machinery or make important decisions until tomorrow.',
        })
      ).status,
    ).toBe(200);
    expect((await director('PUT', `/api/sites/${siteId}/portal-settings`, { showResults: true })).status).toBe(200);
    phone = await launchBrowser(PHONE);
  });
  afterAll(async () => {
    await phone?.close();
    await server?.close();
  });

  it('DEMO-0009 enters with a code, answers questionnaires one question per screen, sees crisis resources at once, writes a shared journal entry', async () => {
    const access = await coordinator('POST', `/api/patients/${patientId}/portal-access`, { send: false });
    expect(access.status).toBe(201);
    const { code } = access.body as { code: string };

    const page = await phone.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));

    // 1. The code; the home: greeting, questionnaires due, schedule, preparation.
    await enterPortalWithCode(page, server.url, code);
    await page.getByRole('heading', { name: /^Hello, / }).waitFor();
    const tasks = page.getByTestId('questionnaires');
    for (const instrument of ['phq9', 'gad7', 'pcl5-month', 'cssrs']) await tasks.getByTestId(`task-${instrument}`).first().waitFor();
    await expect(tasks.getByTestId('task-gad7').getByTestId('task-progress').innerText()).resolves.toBe('0 of 7 answered');
    await expect(page.getByTestId('schedule').getByTestId('schedule-day').count()).resolves.toBeGreaterThan(1);
    await page.getByTestId('preparation').getByText('Day 2', { exact: true }).waitFor();
    await expect(page.getByTestId('results').isVisible()).resolves.toBe(true);
    // Touch targets: the header's crisis button and the questionnaire buttons are at least 44 px high.
    for (const b of [
      page.getByTestId('crisis-button'),
      tasks.getByRole('link', { name: /^Start: / }).first(),
      page.getByTestId('leave-portal'),
    ]) {
      expect((await b.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
    // No sideways scrolling at phone width.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'portal-01-home-390x844');
    await page.getByTestId('preparation').getByRole('button', { name: /Day 2/ }).click();
    await page.getByText('Someone must drive you home').waitFor();
    await viewportShot(page, 'portal-02-home-viewport-390x844');

    // 2. Crisis resources, one tap away: the site's text, phone numbers to call.
    await page.getByTestId('crisis-button').click();
    const sheet = page.getByTestId('crisis-resources');
    await sheet.getByText('Clinic on-call', { exact: false }).waitFor();
    await expect(sheet.getByRole('link', { name: 'Call 988' }).getAttribute('href')).resolves.toBe('tel:988');
    await expect(sheet.getByRole('link', { name: 'Call 555-0100' }).getAttribute('href')).resolves.toBe('tel:5550100');
    await viewportShot(page, 'portal-03-crisis-resources-390x844');
    await sheet.getByRole('button', { name: 'Close' }).click();
    await sheet.waitFor({ state: 'detached' });

    // 3. GAD-7: three answers, then "Save and finish later"; the home shows 3 of 7.
    await tasks.getByTestId('task-gad7').getByRole('link', { name: /Start/ }).click();
    await answerQuestion(page, 1, 7, 'Several days');
    await answerQuestion(page, 2, 7, 'Not at all');
    // Keyboard: the arrow keys move between the options, Enter chooses.
    await page.getByTestId('question-progress').getByText('Question 3 of 7').waitFor();
    await page.getByRole('radio', { name: 'Not at all', exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Several days');
    await page.keyboard.press('Enter');
    await page.getByTestId('question-progress').getByText('Question 4 of 7').waitFor();
    await screenshot(page, 'portal-04-gad7-question-4-390x844');
    await page.getByRole('button', { name: 'Save and finish later' }).click();
    await page.getByTestId('portal-home').waitFor();
    await expect(tasks.getByTestId('task-gad7').getByTestId('task-progress').innerText()).resolves.toBe('3 of 7 answered');
    await tasks
      .getByTestId('task-gad7')
      .getByRole('link', { name: /Continue/ })
      .click();
    // Resumes at the first question not answered; Back shows the answer kept.
    await page.getByTestId('question-progress').getByText('Question 4 of 7').waitFor();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByTestId('question-progress').getByText('Question 3 of 7').waitFor();
    await expect(page.getByRole('radio', { name: 'Several days', exact: true }).getAttribute('aria-checked')).resolves.toBe('true');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    for (const n of [4, 5, 6, 7]) await answerQuestion(page, n, 7, 'Not at all');
    const review = page.getByTestId('questionnaire-review');
    await review.getByText('All 7 questions answered', { exact: false }).waitFor();
    await expect(review.getByTestId('review-answer-0').innerText()).resolves.toBe('Several days');
    await review.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByTestId('questionnaire-sent').waitFor();
    await expect(page.getByTestId('crisis-alert').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Back to home' }).click();
    await page.getByTestId('portal-home').waitFor();
    await expect(tasks.getByTestId('task-gad7').count()).resolves.toBe(0);

    // 4. The C-SSRS: "No" to question 2 skips questions 3 to 5 (not asked, not sent).
    const cssrsBefore = await tasks.getByTestId('task-cssrs').count();
    await tasks.getByTestId('task-cssrs').first().getByRole('link', { name: /Start/ }).click();
    await page
      .getByTestId('question-progress')
      .getByText(/^Question 1 of \d$/)
      .waitFor();
    await page.getByRole('radio', { name: 'No', exact: true }).click();
    await page
      .getByTestId('question-progress')
      .getByText(/^Question 2 of \d$/)
      .waitFor();
    await page.getByRole('radio', { name: 'No', exact: true }).click();
    await page.getByTestId('question-progress').getByText('Question 3 of 3', { exact: true }).waitFor();
    await expect(page.getByTestId('question-text').innerText()).resolves.toMatch(/to end your life\?$/);
    await page.getByRole('radio', { name: 'No', exact: true }).click();
    await review.getByText('All 3 questions answered', { exact: false }).waitFor();
    await review.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByTestId('questionnaire-sent').waitFor();
    await expect(page.getByTestId('crisis-alert').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Back to home' }).click();
    await page.getByTestId('portal-home').waitFor();
    await expect(tasks.getByTestId('task-cssrs').count()).resolves.toBe(cssrsBefore - 1);

    // 5. The PHQ-9, one question per screen, item 9 "Several days": crisis resources at once.
    await tasks.getByTestId('task-phq9').getByRole('link', { name: /Start/ }).click();
    const phq = [
      'Not at all',
      'Several days',
      'Several days',
      'More than half the days',
      'Not at all',
      'Several days',
      'Not at all',
      'Not at all',
    ];
    for (const [i, option] of phq.entries()) {
      await answerQuestion(page, i + 1, 9, option);
      if (i === 3) await screenshot(page, 'portal-05-phq9-question-5-390x844');
    }
    await page.getByTestId('question-progress').getByText('Question 9 of 9').waitFor();
    await expect(page.getByTestId('question-text').innerText()).resolves.toContain('better off dead');
    await screenshot(page, 'portal-06-phq9-question-9-390x844');
    await answerQuestion(page, 9, 9, 'Several days');
    // At once, before sending: the crisis resources; the patient may carry on.
    const now = page.getByTestId('crisis-now');
    await now.getByText('Clinic on-call', { exact: false }).waitFor();
    await screenshot(page, 'portal-06b-phq9-item9-crisis-at-once-390x844');
    await now.getByRole('button', { name: 'I am safe right now — continue' }).click();
    await now.waitFor({ state: 'detached' });
    await review.getByText('All 9 questions answered', { exact: false }).waitFor();
    await expect(review.getByTestId('review-answer-8').innerText()).resolves.toBe('Several days');
    await screenshot(page, 'portal-07-phq9-review-390x844');
    await review.getByRole('button', { name: 'Send my answers' }).click();
    const alert = page.getByTestId('crisis-alert');
    await alert.waitFor();
    await alert.getByText('Clinic on-call', { exact: false }).waitFor();
    await expect(alert.getByRole('link', { name: 'Call 988' }).getAttribute('href')).resolves.toBe('tel:988');
    await viewportShot(page, 'portal-08-phq9-crisis-390x844');
    await alert.getByRole('button', { name: 'I am safe right now — back to home' }).click();
    await page.getByTestId('portal-home').waitFor();
    await expect(tasks.getByTestId('task-phq9').count()).resolves.toBe(0);

    // 6. The care team has a same-day risk task for this patient, created today.
    const risk = await director('GET', `/api/tasks?patientId=${patientId}`);
    expect(risk.status).toBe(200);
    const items = (
      risk.body as {
        items: {
          kind: string;
          urgency: string;
          reason: string;
          createdAt: string;
          patient: { id: string };
          assignees: unknown[];
          completedAt: string | null;
        }[];
      }
    ).items;
    const sameDay = items.find(
      (t) => t.kind === 'risk-follow-up' && t.urgency === 'same-day' && t.completedAt === null && t.patient.id === patientId,
    );
    expect(sameDay).toBeDefined();
    expect(Date.now() - new Date(sameDay?.createdAt ?? 0).getTime()).toBeLessThan(5 * 60_000);
    expect(sameDay?.assignees.length).toBeGreaterThan(0);

    // 7. The journal: the "not monitored" note; a private entry, then one shared with the therapist.
    await page.getByRole('link', { name: 'Open my journal' }).click();
    const journal = page.getByTestId('portal-journal');
    await journal.getByTestId('journal-not-monitored').getByText('Your journal is not monitored', { exact: false }).waitFor();
    await journal.getByLabel('New entry').fill('Slept badly, woke at 4. Felt calmer after the breathing exercise.');
    await journal.getByRole('button', { name: 'Save', exact: true }).click();
    await journal.getByTestId('journal-saved').waitFor();
    await journal.getByLabel('New entry').fill('I want to talk about the dream I had about the accident.');
    await journal.getByLabel('Share with my therapist').check();
    await journal.getByRole('button', { name: 'Save', exact: true }).click();
    const entries = journal.getByTestId('journal-entry');
    await expect.poll(() => entries.count()).toBe(2);
    await entries.first().getByText('Shared with your therapist').waitFor();
    await expect(entries.first().innerText()).resolves.toContain('the dream I had');
    await entries.nth(1).getByText('Private', { exact: true }).waitFor();
    await screenshot(page, 'portal-09-journal-390x844');
    const shared = await director('GET', `/api/patients/${patientId}/journal`);
    expect((shared.body as { items: { body: string }[] }).items.map((e) => e.body)).toEqual([
      'I want to talk about the dream I had about the accident.',
    ]);
    // Sharing, then un-sharing, the private entry.
    await entries.nth(1).getByRole('button', { name: 'Share with my therapist' }).click();
    await entries.nth(1).getByText('Shared with your therapist').waitFor();
    await entries.nth(1).getByRole('button', { name: 'Stop sharing', exact: true }).click();
    await entries.nth(1).getByText('Private', { exact: true }).waitFor();

    // 8. Results over time (the site shows them): the PHQ-9 just answered.
    await page.getByRole('link', { name: 'Back to home' }).click();
    await page.getByRole('link', { name: 'See my results' }).click();
    const results = page.getByTestId('portal-results');
    await results.getByTestId('result-phq9').getByText('Lower is better', { exact: false }).waitFor();
    await expect(results.getByTestId('result-phq9').locator('svg[role="img"]').getAttribute('aria-label')).resolves.toMatch(
      /^Mood: (\d+ on [^,]+, )*6 on [^,]+$/,
    );
    await screenshot(page, 'portal-10-results-390x844');

    // 9. No care plan yet: said plainly. Then the patient leaves.
    await page.goto(`${server.url}/portal/care-plan`);
    await page.getByTestId('portal-problem').getByText('Your continuing care plan is not ready yet', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Back to home' }).click();
    await page.getByTestId('leave-portal').click();
    await page.getByTestId('portal-code-form').waitFor();
    // The crisis button still works, with the site's text kept.
    await page.getByTestId('crisis-button').click();
    await page.getByTestId('crisis-resources').getByText('Clinic on-call', { exact: false }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a patient after a completed retreat reads the continuing care plan and the discharge instructions', async () => {
    // The demo's completed retreat: a signed continuing care plan and discharged dosing sessions.
    const p = await server.database.db
      .selectFrom('clinical_note as n')
      .innerJoin('patient as p', 'p.id', 'n.patient_id')
      .select(['p.id', 'p.mrn'])
      .where('n.template', '=', 'continuing-care-plan')
      .where('n.state', '=', 'signed')
      .where((eb) =>
        eb.exists(
          eb.selectFrom('dosing_session as s').select('s.id').whereRef('s.patient_id', '=', 'p.id').where('s.state', '=', 'discharged'),
        ),
      )
      .orderBy('p.mrn')
      .executeTakeFirstOrThrow();
    const access = await coordinator('POST', `/api/patients/${p.id}/portal-access`, { send: false });
    expect(access.status).toBe(201);
    await phone.clearCookies();
    const page = await phone.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await enterPortalWithCode(page, server.url, (access.body as { code: string }).code);
    await page.getByTestId('discharge').getByText('Do not drive', { exact: false }).waitFor();
    const plan = page.getByTestId('care-plan');
    await expect(plan.getByRole('link', { name: 'Download it as a PDF' }).getAttribute('href')).resolves.toBe('/api/portal/care-plan.pdf');
    await screenshot(page, 'portal-11-home-after-program-390x844');
    await plan.getByRole('link', { name: 'Read my plan' }).click();
    const view = page.getByTestId('portal-care-plan');
    await view.getByTestId('plan-goals').getByText('Sleep through the night', { exact: false }).waitFor();
    await expect(view.getByTestId('plan-crisisResources').getByRole('link', { name: '988' }).getAttribute('href')).resolves.toBe('tel:988');
    await expect(view.getByTestId('plan-referrerSummary').count()).resolves.toBe(0);
    await screenshot(page, 'portal-12-care-plan-390x844');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
