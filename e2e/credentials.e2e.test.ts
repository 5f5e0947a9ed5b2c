/**
 * Staff credentials in the browser (issue 28, Must 6): the medical director sees on Today the demo
 * nurse whose ACLS lapses within 60 days; on Settings > site > Staff credentials she records that
 * Nora's ACLS expired yesterday (a DEA number with a wrong check digit is refused under its field);
 * then, on the Schedule, assigning Nora as the IV runner of a coming dosing session is refused
 * naming the lapsed ACLS, and the director's override (a reason and her password) lets it through.
 */
import { addDaysToIsoDate, localDateOf } from '@kairos/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { DEMO_TIME_ZONE } from '../packages/server/src/services/demo/load-demo.js';
import { chromiumAvailable, DEMO_PASSWORD, launchBrowser, screenshotFromTop as screenshot, signIn, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

run('staff credentials in the browser', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  let siteId: string;
  let noraId: string;
  let today: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const db = server.database.db;
    siteId = (await db.selectFrom('site').select('id').where('synthetic', '=', true).executeTakeFirstOrThrow()).id;
    noraId = (await db.selectFrom('app_user').select('id').where('email', '=', 'nurse@demo.test').executeTakeFirstOrThrow()).id;
    today = localDateOf(new Date(), DEMO_TIME_ZONE);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('on Today the medical director is warned of the ACLS that lapses in 45 days', async () => {
    await signIn(page, server.url, 'director@demo.test', '/');
    const warnings = page.getByTestId('staff-credential-warnings');
    await warnings.getByText(`Nate Second, RN: ACLS expires on ${addDaysToIsoDate(today, 45)} (in 45 days)`).waitFor();
    await screenshot(page, 'credentials-01-today-warning');
  });

  it('she records that Nora’s ACLS expired yesterday; a DEA number with a wrong check digit is refused under its field', async () => {
    await page.getByTestId('staff-credential-warnings').getByRole('link', { name: 'Open the staff’s credentials' }).click();
    await page.waitForURL(new RegExp(`/settings/sites/${siteId}/credentials$`));
    await page.getByRole('button', { name: 'Credentials of Nora Nurse, RN' }).click();
    const person = page.getByTestId('person-credentials');
    await person.locator('tr[data-kind="acls"]').getByRole('button', { name: 'Remove…' }).click();
    const reason = page.getByTestId('reason-dialog');
    await reason.getByRole('textbox').fill('replaced by the card she showed: it expired yesterday');
    await reason.getByRole('button', { name: 'Remove' }).click();
    await person.locator('tr[data-kind="acls"]').waitFor({ state: 'detached' });

    const form = person.getByTestId('credential-form');
    await form.getByLabel('Credential').selectOption('dea');
    await form.getByLabel('DEA number').fill('AB4523763');
    await form.getByLabel('Expires on').fill('2028-01-31');
    await form.getByRole('button', { name: 'Record credential' }).click();
    await form.getByText('the check digit of this DEA registration number is wrong (the last digit should be 1)').waitFor();

    await form.getByLabel('Credential').selectOption('acls');
    await form.getByLabel('Expires on').fill(addDaysToIsoDate(today, -1));
    await form.getByRole('button', { name: 'Record credential' }).click();
    await person
      .locator('tr[data-kind="acls"]')
      .getByText(`Expired on ${addDaysToIsoDate(today, -1)}`)
      .waitFor();
    await screenshot(page, 'credentials-02-acls-expired');
    await page.keyboard.press('Escape');
  });

  it('assigning her as the IV runner is refused naming the lapsed ACLS; the director’s override lets it through', async () => {
    const db = server.database.db;
    // A coming dosing session run by someone else, at a time Nora is free.
    const candidates = await db
      .selectFrom('scheduled_event as e')
      .innerJoin('event_staff as s', (j) => j.onRef('s.event_id', '=', 'e.id').on('s.role', '=', 'licensed-iv-runner'))
      .select(['e.id', 'e.starts_at', 'e.ends_at', 'e.title'])
      .where('e.kind', '=', 'dosing')
      .where('e.state', '=', 'scheduled')
      .where('e.starts_at', '>', new Date(Date.now() + 86_400_000))
      .where('s.user_id', '!=', noraId)
      .orderBy('e.starts_at')
      .execute();
    let event: (typeof candidates)[number] | undefined;
    for (const c of candidates) {
      const busy = await db
        .selectFrom('event_staff as s')
        .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
        .select('e.id')
        .where('s.user_id', '=', noraId)
        .where('e.state', '=', 'scheduled')
        .where('s.starts_at', '<', c.ends_at)
        .where('s.ends_at', '>', c.starts_at)
        .execute();
      if (busy.length === 0) {
        event = c;
        break;
      }
    }
    if (event === undefined) throw new Error('no coming demo dosing session Nora is free for');
    const patient = await db
      .selectFrom('scheduled_event as e')
      .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
      .innerJoin('patient as p', 'p.id', 'en.patient_id')
      .select(['p.given_name', 'p.family_name'])
      .where('e.id', '=', event.id)
      .executeTakeFirstOrThrow();
    await page.goto(`${server.url}/schedule?date=${localDateOf(event.starts_at, DEMO_TIME_ZONE)}&view=day`);
    await page
      .locator('[data-testid="schedule-event"][data-kind="dosing"]')
      .filter({ hasText: `${patient.given_name} ${patient.family_name}` })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Reschedule' }).click();
    const runner = dialog.getByLabel('IV runner', { exact: true });
    const nora = await runner
      .locator('option')
      .evaluateAll((os) => (os as HTMLOptionElement[]).find((o) => o.textContent?.startsWith('Nora Nurse'))?.value);
    await runner.selectOption(nora as string);
    await dialog.getByLabel('Reason for the change').fill('Nate is on leave that day');
    await dialog.getByRole('button', { name: 'Save change' }).click();
    await dialog
      .getByTestId('clash')
      .getByText(/Nora Nurse, RN may not run the infusion of .* ACLS expired on/)
      .waitFor();
    await screenshot(page, 'credentials-03-assignment-refused');

    const override = dialog.getByTestId('credential-override');
    await override
      .getByLabel('Why may this go ahead although the credential lapsed?')
      .fill('Renewal course done on Saturday; card in the post');
    await override.getByRole('button', { name: 'Override and save' }).click();
    const stepUp = page.getByTestId('step-up-dialog');
    await stepUp.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await stepUp.getByRole('button', { name: /Confirm/ }).click();
    await page.getByTestId('schedule-notice').getByText('The event was rescheduled.').waitFor();
    await screenshot(page, 'credentials-04-override-saved');

    const assigned = await db
      .selectFrom('event_staff')
      .select('user_id')
      .where('event_id', '=', event.id)
      .where('role', '=', 'licensed-iv-runner')
      .executeTakeFirstOrThrow();
    expect(assigned.user_id).toBe(noraId);
    const kept = await db.selectFrom('credential_override').select(['reason', 'duty']).where('event_id', '=', event.id).execute();
    expect(kept).toEqual([{ reason: 'Renewal course done on Saturday; card in the post', duty: 'iv-runner' }]);
  });
});
