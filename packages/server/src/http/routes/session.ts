import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DemoInfoSchema, NoContent, SessionKeepaliveSchema, SignInBodySchema, StaffSessionSchema, type StaffSession } from '@kairos/api';
import type { Mode } from '../../config.js';
import { DEMO_PASSWORD } from '../../services/demo/load-demo.js';
import { signIn, signOut, type SessionInfo } from '../../services/sessions.js';
import { listSyntheticUsers } from '../../services/users.js';
import { clearSessionCookie, requestMeta, sessionOf, setSessionCookie } from '../auth.js';
import { isLicensed, sectionsFor } from '../../services/access/permissions.js';

function sessionBody(s: SessionInfo, mode: Mode, now: Date): StaffSession {
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
  };
}

/** Sign-in, the current session, keepalive, sign-out. */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['session'];
  app.get(
    '/api/session',
    { config: { action: 'signed-in' }, schema: { tags, summary: 'The signed-in user and session', response: { 200: StaffSessionSchema } } },
    async (req) => sessionBody(sessionOf(req), app.ctx.config.mode, app.ctx.clock.now()),
  );

  app.post(
    '/api/session',
    { config: { action: 'public' }, schema: { tags, summary: 'Sign in', body: SignInBodySchema, response: { 200: StaffSessionSchema } } },
    async (req, reply) => {
      const { token, session } = await signIn(app.ctx.database.db, req.body.email, req.body.password, requestMeta(req), {
        allowSynthetic: app.ctx.config.mode !== 'production',
      });
      setSessionCookie(req, reply, token, Math.ceil((session.absoluteExpiresAt.getTime() - app.ctx.clock.nowMs()) / 1000));
      return sessionBody(session, app.ctx.config.mode, app.ctx.clock.now());
    },
  );

  app.post(
    '/api/session/keepalive',
    { config: { action: 'signed-in' }, schema: { tags, summary: 'Keep the session alive', response: { 200: SessionKeepaliveSchema } } },
    async (req) => ({
      idleExpiresAt: sessionOf(req).idleExpiresAt.toISOString(),
      serverTime: app.ctx.clock.now().toISOString(),
    }),
  );

  app.delete(
    '/api/session',
    { config: { action: 'signed-in' }, schema: { tags, summary: 'Sign out', response: { 204: NoContent } } },
    async (req, reply) => {
      await signOut(app.ctx.database.db, sessionOf(req), requestMeta(req));
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/demo-info',
    {
      config: { action: 'public' },
      schema: { tags, summary: 'What the sign-in page says about demo mode', response: { 200: DemoInfoSchema } },
    },
    async () => {
      if (app.ctx.config.mode !== 'demo') return { mode: app.ctx.config.mode };
      return { mode: 'demo' as const, demoPassword: DEMO_PASSWORD, demoUsers: await listSyntheticUsers(app.ctx.database.db) };
    },
  );
};
