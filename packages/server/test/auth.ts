/** Signing in inside API tests, and requests as a signed-in user. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

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
