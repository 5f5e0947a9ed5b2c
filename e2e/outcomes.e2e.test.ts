/**
 * The program dashboard in the browser (issue 24, Must 1 and Must 7): seven finished courses of
 * last summer written as history (six retreats and a series, one withdrawn after its first
 * session; the API test's hand-worked cohort). The medical director opens Outcomes from the
 * navigation, narrows the course start dates to the summer and reads the flow and the PCL-5 means;
 * filters to the retreats (the address and the numbers change); reads the durability of response
 * (the Kaplan-Meier curve is drawn) and the literature with its caution; downloads the report of the
 * retreats as a PDF (its text read with pdf.js: the benchmark table, the KM median); an inverted range shows
 * the server's words by the field; the series alone is too small to report (counts only); one
 * cohort from a bookmarked address, another picked in the cohort select; axe finds nothing serious, at desktop and tablet sizes. A
 * therapist reads their own patients' courses only; a nurse has no Outcomes.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { screenshotPdf } from './pdf-screens.js';
import { pdfText } from '../packages/server/test/pdf-text.js';
import { bookMaintenanceSession } from '../packages/server/test/maintenance.js';
import { SUMMER, seedSummer } from '../packages/server/test/program-history.js';
import { axeViolations, describeFindings } from './axe.js';
import {
  chromiumAvailable,
  launchBrowser,
  moveServerClock,
  screenshotFromTop as screenshot,
  signIn,
  signOut,
  startTestServer,
} from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

const TABLET = { width: 1024, height: 768 };

/** Waits until a flow figure reads `value` (the previous answer stays on screen while the next loads). */
async function flowReads(page: Page, key: string, value: number): Promise<void> {
  await page.locator(`[data-testid="flow-${key}"][data-value="${value}"]`).waitFor();
}

/**
 * axe's serious and critical findings on the page, the pointer first moved off any control (axe
 * reads a hovered element's colours: the navigation link just clicked would be judged hovered).
 */
async function seriousFindings(page: Page, where: string): Promise<string> {
  await page.getByRole('heading', { name: 'Program outcomes', level: 2 }).hover();
  return describeFindings(where, await axeViolations(page));
}

/** The PCL-5 means table's row of a time point: its cells' text. */
async function pcl5Row(page: Page, timePoint: string): Promise<string[]> {
  return page.getByTestId('pcl5-means-table').locator(`tr[data-time-point="${timePoint}"] td`).allInnerTexts();
}

