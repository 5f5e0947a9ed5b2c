import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  DemoInfoSchema,
  NoContent,
  PasswordChangeBodySchema,
  SessionKeepaliveSchema,
  SignInBodySchema,
  StaffSessionSchema,
  type StaffSession,
} from '@kairos/api';
import { changeOwnPassword } from '../../services/accounts/change-own-password.js';
import type { Mode } from '../../config.js';
import { DEMO_PASSWORD } from '../../services/demo/load-demo.js';
import { listSyntheticUsers } from '../../services/accounts/list-synthetic-users.js';
import { signIn, type SignInInfo } from '../../services/sign-in/sign-in.js';
import { signOut } from '../../services/sign-in/sign-out.js';
import { secondFactorPolicy } from '../../services/second-factor/policy.js';
import { clearSignInCookie, requestMeta, setSignInCookie, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';
import { isLicensed, sectionsFor } from '../../services/access/permissions.js';
import { protocolBadge } from '../../services/protocol/protocol-badge.js';
import { userSite } from '../../services/sites/user-site.js';
import type { Db } from '../../store/database.js';

/** The sign-in as the contract names it: `StaffSession`, the answer of `/api/session`. */
async function signInBody(db: Db, s: SignInInfo, mode: Mode, now: Date): Promise<StaffSession> {
  return {
    serverTime: now.toISOString(),
    user: {
      id: s.actor.userId,
      email: s.actor.email,
      displayName: s.actor.displayName,
      roles: s.actor.roles,
      licensed: isLicensed(s.actor.roles),
    },
    csrfToken: s.csrfToken,
    idleTimeoutSeconds: s.idleTimeoutSeconds,
    idleExpiresAt: s.idleExpiresAt.toISOString(),
    absoluteExpiresAt: s.absoluteExpiresAt.toISOString(),
    sections: sectionsFor(s.actor.roles),
    mode,
    secondFactor: s.secondFactor,
    passwordChangeRequired: s.passwordChangeRequired,
    protocol: s.actor.siteId === null ? null : await protocolBadge(db, s.actor.siteId),
    site: s.actor.siteId === null ? null : await userSite(db, s.actor.siteId),
  };
}

/** Sign-in, the current sign-in, keepalive, sign-out (at `/api/session`, the contract's path). */
export const signInRoutes: FastifyPluginCallbackZod = (app) => {
  const tags = ['session'];
  const route = routesOf(tags);
  // The session's own routes stay open to a sign-in that must first set up its second factor.
  const own = { action: 'signed-in', enrolment: true } as const;
  app.get('/api/session', route(own, 'The signed-in user and session', { response: { 200: StaffSessionSchema } }), (req) =>
    signInBody(app.ctx.database.db, signInOf(req), app.ctx.config.mode, app.ctx.clock.now()),
  );

  app.post(
    '/api/session',
    route('public', 'Sign in', { body: SignInBodySchema, response: { 200: StaffSessionSchema } }),
    async (req, reply) => {
      const { token, signIn: opened } = await signIn(app.ctx.database.db, req.body, requestMeta(req), {
        allowSynthetic: app.ctx.config.mode !== 'production',
        policy: secondFactorPolicy(app.ctx.config),
      });
      setSignInCookie(req, reply, token, Math.ceil((opened.absoluteExpiresAt.getTime() - app.ctx.clock.nowMs()) / 1000));
      return signInBody(app.ctx.database.db, opened, app.ctx.config.mode, app.ctx.clock.now());
    },
  );

  app.post('/api/session/keepalive', route(own, 'Keep the session alive', { response: { 200: SessionKeepaliveSchema } }), (req) => ({
    idleExpiresAt: signInOf(req).idleExpiresAt.toISOString(),
    serverTime: app.ctx.clock.now().toISOString(),
  }));

  app.put(
    '/api/session/password',
    route(own, 'Choose a new password (proving the current one); your other sign-ins end', {
      body: PasswordChangeBodySchema,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      await changeOwnPassword(app.ctx.database.db, signInOf(req), req.body, requestMeta(req));
      return reply.status(204).send(null);
    },
  );

  app.delete('/api/session', route(own, 'Sign out', { response: { 204: NoContent } }), async (req, reply) => {
    await signOut(app.ctx.database.db, signInOf(req), requestMeta(req));
    clearSignInCookie(reply);
    return reply.status(204).send(null);
  });

  app.get(
    '/api/demo-info',
    route('public', 'What the sign-in page says about demo mode', { response: { 200: DemoInfoSchema } }),
    async () => {
      if (app.ctx.config.mode !== 'demo') return { mode: app.ctx.config.mode };
      return { mode: 'demo' as const, demoPassword: DEMO_PASSWORD, demoUsers: await listSyntheticUsers(app.ctx.database.db) };
    },
  );
};
