/**
 * The product's acceptance test (issue 22, Must 5): one new patient from referral to the +7-day
 * follow-up of a 5-day retreat, every role in the browser, the server's clock moved across the
 * course. The coordinator registers and refers Jordan Journey and hands over a portal code; on a
 * phone Jordan signs the consent and answers the baseline; the coordinator records the details and
 * screening facts and a prescriber decides eligible; the coordinator schedules a cohort. On day 2
 * the administrator makes the monitor's token, the nurse hands over the clinic tablet for the
 * C-SSRS, runs the pre-dose checks, the therapist sets the intention, the prescriber orders the
 * dose, the medical director double-checks it, the nurse starts, the monitor posts, the nurse
 * stops, scores and discharges. On day 3 the therapist signs an integration note; on day 5 Jordan
 * answers the day's questionnaires on the clinic tablet; at +7 days the reminder email's link opens
 * the portal, Jordan answers the PCL-5 and the therapist sees it on the outcome chart.
 *
 * It runs in `npm run test:long` (CI's 20 minutes hold the parts of it each browser test checks).
 */
import { addDaysToIsoDate, localDateOf, localDateTimeToUtcIso, minutesOfLocalTime } from '@kairos/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { messageSettings, produceDueMessages } from '../packages/server/src/messages/producers.js';
import {
  chromiumAvailable,
  DEMO_PASSWORD,
  launchBrowser,
  moveServerClock,
  screenshotFromTop as screenshot,
  signIn,
  signOut,
  staffApi,
  startTestServer,
} from './browser.js';
import { answerAll, answerCssrsNo, enterVitals, recordClearScreeningFacts, signInAgain, siteLocal, typeBirthDate } from './steps.js';

const run = chromiumAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1024, height: 768 };
const BIRTH_DATE = '1981-03-09';
const EMAIL = 'jordan.journey@example.test';

