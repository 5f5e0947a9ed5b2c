/**
 * The adverse events log in the browser (issue 22, Must 3): the medical director opens it from
 * Today, sees the counts by severity and by kind, filters by severity (the counts and the rows
 * follow), loads more, and exports the CSV, whose rows are those counted, in words, with hostile
 * text shown as text.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { chromiumAvailable, launchBrowser, screenshotFromTop, signIn, signOut, staffApi, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

const HOSTILE = '=HYPERLINK("http://evil.test","click me")';

run('the adverse events log', () => {
  let server: RunningServer;
  let browser: BrowserContext;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
    server = await startTestServer();
    browser = await launchBrowser();
    // The demo's adverse event gives a session; the director reports a few more on it (55 in all, so the list has a second page).
    const director = await staffApi(server.url, 'director@demo.test');
    const log = (await director('GET', '/api/adverse-events')).body as { items: { sessionId: string }[] };
    const sessionId = log.items[0]?.sessionId;
    expect(sessionId, 'the demo clinic should have an adverse event').toBeDefined();
    const kinds = ['nausea', 'anxiety', 'vomiting', 'hypotension'] as const;
    const severities = ['mild', 'mild', 'moderate', 'severe'] as const;
    for (let i = 0; i < 54; i++) {
      const r = await director('POST', `/api/sessions/${sessionId}/adverse-events`, {
        kind: i === 0 ? 'other' : kinds[i % kinds.length],
        ...(i === 0 ? { description: HOSTILE } : {}),
        severity: severities[i % severities.length],
        serious: i % 4 === 3,
        occurredAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
        actionTaken: 'observed; settled without treatment',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the director opens the log from Today, sees the counts, filters by severity, loads more and exports the CSV', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await signIn(page, server.url, 'director@demo.test', '/today');
    await page.getByTestId('review-queue-link').waitFor();
    await screenshotFromTop(page, 'adverse-events-0-today-link');
    await page.getByTestId('adverse-event-log-link').click();
    await page.getByRole('heading', { name: 'Adverse events', level: 2 }).waitFor();
    const counts = page.getByTestId('adverse-event-counts');
    await counts.waitFor();
    const total = Number(await counts.getAttribute('data-total'));
    expect(total).toBeGreaterThanOrEqual(55);
    await counts.getByText(`${total} adverse events match`).waitFor();
    // Words, not ids: kinds and severities as people say them.
    await counts.getByText('Hypotension (low blood pressure)').waitFor();
    await page
      .getByTestId('adverse-event-counts-severity')
      .getByText(/^Severe: \d+$/)
      .waitFor();
    expect(await page.getByTestId('adverse-event-row').count()).toBe(50);
    // Hostile text in a description is shown as the characters typed.
    await page.getByTestId('adverse-event-table').getByText(HOSTILE).waitFor();
    await page.getByTestId('adverse-event-load-more').click();
    await page.getByText(`Showing ${total} of ${total}`).waitFor();
    await screenshotFromTop(page, 'adverse-events-1-log');

    // Filter by severity: the counts and the rows follow.
    await page.getByLabel('Severity').selectOption({ label: 'Severe' });
    const severe = page.getByTestId('adverse-event-counts-severity');
    await severe.getByText('Mild: 0').waitFor();
    const severeCount = Number(await severe.locator('[data-severity="severe"]').getAttribute('data-count'));
    expect(severeCount).toBeGreaterThanOrEqual(13);
    await page.getByText(`${severeCount} adverse events match`).waitFor();
    await page.getByText(`Showing ${severeCount} of ${severeCount}`).waitFor();
    const rows = page.getByTestId('adverse-event-row');
    expect(await rows.count()).toBe(severeCount);
    for (const severity of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-severity'))))
      expect(severity).toBe('severe');
    expect(page.url()).toContain('severity=severe');
    await screenshotFromTop(page, 'adverse-events-2-severe');

    // Export: the CSV holds the filtered rows, in words.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('adverse-event-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^adverse-events-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^Onset \(America\/New_York\),Patient,MRN,Kind,Severity,/);
    expect(lines).toHaveLength(severeCount + 1);
    for (const line of lines.slice(1)) expect(line).toContain(',Severe,');

    // And the whole log's CSV neutralises the hostile description.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText(`${total} adverse events match`).waitFor();
    const [all] = await Promise.all([page.waitForEvent('download'), page.getByTestId('adverse-event-csv').click()]);
    const whole = readFileSync(await all.path(), 'utf8');
    expect(whole).toContain('"\'=HYPERLINK(""http://evil.test"",""click me"")"');
    expect(whole.split('\r\n').filter((l) => l !== '')).toHaveLength(total + 1);
    expect(errors).toEqual([]);
    await signOut(page);
  });

  it('from the review queue there is a link to the log; the coordinator is told the log is for clinicians', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server.url, 'director@demo.test', '/adverse-events/review');
    await page.getByTestId('review-queue').getByTestId('adverse-event-log-link').click();
    await page.getByTestId('adverse-event-counts').waitFor();
    await signOut(page);
    await signIn(page, server.url, 'coordinator@demo.test', '/adverse-events');
    await page.getByTestId('adverse-event-log-refused').waitFor();
    await page.goto(`${server.url}/today`);
    await page.getByRole('heading', { name: 'Today', level: 2 }).waitFor();
    expect(await page.getByTestId('adverse-event-log-link').count()).toBe(0);
  });
});
