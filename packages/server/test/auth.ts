/** Signing in inside API tests, and requests as a signed-in user. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { rolesAllow, type RouteAction } from '../src/services/access/permissions.js';

export const DEMO_PASSWORD = 'kairos-demo-2026';

export interface TestAuth {
  cookie: string;
  csrf: string;
  userId: string;
}

export async function signInAs(app: FastifyInstance, email: string, password = DEMO_PASSWORD, remoteAddress?: string): Promise<TestAuth> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'kairos_session');
  if (cookie === undefined) throw new Error('no session cookie');
  const body = res.json<{ csrfToken: string; user: { id: string } }>();
  return { cookie: `kairos_session=${cookie.value}`, csrf: body.csrfToken, userId: body.user.id };
}

/** Injects a request as the signed-in user (cookie, and the CSRF header on changes). */
export function injectAs(app: FastifyInstance, auth: TestAuth, opts: InjectOptions): Promise<LightMyRequestResponse> {
  const method = (opts.method ?? 'GET').toUpperCase();
  const headers = {
    ...(opts.headers ?? {}),
    cookie: auth.cookie,
    ...(method === 'GET' || method === 'HEAD' ? {} : { 'x-csrf-token': auth.csrf }),
  };
  return app.inject({ ...opts, headers });
}

/** Demo users by role, in the order the route sweeps try them. */
const DEMO_USERS_BY_ROLE: readonly [string, string][] = [
  ['medical-director', 'director@demo.test'],
  ['prescriber', 'prescriber@demo.test'],
  ['nurse', 'nurse@demo.test'],
  ['coordinator', 'coordinator@demo.test'],
  ['therapist', 'therapist@demo.test'],
  ['admin', 'admin@demo.test'],
];

/** The email of a demo user whose role may call a route of `action`, so a request reaches validation; undefined for public, device and portal routes. */
export function demoUserAllowed(action: RouteAction | undefined): string | undefined {
  return DEMO_USERS_BY_ROLE.find(([role]) => rolesAllow([role], action ?? 'public'))?.[1];
}
