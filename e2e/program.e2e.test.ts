/**
 * The therapy side of the program end to end (issue: measures, portal, notes and messages).
 * DEMO-0009 is on a retreat whose day 1 was yesterday. On a phone the patient answers the baseline
 * PCL-5 and the PHQ-9 with item 9 above 0: crisis resources show at once and a same-day task
 * reaches the care team. The therapist writes an integration note and signs it through the
 * step-up check. Then the server's clock moves to the +7-day follow-up after day 5: the reminder
 * email is read from the capture server, its link opens the portal, the patient answers the
 * past-week PCL-5, and the therapist sees it on the outcome chart beside the baseline.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import {
  answerQuestion,
  chromiumAvailable,
  DEMO_PASSWORD,
  enterPortalWithCode,
  launchBrowser,
  moveServerClock,
  screenshotFromTop as screenshot,
  signIn,
  staffApi,
  startTestServer,
} from './browser.js';
import { answerAll } from './steps.js';
import { messageSettings, produceDueMessages } from '../packages/server/src/messages/producers.js';

const run = chromiumAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const PHONE = { width: 390, height: 844 };
const DAY_MS = 86_400_000;

run('the program: portal answers, a signed integration note, the +7-day follow-up on the outcome chart', () => {
  let server: RunningServer;
  let phone: BrowserContext;
  let desk: BrowserContext;
  let patientId = '';
  let email = '';
  const errors: string[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    const p = await server.database.db
      .selectFrom('patient')
      .select(['id', 'email'])
      .where('mrn', '=', 'DEMO-0009')
      .executeTakeFirstOrThrow();
    patientId = p.id;
    email = p.email ?? '';
    phone = await launchBrowser(PHONE);
    desk = await launchBrowser();
    for (const ctx of [phone, desk]) ctx.on('page', (pg) => pg.on('pageerror', (e) => errors.push(e.message)));
  }, 120_000);
  afterAll(async () => {
    await phone?.close();
    await desk?.close();
    await server?.close();
  });

  it(
    'the patient answers the baseline PCL-5 and the PHQ-9 (item 9 above 0): crisis resources at once, a same-day task for the care team',
    { timeout: 180_000 },
    async () => {
      expect(email).toMatch(/@/);
      const coordinator = await staffApi(server.url, 'coordinator@demo.test');
      const access = await coordinator('POST', `/api/patients/${patientId}/portal-access`, { send: false });
      expect(access.status).toBe(201);
      const page = await phone.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await enterPortalWithCode(page, server.url, (access.body as { code: string }).code);
      const tasks = page.getByTestId('portal-home');

      await tasks.getByTestId('task-pcl5-month').getByRole('link', { name: /Start/ }).click();
      // Baseline PCL-5: "Quite a bit" (3) to every item: 60.
      await answerAll(page, 20, () => 'Quite a bit');
      await page.getByTestId('questionnaire-sent').waitFor();
      await expect(page.getByTestId('crisis-alert').count()).resolves.toBe(0);
      await page.getByRole('link', { name: 'Back to home' }).click();
      await page.getByTestId('portal-home').waitFor();

      await tasks.getByTestId('task-phq9').getByRole('link', { name: /Start/ }).click();
      for (let n = 1; n <= 8; n++) await answerQuestion(page, n, 9, n <= 3 ? 'More than half the days' : 'Several days');
      await answerQuestion(page, 9, 9, 'Several days');
      // Crisis resources at once, before sending; then the answers are sent.
      await page.getByTestId('crisis-now').waitFor();
      await page.getByRole('button', { name: 'I am safe right now — continue' }).click();
      await page.getByTestId('questionnaire-review').getByRole('button', { name: 'Send my answers' }).click();
      const alert = page.getByTestId('crisis-alert');
      await alert.waitFor();
      await screenshot(page, 'program-01-phq9-item9-crisis-390x844');

      const therapist = await staffApi(server.url, 'therapist@demo.test');
      const open = await therapist('GET', `/api/tasks?patientId=${patientId}`);
      const items = (open.body as { items: { urgency: string; reason: string; assignees: { displayName: string }[] }[] }).items;
      expect(items.find((t) => t.reason.includes('item 9'))).toMatchObject({ urgency: 'same-day' });
      await page.close();
    },
  );

  it(
    'an urgent risk (C-SSRS high) stays on Today until a clinician records what was done; Today lists the questionnaires due',
    { timeout: 120_000 },
    async () => {
      const therapist = await staffApi(server.url, 'therapist@demo.test');
      const high = await therapist('POST', `/api/patients/${patientId}/questionnaires`, {
        instrument: 'cssrs',
        answers: { form: 'since-last-contact', answers: { q1: true, q2: true, q3: true, q4: true, q5: false, q6: false } },
      });
      expect(high.status).toBe(201);
      const page = await desk.newPage();
      await desk.clearCookies();
      await signIn(page, server.url, 'director@demo.test', '/today');
      const panel = page.getByTestId('today-risk-tasks');
      await panel.getByTestId('urgent-count').getByText('1 urgent').waitFor();
      const urgent = panel.locator('[data-testid="risk-task"][data-urgency="urgent"]');
      await urgent.getByText('C-SSRS screener risk high', { exact: false }).waitFor();
      await page.getByTestId('today-questionnaires').locator('tr[data-patient="DEMO-0009"]').waitFor();
      await screenshot(page, 'program-02-today-urgent-risk');
      await urgent.getByRole('button', { name: 'Record what was done' }).click();
      await urgent.getByLabel('What was done').fill('Called the patient at once; safety plan reviewed; seen by the prescriber today.');
      await urgent.getByRole('button', { name: 'Save and close task' }).click();
      await expect.poll(() => panel.locator('[data-testid="risk-task"][data-urgency="urgent"]').count(), { timeout: 10_000 }).toBe(0);
      await page.close();
    },
  );

  it(
    'the therapist writes an integration note and signs it through the step-up check; it is locked with its hash',
    { timeout: 120_000 },
    async () => {
      const page = await desk.newPage();
      await desk.clearCookies();
      await signIn(page, server.url, 'therapist@demo.test', `/patients/${patientId}`);
      await page.getByRole('button', { name: 'New note' }).click();
      await page.getByRole('menuitem', { name: /Integration therapy/ }).click();
      await page.getByTestId('note-page').waitFor();
      await page.getByRole('radio', { name: 'EMDR', exact: true }).check();
      await page.getByLabel('Target memories or themes', { exact: true }).fill('The moment of impact; the image of the ambulance.');
      await page.getByRole('button', { name: 'Save draft' }).click();
      // Not yet complete: the missing required fields are named.
      await page.getByTestId('missing-fields').getByText('Session process', { exact: false }).waitFor();
      await page
        .getByLabel('Session process', { exact: true })
        .fill('Standard protocol, eight sets on the impact image; associations moved to recovery.');
      await page
        .getByLabel('State at the end of the session', { exact: true })
        .fill('Calm, grounded, no risk indicators; safety plan reviewed.');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('button', { name: 'Sign note' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await page.getByTestId('signature').waitFor();
      await expect(page.getByTestId('content-hash').innerText()).resolves.toMatch(/[0-9a-f]{16}/);
      await expect(page.getByRole('button', { name: 'Save draft' }).count()).resolves.toBe(0);
      await screenshot(page, 'program-03-integration-note-signed');
      await page.close();
    },
  );

  it(
    'at the +7-day follow-up the reminder email’s link opens the portal; the past-week PCL-5 shows on the outcome chart',
    { timeout: 240_000 },
    async () => {
      // Day 5 is 3 days after today (day 2); its +7-day follow-up opens 2 days before it: move 9 days on.
      moveServerClock(server, 9 * DAY_MS);
      // The server's per-minute sweep queues follow-up reminders; it is run here rather than waited
      // for (what it runs, produceDueMessages, has its own tests in messages.int.test.ts), then delivery to the capture server.
      await produceDueMessages(server.database.db, server.clock.now(), messageSettings(server.app.ctx.config));
      server.app.ctx.messages?.deliverSoon();
      const director = await staffApi(server.url, 'director@demo.test');
      let link: string | undefined;
      const deadline = Date.now() + 30_000;
      while (link === undefined && Date.now() < deadline) {
        const mail = await director('GET', `/api/dev/mail?to=${encodeURIComponent(email)}`);
        expect(mail.status).toBe(200);
        const reminder = (mail.body as { items: { subject: string; text: string }[] }).items.find(
          (m) => /questionnaire/i.test(m.subject) || /questionnaire/i.test(m.text),
        );
        link = reminder?.text.match(/https?:\/\/\S+token=\S+|\/portal\S*token=\S+/)?.[0];
        if (link === undefined) await new Promise((r) => setTimeout(r, 500));
      }
      expect(link, 'a follow-up reminder with a portal link arrived in the capture').toBeDefined();
      const url = (link as string).startsWith('http') ? new URL(link as string) : new URL(link as string, server.url);
      const page = await phone.newPage();
      await page.goto(`${server.url}${url.pathname}${url.search}`);
      await page.getByTestId('portal-home').waitFor();
      // Two past-week PCL-5s are open: day 5's (overdue now) and the +7-day follow-up (the later one).
      await expect(page.getByTestId('task-pcl5-week').count()).resolves.toBe(2);
      await page.getByTestId('task-pcl5-week').last().getByRole('link', { name: /Start/ }).click();
      // Past-week PCL-5: "A little bit" (1) to every item: 20, a 67% reduction from 60.
      await answerAll(page, 20, () => 'A little bit');
      await page.getByTestId('questionnaire-sent').waitFor();
      await page.close();

      const desktop = await desk.newPage();
      await desk.clearCookies();
      await signIn(desktop, server.url, 'therapist@demo.test', `/patients/${patientId}/outcomes`);
      const outcomes = desktop.getByTestId('outcomes-page');
      await outcomes.getByTestId('pcl5-total-chart').waitFor();
      const table = outcomes.getByTestId('pcl5-table');
      await table.getByRole('cell', { name: '60', exact: true }).waitFor();
      await table.getByRole('cell', { name: '20', exact: true }).waitFor();
      await expect(outcomes.getByTestId('pcl5-total-chart').locator('svg path').count()).resolves.toBeGreaterThan(0);
      await screenshot(desktop, 'program-04-outcome-chart-follow-up');
      await desktop.close();
      expect(errors).toEqual([]);
    },
  );
});