run('one patient from referral to the +7-day follow-up (the acceptance test)', () => {
  let server: RunningServer;
  let desk: BrowserContext;
  let phone: BrowserContext;
  let page: Page;
  let patientId = '';
  let patientUrl = '';
  let timeZone = '';
  let siteId = '';
  let sessionId = '';
  let deviceToken = '';
  let day1 = '';
  const errors: string[] = [];
  const nowMs = () => (server.clock as { nowMs: () => number }).nowMs();
  /** Moves the server's clock to `time` (HH:MM) of program day `day`, site time. */
  const moveTo = (day: number, time: string) => {
    const target = Date.parse(localDateTimeToUtcIso(addDaysToIsoDate(day1, day - 1), minutesOfLocalTime(time), timeZone));
    moveServerClock(server, target - nowMs());
  };

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: the browser tests must run');
    server = await startTestServer();
    const site = await server.database.db.selectFrom('site').select(['id', 'time_zone']).executeTakeFirstOrThrow();
    siteId = site.id;
    timeZone = site.time_zone;
    desk = await launchBrowser(TABLET);
    phone = await launchBrowser(PHONE);
    for (const ctx of [desk, phone]) ctx.on('page', (pg) => pg.on('pageerror', (e) => errors.push(e.message)));
    page = await desk.newPage();
    page.setDefaultTimeout(15_000);
  }, 120_000);
  afterAll(async () => {
    await desk?.close();
    await phone?.close();
    await server?.close();
  });

  it('referral, consent and baseline on a phone, screening, eligible, a cohort', { timeout: 300_000 }, async () => {
    // The coordinator registers Jordan with a care team and refers them to the retreat.
    await signIn(page, server.url, 'coordinator@demo.test', '/patients');
    await page.getByRole('button', { name: 'New patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'New patient' });
    await dialog.getByLabel('Given name').fill('Jordan');
    await dialog.getByLabel('Family name').fill('Journey');
    await dialog.getByLabel('Date of birth').fill(BIRTH_DATE);
    await dialog.getByLabel('Sex').selectOption('female');
    await dialog.getByLabel('MRN').fill('JOURNEY-0001');
    await dialog.getByLabel('Email').fill(EMAIL);
    await dialog.getByLabel('Prescriber').selectOption({ label: 'Dr. Priya Prescriber' });
    await dialog.getByLabel('Therapist').selectOption({ label: 'Theo Therapist, LCSW' });
    await dialog.getByLabel('Nurse').selectOption({ label: 'Nora Nurse, RN' });
    await dialog.getByRole('button', { name: 'Create patient' }).click();
    await page.getByRole('heading', { name: 'Journey, Jordan', level: 2 }).waitFor();
    patientUrl = page.url();
    patientId = patientUrl.split('/').pop() as string;
    await page.getByRole('button', { name: 'Refer to a program' }).click();
    const refer = page.getByRole('dialog', { name: 'Refer to a program' });
    await refer
      .locator('input')
      .and(refer.getByLabel('Program', { exact: true }))
      .click();
    await page.getByRole('option', { name: '5-day ketamine-assisted psychotherapy retreat' }).click();
    await refer.getByLabel('Referred by').selectOption('self');
    await refer.getByLabel('Reason for referral').fill('PTSD after a road accident; sertraline and prolonged exposure without relief.');
    await refer.getByRole('button', { name: 'Refer' }).click();
    const enrollment = page.getByTestId('enrollments').getByTestId('enrollment-card').first();
    await enrollment.getByTestId('enrollment-state').getByText('Referred').waitFor();
    await enrollment.getByRole('button', { name: 'Start screening' }).click();
    await enrollment.getByTestId('enrollment-state').getByText('Screening').waitFor();

    // A portal code, handed over; Jordan signs the consent and answers the baseline on a phone.
    const coordinator = await staffApi(server.url, 'coordinator@demo.test');
    const access = await coordinator('POST', `/api/patients/${patientId}/portal-access`, { send: false });
    expect(access.status).toBe(201);
    const mobile = await phone.newPage();
    mobile.setDefaultTimeout(15_000);
    await mobile.goto(`${server.url}/portal`);
    await mobile.getByLabel('Your code').fill((access.body as { code: string }).code);
    await mobile.getByRole('button', { name: 'Continue' }).click();
    await mobile.getByTestId('portal-consent').waitFor();
    await mobile.getByLabel('Type your full name to sign').fill('Jordan Journey');
    await mobile.getByRole('button', { name: 'I agree and sign' }).click();
    await mobile.getByTestId('portal-signed').waitFor();
    await mobile.goto(`${server.url}/portal`);
    const tasks = mobile.getByTestId('questionnaires');
    for (const [instrument, count, pick] of [
      ['pcl5-month', 20, () => 'Quite a bit'],
      ['phq9', 9, (n: number) => (n === 9 ? 'Not at all' : 'More than half the days')],
      ['gad7', 7, () => 'Several days'],
    ] as const) {
      await tasks.getByTestId(`task-${instrument}`).getByRole('link', { name: /Start/ }).click();
      await answerAll(mobile, count, pick);
      await mobile.getByTestId('questionnaire-sent').waitFor();
      await mobile.getByRole('link', { name: 'Back to home' }).click();
    }
    await tasks.getByTestId('task-cssrs').getByRole('link', { name: /Start/ }).click();
    await answerCssrsNo(mobile);
    await mobile.getByTestId('questionnaire-sent').waitFor();
    await screenshot(mobile, 'journey-01-baseline-sent');
    await mobile.close();

    // The coordinator records the details and the screening facts; the baseline is beside the checks.
    await page.goto(patientUrl);
    await enrollment.getByTestId('consent-status').getByText('signed').waitFor();
    const diagnoses = page.getByTestId('diagnoses');
    await diagnoses.getByLabel('ICD-10-CM code').fill('F43.12');
    await diagnoses.getByRole('button', { name: 'Add diagnosis' }).click();
    await diagnoses.getByText('Post-traumatic stress disorder, chronic').waitFor();
    const vitals = page.getByTestId('vitals');
    await vitals.getByLabel('Systolic (mmHg)').fill('124');
    await vitals.getByLabel('Diastolic (mmHg)').fill('78');
    await vitals.getByLabel('Heart rate (/min)').fill('70');
    await vitals.getByLabel('Weight (kg)').fill('68');
    await vitals.getByRole('button', { name: 'Add reading' }).click();
    await vitals.getByRole('table', { name: 'Vitals history' }).getByText('124/78').waitFor();
    await enrollment.getByRole('link', { name: /Screening workspace/ }).click();
    await recordClearScreeningFacts(page, addDaysToIsoDate(localDateOf(nowMs(), timeZone), -1));
    await page
      .getByRole('table', { name: 'Baseline questionnaires' })
      .getByRole('row')
      .filter({ hasText: 'PCL-5' })
      .getByText(/^60 of 80/)
      .waitFor();
    const screeningPath = new URL(page.url()).pathname;
    await signOut(page);

    // The prescriber decides eligible.
    await signIn(page, server.url, 'prescriber@demo.test', screeningPath);
    await page.getByRole('button', { name: 'Eligible', exact: true }).click();
    const stepUp = page.getByTestId('step-up-dialog');
    await stepUp.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('decision-made').getByText('Decided: eligible').waitFor();
    await screenshot(page, 'journey-02-eligible');
    await signOut(page);

    // The coordinator schedules a cohort of Jordan alone, from tomorrow or the next start the program allows.
    await signIn(page, server.url, 'coordinator@demo.test', '/schedule/cohort');
    await page.getByRole('heading', { name: /^Schedule a cohort at / }).waitFor();
    const members = page.getByTestId('cohort-member');
    await expect.poll(() => members.count()).toBeGreaterThan(0);
    for (const m of await members.all()) {
      const include = m.getByRole('checkbox');
      const mine = (await m.getAttribute('aria-label'))?.includes('Journey') === true;
      if ((await include.isChecked()) !== mine) await include.click();
    }
    await page.getByLabel('Start date (program day 1)').fill(addDaysToIsoDate(localDateOf(nowMs(), timeZone), 1));
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    for (let i = 0; i < 3; i++) {
      const offered = page.getByTestId('start-refused').or(page.getByTestId('next-free-start'));
      await offered.or(page.getByTestId('plan-clear')).first().waitFor();
      if (await page.getByTestId('plan-clear').isVisible()) break;
      await offered.getByRole('button', { name: /^Use / }).click();
      await page.getByRole('button', { name: 'Check', exact: true }).click();
    }
    await page.getByTestId('plan-clear').waitFor();
    day1 = await page.getByLabel('Start date (program day 1)').inputValue();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('schedule-notice').waitFor();
    await screenshot(page, 'journey-03-cohort');
    await signOut(page);
    const session = await server.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
      .select(['s.id', 'e.starts_at'])
      .where('s.patient_id', '=', patientId)
      .orderBy('e.starts_at')
      .executeTakeFirstOrThrow();
    sessionId = session.id;
    expect(localDateOf(session.starts_at, timeZone)).toBe(addDaysToIsoDate(day1, 1));
  });

  it(
    'day 2: the tablet for the C-SSRS, the pre-dose checks, the order and its double check, the infusion, discharge',
    { timeout: 300_000 },
    async () => {
      // The administrator makes the chair's monitor a token.
      moveTo(2, '07:30');
      await signIn(page, server.url, 'admin@demo.test', `/settings/sites/${siteId}/devices`);
      const form = page.getByTestId('new-device-token-form');
      await form.getByLabel('Name').fill('Journey chair monitor');
      await form.getByRole('button', { name: 'Create token' }).click();
      deviceToken = (await page.getByTestId('new-device-token-value').innerText()).trim();
      await page.getByRole('button', { name: 'I have copied it' }).click();
      await signOut(page);

      // The nurse hands Jordan the tablet for the day's C-SSRS, then signs in again.
      await signIn(page, server.url, 'nurse@demo.test', '/today');
      const row = page.getByRole('table', { name: 'Questionnaires due today' }).getByRole('row').filter({ hasText: 'JOURNEY-0001' });
      await row.getByRole('button', { name: 'Hand over tablet' }).click();
      await page.getByRole('button', { name: 'Sign out and hand over' }).click();
      await page.waitForURL(/\/kiosk$/);
      await typeBirthDate(page, BIRTH_DATE);
      await page.getByTestId('kiosk-questionnaires').getByRole('link', { name: 'Start: Safety check' }).click();
      await answerCssrsNo(page);
      await page.getByTestId('kiosk-hand-back').waitFor();
      await screenshot(page, 'journey-04-tablet-handed-back');

      // The pre-dose checks at the chair.
      moveTo(2, '08:55');
      await signIn(page, server.url, 'nurse@demo.test', `/sessions/${sessionId}`);
      const state = () => page.getByTestId('session-console').getAttribute('data-state');
      await page.getByRole('button', { name: 'Check in' }).click();
      await expect.poll(state).toBe('checked-in');
      await page.getByRole('button', { name: 'Begin pre-dose checks' }).click();
      await expect.poll(state).toBe('pre-dose');
      await enterVitals(page, { systolic: 126, diastolic: 79, heartRate: 72, spo2: 98, respiratoryRate: 14 });
      const checklist = page.getByTestId('checklist');
      const item = (id: string) => checklist.locator(`[data-item="${id}"]`).and(page.locator('[data-status="done"]'));
      const fasting = checklist.getByTestId('fasting-form');
      await fasting.getByLabel('Last solid food').fill(siteLocal(nowMs() - 10 * 3_600_000, timeZone));
      await fasting.getByLabel('Last clear liquids').fill(siteLocal(nowMs() - 3 * 3_600_000, timeZone));
      await fasting.getByRole('button', { name: 'Save' }).click();
      await item('fasting').waitFor();
      const escort = checklist.getByTestId('escort-form');
      await escort.getByLabel('Escort’s name').fill('Casey Journey');
      await escort.getByLabel('Escort’s phone').fill('555-0142');
      await escort.getByRole('button', { name: 'Save' }).click();
      await item('escort').waitFor();
      const premedication = checklist.getByTestId('premedication-form');
      await premedication.getByLabel('Dose').fill('4');
      await premedication.getByRole('button', { name: 'Record premedication' }).click();
      await item('premedication').waitFor();
      await item('cssrs-today').waitFor();

      // The therapist sets the intention and the prescriber orders the dose, each on their own screen.
      const other = await (await launchBrowser(TABLET)).newPage();
      other.setDefaultTimeout(15_000);
      await signIn(other, server.url, 'therapist@demo.test', `/sessions/${sessionId}`);
      await other
        .getByTestId('checklist')
        .getByLabel(/^Intention/)
        .fill('to stay with the memory of the crash and come back');
      await other.getByTestId('checklist').locator('[data-item="intention"]').getByRole('button', { name: 'Save' }).click();
      await other.getByTestId('checklist').getByText('✓ complete').waitFor();
      await signOut(other);
      await signIn(other, server.url, 'prescriber@demo.test', `/sessions/${sessionId}`);
      const order = other.getByTestId('dose-order-form');
      await order.getByText('10 mg/mL').click();
      await order.getByLabel('Diluent (mL)').fill('100');
      await order.getByRole('button', { name: 'Order the dose' }).click();
      // 68 kg x 0.5 mg/kg = 34 mg (3.40 mL of 10 mg/mL), from the weight the coordinator recorded at intake.
      await other.getByTestId('dose-calculation').waitFor();
      await expect(other.getByTestId('dose-calculation').innerText()).resolves.toMatch(/68 kg × 0\.5 mg\/kg[\s\S]*100 mL \+ 3\.40 mL/);
      await other.context().close();

      // The medical director double-checks on the nurse's tablet; the nurse starts the infusion.
      await page.getByTestId('dose-calculation').waitFor();
      await page.getByRole('button', { name: 'Double check' }).click();
      const check = page.getByTestId('step-up-dialog');
      await check.getByLabel('Email').fill('director@demo.test');
      await check.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await check.getByRole('button', { name: 'Confirm' }).click();
      await page.getByTestId('double-checked').waitFor();
      await page.getByRole('button', { name: 'Start infusion' }).click();
      await expect.poll(state).toBe('infusing');
      await screenshot(page, 'journey-05-infusing');
      const started = (
        await server.database.db
          .selectFrom('dosing_session')
          .select('infusion_started_at')
          .where('id', '=', sessionId)
          .executeTakeFirstOrThrow()
      ).infusion_started_at as Date;

      // Forty minutes on, the monitor has posted a reading every 5 minutes (MOAA/S with it); the nurse stops.
      moveServerClock(server, started.getTime() + 41 * 60_000 - nowMs());
      const readings = Array.from({ length: 9 }, (_, i) => ({
        clientId: `journey-${i}`,
        measuredAt: new Date(started.getTime() + i * 5 * 60_000 + 30_000).toISOString(),
        systolic: 128 + (i % 3),
        diastolic: 80,
        heartRate: 74,
        spo2: 98,
        respiratoryRate: 14,
        moaas: 4,
      }));
      const posted = await fetch(`${server.url}/api/device/sessions/${sessionId}/vitals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${deviceToken}` },
        body: JSON.stringify({ readings }),
      });
      expect(posted.status, await posted.text()).toBe(200);
      await signInAgain(page, 'nurse@demo.test', new RegExp(`/sessions/${sessionId}$`));
      await page.getByRole('button', { name: 'Stop infusion' }).first().click();
      await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Stop infusion' }).click();
      await expect.poll(state).toBe('observing');
      const aldrete = page.getByTestId('aldrete-form');
      for (const a of ['activity', 'respiration', 'circulation', 'consciousness', 'spo2'])
        await aldrete.locator(`[data-item="${a}"]`).getByText('2', { exact: true }).click();
      await aldrete.getByRole('button', { name: 'Save Aldrete score' }).click();

      // After the observation time: a CADSS-6, a last reading, the escort confirmed, discharge.
      moveServerClock(server, 2 * 3_600_000 + 60_000);
      await signInAgain(page, 'nurse@demo.test', new RegExp(`/sessions/${sessionId}$`));
      const cadss = page.getByTestId('cadss6-entry');
      for (const [i, score] of [1, 1, 0, 0, 1, 0].entries())
        await cadss.getByRole('row').nth(i).getByText(String(score), { exact: true }).click();
      await cadss.getByRole('button', { name: 'Save CADSS-6' }).click();
      await enterVitals(page, { systolic: 122, diastolic: 78, heartRate: 70, spo2: 99, respiratoryRate: 14 });
      await page.getByTestId('discharge-escort-form').locator('button[type="submit"]').click();
      await expect.poll(() => page.getByTestId('discharge-ready').innerText(), { timeout: 15_000 }).toMatch(/ready for discharge/i);
      await page.getByRole('button', { name: 'Discharge', exact: true }).click();
      await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discharge' }).click();
      await expect.poll(state).toBe('discharged');
      await screenshot(page, 'journey-06-discharged');
      await signOut(page);
    },
  );

  it('day 3: the therapist signs an integration note', { timeout: 120_000 }, async () => {
    moveTo(3, '10:00');
    await signIn(page, server.url, 'therapist@demo.test', patientUrl.replace(server.url, ''));
    await page.getByRole('button', { name: 'New note' }).click();
    await page.getByRole('menuitem', { name: /Integration therapy/ }).click();
    await page.getByTestId('note-page').waitFor();
    await page.getByRole('radio', { name: 'EMDR', exact: true }).check();
    await page.getByLabel('Target memories or themes', { exact: true }).fill('The crash; the sound of the horn.');
    await page.getByLabel('Session process', { exact: true }).fill('Integration of the day 2 session; the horn lost its charge.');
    await page.getByLabel('State at the end of the session', { exact: true }).fill('Calm and grounded; no risk indicators.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Sign note' }).click();
    await page.getByRole('dialog').getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('signature').waitFor();
    await signOut(page);
  });

  it('day 5: the day’s questionnaires on the clinic tablet', { timeout: 180_000 }, async () => {
    moveTo(5, '10:00');
    await signIn(page, server.url, 'nurse@demo.test', '/today');
    const row = page.getByRole('table', { name: 'Questionnaires due today' }).getByRole('row').filter({ hasText: 'JOURNEY-0001' });
    await row.getByRole('button', { name: 'Hand over tablet' }).click();
    await page.getByRole('button', { name: 'Sign out and hand over' }).click();
    await page.waitForURL(/\/kiosk$/);
    await typeBirthDate(page, BIRTH_DATE);
    // Day 5's PCL-5 (past week) and PHQ-9, and anything else still due (day 4's C-SSRS: no session ran that day).
    const list = page.getByTestId('kiosk-questionnaires');
    const answers: Record<string, () => Promise<void>> = {
      'pcl5-week': () => answerAll(page, 20, () => 'A little bit'),
      phq9: () => answerAll(page, 9, (n) => (n === 9 ? 'Not at all' : 'Several days')),
      cssrs: () => answerCssrsNo(page),
    };
    const answered: string[] = [];
    for (let i = 0; i < 5; i++) {
      await list.or(page.getByTestId('kiosk-hand-back')).first().waitFor();
      if (await page.getByTestId('kiosk-hand-back').isVisible()) break;
      const card = list.locator('[data-testid^="task-"]').first();
      const instrument = ((await card.getAttribute('data-testid')) as string).replace(/^task-/, '');
      answered.push(instrument);
      await card.getByRole('link', { name: /Start/ }).click();
      await (answers[instrument] as () => Promise<void>)();
      await page.getByTestId('questionnaire-sent').or(page.getByTestId('kiosk-hand-back')).first().waitFor();
      if (await page.getByTestId('questionnaire-sent').isVisible())
        await page.getByRole('link', { name: 'Back to my questionnaires' }).click();
    }
    expect(answered).toEqual(expect.arrayContaining(['pcl5-week', 'phq9']));
    await page.getByTestId('kiosk-hand-back').getByText('That was everything for today.').waitFor();
    await screenshot(page, 'journey-07-day-5-tablet');
  });

  it('+7 days: the reminder’s link, the PCL-5, the outcome chart', { timeout: 180_000 }, async () => {
    moveTo(12, '09:00');
    await produceDueMessages(server.database.db, server.clock.now(), messageSettings(server.app.ctx.config));
    server.app.ctx.messages?.deliverSoon();
    const director = await staffApi(server.url, 'director@demo.test');
    let link: string | undefined;
    for (let i = 0; i < 20 && link === undefined; i++) {
      const mail = await director('GET', `/api/dev/mail?to=${encodeURIComponent(EMAIL)}`);
      link = (mail.body as { items: { subject: string; text: string }[] }).items
        .find((m) => /questionnaire/i.test(m.subject) || /questionnaire/i.test(m.text))
        ?.text.match(/https?:\/\/\S+token=\S+/)?.[0];
      if (link === undefined) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(link, 'the +7-day reminder with its portal link').toBeDefined();
    const url = new URL(link as string);
    const mobile = await phone.newPage();
    mobile.setDefaultTimeout(15_000);
    await mobile.goto(`${server.url}${url.pathname}${url.search}`);
    await mobile.getByTestId('portal-home').waitFor();
    await mobile.getByTestId('task-pcl5-week').last().getByRole('link', { name: /Start/ }).click();
    await answerAll(mobile, 20, () => 'Not at all');
    await mobile.getByTestId('questionnaire-sent').waitFor();
    await mobile.close();

    await signIn(page, server.url, 'therapist@demo.test', `${patientUrl.replace(server.url, '')}/outcomes`);
    const table = page.getByTestId('outcomes-page').getByTestId('pcl5-table');
    await table.getByRole('cell', { name: '60', exact: true }).waitFor();
    await table.getByRole('cell', { name: '0', exact: true }).first().waitFor();
    await screenshot(page, 'journey-08-outcomes');
    expect(errors).toEqual([]);
  });
});
