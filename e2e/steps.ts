/**
 * Steps several browser tests take the same way: signing in again after the server's clock moved,
 * entering a set of vital signs at the chair, a site-local time for a datetime input, answering a
 * whole questionnaire one question per screen.
 */
import { localDateTimeOf } from '@kairos/core';
import type { Locator, Page } from 'playwright-core';
import { answerQuestion, DEMO_PASSWORD } from './browser.js';

/** After the session expired: reload, sign in again on the sign-in page, and come back to `back`. */
export async function signInAgain(page: Page, email: string, back: RegExp): Promise<void> {
  await page.reload();
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(back);
}

/**
 * Keyboard only, from the top: the page loads again (focus starts at the document's beginning, as
 * for a person who just opened it), then Tab moves through it until `target` has the focus.
 * Throws when `max` presses never reach it (a control a keyboard cannot get to).
 */
export async function tabFromTopTo(page: Page, target: Locator, max = 300): Promise<void> {
  await page.reload();
  await target.waitFor();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab did not reach the control in ${max} presses`);
}

/** Fills the large vital-sign inputs and saves the reading. */
export async function enterVitals(
  page: Page,
  v: { systolic: number; diastolic: number; heartRate: number; spo2: number; respiratoryRate: number },
): Promise<void> {
  const entry = page.getByTestId('vitals-entry');
  await entry.getByLabel('Systolic (mmHg)').fill(String(v.systolic));
  await entry.getByLabel('Diastolic (mmHg)').fill(String(v.diastolic));
  await entry.getByLabel('Heart rate (/min)').fill(String(v.heartRate));
  await entry.getByLabel('SpO2 (%)').fill(String(v.spo2));
  await entry.getByLabel('Resp. rate (/min)').fill(String(v.respiratoryRate));
  await entry.getByRole('button', { name: 'Save reading' }).click();
  await entry.getByTestId('previous-reading').getByText(`BP ${v.systolic}/${v.diastolic}`).waitFor();
}

/** An instant as a datetime-local value in the site's time zone (what the nurse types). */
export function siteLocal(ms: number, timeZone: string): string {
  const { date, time } = localDateTimeOf(ms, timeZone);
  return `${date}T${time}`;
}

/** Answers every question of the questionnaire on screen with `pick(n)` and sends it. */
export async function answerAll(page: Page, count: number, pick: (n: number) => string): Promise<void> {
  for (let n = 1; n <= count; n++) await answerQuestion(page, n, count, pick(n));
  const review = page.getByTestId('questionnaire-review');
  await review.getByText(`All ${count} questions answered`, { exact: false }).waitFor();
  await review.getByRole('button', { name: 'Send my answers' }).click();
}

/** The C-SSRS screener answered No to each question (it asks 3 when the first two are no) and sent. */
export async function answerCssrsNo(page: Page): Promise<void> {
  for (const n of [1, 2, 3]) {
    await page.getByTestId('question-progress').getByText(`Question ${n} of 3`).waitFor();
    await page.getByRole('radiogroup').getByRole('radio', { name: 'No', exact: true }).click();
  }
  await page.getByRole('button', { name: 'Send my answers' }).click();
}

/** The clinic tablet's date-of-birth question answered with `birthDate` (YYYY-MM-DD) as day, month and year. */
export async function typeBirthDate(page: Page, birthDate: string): Promise<void> {
  const [year, month, day] = birthDate.split('-') as [string, string, string];
  await page.getByLabel('Day').fill(String(Number(day)));
  await page.getByLabel('Month').selectOption(month);
  await page.getByLabel('Year').fill(year);
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * The screening facts of a patient with nothing against them, on the screening workspace: an SSRI
 * and trauma-focused psychotherapy tried, no cardiovascular risk, no pregnancy possible, conditions
 * and medications reviewed, the history, exam, labs and psychiatric evaluation done on `doneOn`.
 */
export async function recordClearScreeningFacts(page: Page, doneOn: string): Promise<void> {
  const facts = page.getByTestId('screening-facts');
  await facts.waitFor();
  await facts.getByLabel('SSRI').check();
  await facts.getByLabel('Trauma-focused psychotherapy').check();
  await facts.getByRole('radiogroup', { name: 'Cardiovascular risk factors' }).getByText('No', { exact: true }).click();
  await facts.getByRole('radiogroup', { name: 'Pregnancy possible' }).getByText('No', { exact: true }).click();
  await facts.getByLabel('Conditions reviewed').check();
  await facts.getByLabel('Medication list reviewed').check();
  for (const label of ['History', 'Physical exam', 'Labs', 'Psychiatric evaluation'])
    await facts.getByLabel(label, { exact: true }).fill(doneOn);
  await facts.getByRole('button', { name: 'Save and recompute' }).click();
  await facts.getByTestId('facts-saved').waitFor();
}
