/**
 * Every route against every role, generated from the route table: the permission table of
 * design.md is what the API does. A route that declares no action cannot even start
 * (app.int.test.ts); one that declares an unknown action fails here.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { isRouteAction, rolesAllow } from '../services/access/permissions.js';

const ROLE_USERS = {
  admin: 'admin@demo.test',
  'medical-director': 'director@demo.test',
  prescriber: 'prescriber@demo.test',
  nurse: 'nurse@demo.test',
  therapist: 'therapist@demo.test',
  coordinator: 'coordinator@demo.test',
} as const;

describeEachEngine('permissions: every route against every role', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    demoSiteId = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app.close());

  let demoSiteId = '';
  // A route naming a site in its path gets the demo's own site: the site check is tested in site-scoping.int.test.ts.
  const requestFor = (route: FastifyInstance['routeTable'][number]): InjectOptions => ({
    method: route.method,
    url: (route.site?.in === 'params' ? route.url.replace(`:${route.site.key}`, demoSiteId) : route.url).replace(
      /:[A-Za-z]+/g,
      randomUUID(),
    ),
    ...(route.hasBody ? { payload: {} } : {}),
  });

  it('every route declares a known action', () => {
    for (const r of app.routeTable) expect(isRouteAction(r.action ?? ''), `${r.method} ${r.url}: ${r.action}`).toBe(true);
  });

  it('without a session, every route that is not public answers 401', async () => {
    const wrong: string[] = [];
    for (const route of app.routeTable.filter((r) => r.action !== 'public')) {
      const res = await app.inject(requestFor(route));
      const expected = route.action === 'local-admin' ? 403 : 401;
      if (res.statusCode !== expected) wrong.push(`${route.method} ${route.url} -> ${res.statusCode}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  for (const [role, email] of Object.entries(ROLE_USERS)) {
    it(`as ${role}: allowed routes pass the permission check, the others answer 403`, { timeout: 180_000 }, async () => {
      const wrong: string[] = [];
      let checked = 0;
      let auth = await signInAs(app, email);
      for (const route of app.routeTable.filter((r) => r.action !== 'public')) {
        // Sign-out ends the session: sign in again after it.
        if (checked > 0 && app.routeTable.filter((r) => r.action !== 'public')[checked - 1]?.url === '/api/session')
          auth = await signInAs(app, email);
        const res = await injectAs(app, auth, requestFor(route));
        const allowed = rolesAllow([role], route.action ?? 'public');
        // Portal and device routes refuse staff as they refuse anyone without their credential: 401.
        // (The FHIR API says it as an OperationOutcome whose issue carries the same code.)
        const errorCode =
          res.statusCode !== 403
            ? undefined
            : route.url.startsWith('/fhir/')
              ? res.json<{ issue?: { details?: { coding?: { code?: string }[] } }[] }>().issue?.[0]?.details?.coding?.[0]?.code
              : res.json<{ error?: { code?: string } }>().error?.code;
        const refused =
          (res.statusCode === 403 && errorCode === 'FORBIDDEN') ||
          ((route.action === 'portal' || route.action === 'device') && res.statusCode === 401);
        if (allowed && (res.statusCode === 401 || res.statusCode === 403))
          wrong.push(`${route.method} ${route.url} (${route.action}) refused with ${res.statusCode}`);
        if (!allowed && !refused) wrong.push(`${route.method} ${route.url} (${route.action}) not refused: ${res.statusCode}`);
        checked++;
      }
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThan(5);
    });
  }

  it('a refusal by role is audited with the user, the action and the route', async () => {
    const auth = await signInAs(app, 'admin@demo.test');
    await injectAs(app, auth, { method: 'GET', url: '/api/patients' });
    const ev = await h.database.db
      .selectFrom('audit_event')
      .select(['user_id', 'action', 'outcome', 'details'])
      .where('user_id', '=', auth.userId)
      .where('outcome', '=', 'denied')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({
      action: 'patients.read',
      outcome: 'denied',
      details: { route: '/api/patients', method: 'GET', reason: 'role' },
    });
  });
});
