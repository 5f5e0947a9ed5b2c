/**
 * Accessibility on every page for every role (issue 22, Must 4 and 5): each demo role signs in
 * and opens each page of its navigation, then the deeper pages it works on (a patient, their
 * screening, outcomes and a note, a dosing console, the week's schedule, each settings page); the
 * patient opens the portal. On each, axe-core's WCAG 2.1 A/AA rules find no serious or critical
 * failure (colour contrast, names that match labels, ...), and the page logs no error on its
 * console (a signed-out check answered 401 on every load before).
 *
 * CI runs the administrator, the medical director (who opens every staff page) and the patient
 * (accessibility.e2e.test.ts); `npm run test:long` adds the other roles' walks through the same
 * pages (accessibility-roles.long.test.ts), which cost minutes of CI's two cores.
 */
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../packages/server/src/server.js';
import { axeViolations, describeFindings } from './axe.js';
import { chromiumAvailable, DEMO_PASSWORD, enterPortalWithCode, launchBrowser, signIn, staffApi, startTestServer } from './browser.js';

const run = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

/** Waits until the page has settled: no request in flight, no loader on screen. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.mantine-Loader-root').first().waitFor({ state: 'hidden' });
}

/** Console errors and uncaught exceptions of a page, as they happen. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return errors;
}

export type A11yRole = 'admin' | 'director' | 'prescriber' | 'nurse' | 'therapist' | 'coordinator';

export function accessibilitySuite(title: string, roles: readonly A11yRole[], options: { portal: boolean }): void {
  run(title, () => {
    let server: RunningServer;
    let browser: BrowserContext;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium: in CI the browser tests must run');
      server = await startTestServer();
      browser = await launchBrowser();
      const db = server.database.db;
      const patient = await db.selectFrom('patient').select(['id', 'site_id']).where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow();
      const enrollment = await db.selectFrom('enrollment').select(['id', 'patient_id']).orderBy('created_at').executeTakeFirstOrThrow();
      const note = await db.selectFrom('clinical_note').select(['id', 'patient_id']).executeTakeFirst();
      const session = await db.selectFrom('dosing_session').select('id').executeTakeFirstOrThrow();
      Object.assign(ids, {
        patient: patient.id,
        site: patient.site_id,
        enrollment: enrollment.id,
        enrolled: enrollment.patient_id,
        session: session.id,
        ...(note === undefined ? {} : { note: note.id, noted: note.patient_id }),
      });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** Opens each path in turn and collects axe findings and console errors; one failure lists them all. */
    async function check(page: Page, who: string, paths: readonly string[]): Promise<void> {
      const errors = watchErrors(page);
      const findings: string[] = [];
      for (const path of paths) {
        await page.goto(server.url + path);
        await settled(page);
        const found = await axeViolations(page);
        if (found.length > 0) findings.push(describeFindings(`${who} ${path}`, found));
      }
      expect(findings.join('\n'), `axe-core serious or critical failures for ${who}`).toBe('');
      expect(errors, `console errors for ${who}`).toEqual([]);
    }

    async function navPaths(page: Page): Promise<string[]> {
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await nav.getByRole('link').first().waitFor();
      return nav.getByRole('link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    }

    const deeper: Record<string, () => string[]> = {
      admin: () => [
        `/settings/sites/${ids.site}`,
        `/settings/sites/${ids.site}/devices`,
        `/settings/sites/${ids.site}/billing`,
        '/settings/users',
        '/settings/audit',
      ],
      director: () => [
        `/patients/${ids.enrolled}`,
        `/patients/${ids.enrolled}/enrollments/${ids.enrollment}/screening`,
        `/patients/${ids.patient}/outcomes`,
        ...(ids.note === undefined ? [] : [`/patients/${ids.noted}/notes/${ids.note}`]),
        `/sessions/${ids.session}`,
        '/adverse-events/review',
        '/adverse-events',
        '/settings/audit',
        '/schedule?view=week',
        `/settings/sites/${ids.site}`,
        `/settings/sites/${ids.site}/protocol`,
        `/settings/sites/${ids.site}/consent`,
        `/settings/sites/${ids.site}/content`,
        `/settings/sites/${ids.site}/fhir-exports`,
        '/account/security',
      ],
      nurse: () => [`/sessions/${ids.session}`],
      coordinator: () => [`/patients/${ids.patient}`, '/settings', `/settings/sites/${ids.site}/billing`],
    };

    for (const role of roles) {
      it(`${role}: every page of the navigation${deeper[role] === undefined ? '' : ' and the pages under it'} pass axe-core with no console error`, async () => {
        await browser.clearCookies();
        const page = await browser.newPage();
        page.setDefaultTimeout(15_000);
        // The sign-in page itself, signed out: no 401 on the console (the hint cookie is absent).
        await check(page, `${role} (signed out)`, ['/sign-in']);
        await signIn(page, server.url, `${role}@demo.test`, '/');
        await check(page, role, [...(await navPaths(page)), ...(deeper[role]?.() ?? [])]);
        await page.close();
      }, 240_000);
    }

    if (options.portal)
      it('patient: the portal home, a questionnaire, the journal and the results pass axe-core with no console error', async () => {
        const coordinator = await staffApi(server.url, 'coordinator@demo.test');
        const access = await coordinator('POST', `/api/patients/${ids.patient}/portal-access`, { send: false });
        expect(access.status).toBe(201);
        await browser.clearCookies();
        const page = await browser.newPage();
        page.setDefaultTimeout(15_000);
        await check(page, 'patient (signed out)', ['/portal']);
        await enterPortalWithCode(page, server.url, (access.body as { code: string }).code);
        const due = await page.evaluate(
          async () => ((await (await fetch('/api/portal/home')).json()) as { questionnaires: { key: string }[] }).questionnaires[0]?.key,
        );
        expect(due, 'the demo patient has a questionnaire due').toBeDefined();
        await check(page, 'patient', [
          '/portal',
          `/portal/questionnaires/${encodeURIComponent(due ?? '')}`,
          '/portal/journal',
          '/portal/results',
        ]);
        await page.close();
      });

    if (options.portal)
      it('patient on the clinic tablet: the date-of-birth question and the questionnaires due pass axe-core with no console error', async () => {
        // A nurse hands the tablet over (through the API); the tablet's cookies go into the browser.
        const signedIn = await fetch(`${server.url}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'nurse@demo.test', password: DEMO_PASSWORD }),
        });
        const staffCookie = signedIn.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
        const handed = await fetch(`${server.url}/api/patients/${ids.patient}/kiosk`, {
          method: 'POST',
          headers: { cookie: staffCookie, 'x-csrf-token': csrfToken },
        });
        expect(handed.status).toBe(201);
        await browser.clearCookies();
        await browser.addCookies(
          handed.headers
            .getSetCookie()
            .map((c) => c.split(';')[0] as string)
            .filter((c) => c.startsWith('kairos_portal'))
            .map((c) => ({ name: c.slice(0, c.indexOf('=')), value: c.slice(c.indexOf('=') + 1), url: server.url })),
        );
        const page = await browser.newPage();
        page.setDefaultTimeout(15_000);
        await check(page, 'patient (clinic tablet)', ['/kiosk']);
        const { birth_date: birthDate } = await server.database.db
          .selectFrom('patient')
          .select('birth_date')
          .where('id', '=', ids.patient as string)
          .executeTakeFirstOrThrow();
        const confirmed = await page.evaluate(
          async (b) =>
            (
              await fetch('/api/portal/kiosk/confirm', {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-kairos-portal': '1' },
                body: JSON.stringify({ birthDate: b }),
              })
            ).status,
          birthDate,
        );
        expect(confirmed).toBe(204);
        await check(page, 'patient (clinic tablet)', ['/kiosk']);
        await page.getByTestId('kiosk-questionnaires').waitFor();
        await page.close();
      });
  });
}