run('the program dashboard (Outcomes)', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let cohortOfCasey = '';

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    // The therapist is on Avery's care team (and on the demo patients' teams the demo gave them).
    ({ cohortOfCasey } = await seedSummer(server.database.db, server.clock.now()));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the director opens Outcomes from the navigation, reads the summer’s courses, filters to the retreats, and reads durability and the literature', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await signIn(page, server.url, 'director@demo.test', '/today');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Outcomes', exact: true }).click();
    await page.getByRole('heading', { name: 'Program outcomes', level: 2 }).waitFor();
    const scope = page.getByTestId('outcomes-scope');
    await scope.waitFor();
    expect(await scope.innerText()).toMatch(/^All patients of .+ · as of .+ · Thresholds of protocol version 1$/);
    expect(await page.getByText('Not built yet').count()).toBe(0);

    // The summer's courses: the course start dates go into the address.
    await page.getByLabel('Course start from').fill(SUMMER.from);
    await page.waitForURL(/[?&]from=2026-05-01/);
    await page.getByLabel('Course start to').fill(SUMMER.to);
    await page.waitForURL(/[?&]to=2026-07-31/);
    for (const [key, value] of [
      ['referred', 7],
      ['screened', 7],
      ['eligible', 7],
      ['started', 7],
      ['completed', 6],
      ['withdrawn', 1],
      ['lost', 1],
    ] as const)
      await flowReads(page, key, value);
    await page.getByTestId('flow-withdrawn').getByText('moved away (1)').waitFor();
    expect(await pcl5Row(page, 'baseline')).toEqual(['Baseline', '7', '52.6', expect.stringMatching(/^\d+\.\d–\d+\.\d$/)]);
    expect((await pcl5Row(page, 'end-of-course')).slice(0, 3)).toEqual(['End of course', '6', '32.7']);
    expect((await pcl5Row(page, 'plus-90')).slice(0, 3)).toEqual(['+90 days', '4', '33.0']);
    const endOfCourse = page.getByTestId('rates-table').locator('tr[data-time-point="end-of-course"]');
    expect(await endOfCourse.locator('td[data-rate="response"]').innerText()).toMatch(/^4 of 6 \(67%, 95% CI \d+–\d+%\)$/);
    await endOfCourse.getByText('of 7 started').waitFor();
    // The PCL-5 chart loads after the tables: the site's means beside the KAIR program's published ones.
    await page.getByTestId('pcl5-means-chart').locator('path.recharts-curve').first().waitFor();
    await page.getByTestId('pcl5-means-chart').getByText('KAIR program: published means').waitFor();
    await page.getByTestId('safety-adverse-events').getByText('3 (17.6 per 100 sessions)').waitFor();
    await page
      .getByTestId('completeness-table')
      .locator('tr[data-time-point="plus-30"] td[data-instrument="pcl5"]')
      .getByText('4 of 6 (67%)')
      .waitFor();
    await page.getByTestId('durability-chart').locator('path.recharts-curve').first().waitFor();
    await screenshot(page, 'outcomes-01-director-summer');
    expect(await seriousFindings(page, 'the Outcomes page')).toBe('');

    // The retreats alone: the address and the numbers change.
    await page.getByLabel('Program', { exact: true }).selectOption({ label: '5-day retreat' });
    await page.waitForURL(/[?&]template=retreat-5-day/);
    expect(page.url()).toMatch(/from=2026-05-01/);
    await flowReads(page, 'started', 6);
    await flowReads(page, 'referred', 6);
    expect(await pcl5Row(page, 'baseline')).toEqual(['Baseline', '6', '52.7', expect.any(String)]);
    expect((await pcl5Row(page, 'end-of-course')).slice(0, 3)).toEqual(['End of course', '5', '33.2']);

    // Durability: the Kaplan-Meier step curve is drawn (an SVG path in the card), the median in words.
    const durability = page.getByTestId('durability-card');
    await durability.getByText(/3 responders/).waitFor();
    expect(await durability.getByTestId('durability-summary').innerText()).toMatch(
      /1 of them lost the response\. Time to loss of response: median not reached \(95% CI .+\)\./,
    );
    await durability.getByTestId('durability-chart').locator('svg path.recharts-curve').first().waitFor();
    expect(await durability.locator('svg path').count()).toBeGreaterThan(0);
    // Every step in words too: two of the three responders still responding after the loss.
    expect(await durability.getByTestId('durability-table').locator('tbody tr').last().innerText()).toMatch(
      /\t1\t67% \(95% CI \d+–\d+%\)$/,
    );

    // The literature, each figure with its source, and the caution beside it.
    const benchmarks = page.getByTestId('benchmarks-card');
    await benchmarks
      .getByTestId('benchmarks-table')
      .getByText(/Abdallah 2022/)
      .waitFor();
    await benchmarks
      .getByTestId('benchmarks-table')
      .getByText(/Aita 2024/)
      .first()
      .waitFor();
    expect(await benchmarks.getByTestId('benchmarks-caution').innerText()).toMatch(/not proof that the treatment works/);
    // No internal identifiers on the page: no rule ids, no uuids, no template ids.
    const text = await page.getByTestId('program-outcomes-page').innerText();
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(text).not.toMatch(/\boutcomes\.[a-z]|retreat-5-day|infusion-series-6|kair-pcl5/);
    await screenshot(page, 'outcomes-02-retreats');

    // The report of the retreats as a PDF made by the server, for the filters on screen: its text holds
    // the published figures with their sources and the Kaplan-Meier median.
    const downloads = page.getByTestId('outcomes-downloads');
    await downloads.getByRole('link', { name: 'Download CSV: Scores' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), downloads.getByRole('link', { name: /^Download PDF/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^program-outcomes-\d{4}-\d\d-\d\d\.pdf$/);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const report = (await pdfText(pdf)).text;
    // Its pages as a reader sees them (the charts too), when screenshots are taken.
    await screenshotPdf(browser, pdf, 'outcomes-pdf');
    expect(report).toContain('Program: 5-day ketamine-assisted psychotherapy retreat');
    expect(report).toMatch(/Baseline 6 52\.7 \d+\.\d-\d+\.\d 46\.6/);
    expect(report).toContain('Beside the literature');
    expect(report).toContain('Source: Abdallah 2022');
    expect(report).toMatch(/Time to loss of response \(Kaplan- ?Meier\): median not reached \(95% CI/);

    // The research export of the same retreats, de-identified: study ids and days, no dates, no record ids.
    const research = page.getByTestId('research-export');
    const [csv] = await Promise.all([page.waitForEvent('download'), research.getByRole('link', { name: 'Download CSV' }).click()]);
    const rows = readFileSync(await csv.path(), 'utf8');
    expect(rows.split('\n').length).toBeGreaterThan(6);
    expect(rows).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\d/i);

    // An inverted range: the server's words by the field.
    await page.getByLabel('Course start from').fill('2026-08-15');
    await page.waitForURL(/[?&]from=2026-08-15/);
    await page.getByText(/^Is before from/).waitFor();
    expect(await page.getByTestId('flow-card').count()).toBe(0);
    await screenshot(page, 'outcomes-03-inverted-range');
    await page.getByLabel('Course start from').fill(SUMMER.from);
    await flowReads(page, 'started', 6);

    // The series alone is too small to report: counts only.
    await page.getByLabel('Program', { exact: true }).selectOption({ label: 'Six-infusion series' });
    await page.waitForURL(/[?&]template=infusion-series-6/);
    const notice = page.getByTestId('outcomes-suppressed');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/^Fewer than \d+ patients started: counts only, no means or rates/);
    await flowReads(page, 'started', 1);
    expect(await pcl5Row(page, 'baseline')).toEqual(['Baseline', '1']);
    expect(await page.getByTestId('rates-card').count()).toBe(0);
    expect(await page.getByTestId('durability-card').count()).toBe(0);
    expect(await page.getByTestId('pcl5-means-chart').count()).toBe(0);
    expect(await page.getByTestId('safety-adverse-events').innerText()).not.toMatch(/per 100/);
    await screenshot(page, 'outcomes-04-series-suppressed');
    expect(await seriousFindings(page, 'the Outcomes page, counts only')).toBe('');

    // A bookmarked cohort: its name and start date in words, its two courses.
    await page.goto(`${server.url}/outcomes?cohortId=${cohortOfCasey}`);
    const cohortSelect = page.getByTestId('outcomes-cohort-filter');
    await expect.poll(() => cohortSelect.inputValue()).toMatch(/retreat from Mon,? 8 Jun 2026 · 2 patients$/);
    await flowReads(page, 'referred', 2);
    // Another cohort picked in the select (the series, one course): the address and the figures change.
    await cohortSelect.click();
    await page.getByRole('option', { name: /^Six-infusion series .* from Mon,? 15 Jun 2026 · 1 patient$/ }).click();
    await page.waitForURL((url) => url.search.includes('cohortId=') && !url.search.includes(cohortOfCasey));
    await flowReads(page, 'referred', 1);
    await page.getByRole('button', { name: 'Show every cohort' }).click();
    await page.waitForURL((url) => !url.search.includes('cohortId'));

    // Tablet: the same page reads at 1024 px, with nothing serious for axe.
    await page.setViewportSize(TABLET);
    await page.goto(`${server.url}/outcomes?from=${SUMMER.from}&to=${SUMMER.to}`);
    await flowReads(page, 'started', 7);
    await page.getByTestId('durability-chart').locator('path.recharts-curve').first().waitFor();
    await screenshot(page, 'outcomes-05-tablet');
    expect(await seriousFindings(page, 'the Outcomes page at tablet size')).toBe('');
    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(widest).toBeLessThanOrEqual(TABLET.width);
    expect(errors).toEqual([]);
    await signOut(page);
    await page.close();
  });

  it('a therapist reads their own patients’ courses only; a nurse has no Outcomes', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, 'therapist@demo.test', '/today');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Outcomes', exact: true }).click();
    await page.getByTestId('outcomes-scope').getByText('Your patients only').waitFor();
    await page.getByLabel('Course start from').fill(SUMMER.from);
    await page.getByLabel('Course start to').fill(SUMMER.to);
    await page.waitForURL(/[?&]to=2026-07-31/);
    // Avery's course only; the research export is the medical director's alone.
    await flowReads(page, 'referred', 1);
    expect(await page.getByTestId('research-export').count()).toBe(0);
    await screenshot(page, 'outcomes-06-therapist');
    await signOut(page);

    await signIn(page, server.url, 'nurse@demo.test', '/today');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link').first().waitFor();
    expect(await nav.getByRole('link').allInnerTexts()).not.toContain('Outcomes');
    await page.goto(`${server.url}/outcomes`);
    await page.getByTestId('not-available').waitFor();
    expect(await page.getByTestId('program-outcomes-page').count()).toBe(0);
    await page.close();
  });

  it('a lost response gives the prescriber a task to consider maintenance, and the referral answers it', async () => {
    // The demo's DEMO-0015 answered a PCL-5 that lost the end-of-course response; the task is their prescriber's.
    const db = server.database.db;
    const patient = await db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0015').executeTakeFirstOrThrow();
    const prescriber = await db
      .selectFrom('care_team_member as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select('u.email')
      .where('m.patient_id', '=', patient.id)
      .where('m.role', '=', 'prescriber')
      .executeTakeFirstOrThrow();
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, prescriber.email, `/patients/${patient.id}`);
    const task = page
      .getByTestId('risk-follow-up')
      .getByTestId('risk-task')
      .filter({ hasText: /maintenance/i });
    await task.waitFor();
    expect(await task.getAttribute('data-urgency')).toBe('routine');
    await task.getByText('To decide').waitFor();
    await screenshot(page, 'outcomes-07-maintenance-task');
    await task.getByRole('button', { name: 'Refer for a maintenance session…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refer to a program' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Program', { exact: true }).inputValue()).toBe('Maintenance session');
    await dialog.getByRole('button', { name: 'Refer', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The task is answered (closed, with what was done) and the maintenance course is on the patient's enrollments.
    await task.waitFor({ state: 'detached' });
    await page.getByTestId('enrollments').getByText('Maintenance session').first().waitFor();
    await screenshot(page, 'outcomes-08-maintenance-referred');
    const closed = await db
      .selectFrom('clinical_task')
      .select(['outcome_note', 'completed_at'])
      .where('patient_id', '=', patient.id)
      .where('kind', '=', 'consider-maintenance')
      .executeTakeFirstOrThrow();
    expect(closed.outcome_note).toMatch(/^Referred for a maintenance session/);
    await page.close();
  });

  // Last in the file: it moves the server's clock to the maintenance session's day.
  it('before a maintenance session the nurse asks the bladder questions; a yes holds until the prescriber reviews it', async () => {
    const booked = await bookMaintenanceSession(server.database.db, server.clock.now(), 'MAINT-E2E');
    moveServerClock(server, booked.startsAt.getTime() - 60 * 60_000 - server.clock.nowMs());
    await browser.clearCookies();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, 'nurse@demo.test', `/sessions/${booked.sessionId}`);
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByRole('button', { name: 'Begin pre-dose checks' }).click();
    const checklist = page.getByTestId('checklist');
    const item = (id: string) => checklist.locator(`[data-item="${id}"]`);
    await item('bladder-symptoms').and(page.locator('[data-status="to-do"]')).waitFor();
    // The first infusion of this patient in 12 months: shown, within the site's limit.
    await item('cumulative-infusions').and(page.locator('[data-status="done"]')).waitFor();
    const form = checklist.getByTestId('bladder-form');
    for (const question of ['Passing urine more often than usual?', 'Pain or burning when passing urine?', 'Blood in the urine?'])
      await form.getByRole('radiogroup', { name: question }).getByText('No', { exact: true }).click();
    await form
      .getByRole('radiogroup', { name: 'A sudden urge to pass urine that is hard to hold?' })
      .getByText('Yes', { exact: true })
      .click();
    await form.getByRole('button', { name: 'Save the answers' }).click();
    await item('bladder-symptoms').and(page.locator('[data-status="hold"]')).waitFor();
    expect(await checklist.getByTestId('checklist-detail-bladder-symptoms').innerText()).toBe(
      'urgency: no infusion until a prescriber reviews it (a urinalysis is suggested)',
    );
    await checklist.getByText('Yes: urgency. No: urinary frequency, pain on urination, blood in urine.').waitFor();
    expect(await checklist.getByTestId('checklist-detail-cumulative-infusions').innerText()).toBe(
      "this would be the 1st infusion in 12 months (0 before it; the site's limit is 12)",
    );
    await screenshot(page, 'outcomes-09-maintenance-bladder-hold');
    await signOut(page);

    // The prescriber reviews it with a reason; the item is done and says who decided.
    await signIn(page, server.url, 'prescriber@demo.test', `/sessions/${booked.sessionId}`);
    await item('bladder-symptoms').getByRole('button', { name: 'Review the bladder symptoms (prescriber)…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Review the bladder symptoms' });
    await dialog.getByRole('textbox').first().fill('Urinalysis clear today; urgency since a cold last week.');
    await dialog.getByRole('button', { name: 'Reviewed: may go ahead' }).click();
    await item('bladder-symptoms').and(page.locator('[data-status="done"]')).waitFor();
    await checklist.getByTestId('bladder-symptoms-overridden').waitFor();
    await screenshot(page, 'outcomes-10-maintenance-reviewed');
    await page.close();
  });
});
