import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endPortalSession, enterPortal, PORTAL_SESSION_MINUTES, portalConsent, signConsentInPortal } from '../../services/consent.js';
import { PORTAL_COOKIE, portalOf, requestMeta } from '../auth.js';

/** The patient portal: entered with a single-use link or code; the patient's own record only. */
export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  const db = () => app.ctx.database.db;
  app.post(
    '/api/portal/session',
    { config: { action: 'public' }, schema: { tags, summary: 'Enter the portal with a link token or a code', body: z.union([z.strictObject({ code: z.string().trim().min(6).max(20) }), z.strictObject({ token: z.string().min(20).max(200) })]) } },
    async (req, reply) => {
      const entered = await enterPortal(db(), req.body, requestMeta(req));
      void reply.setCookie(PORTAL_COOKIE, entered.sessionToken, { path: '/', httpOnly: true, sameSite: 'strict', secure: app.ctx.config.mode === 'production' ? true : 'auto', maxAge: PORTAL_SESSION_MINUTES * 60 });
      return { patient: { givenName: entered.givenName }, mode: app.ctx.config.mode };
    },
  );
  app.delete('/api/portal/session', { config: { action: 'portal' }, schema: { tags, summary: 'Leave the portal' } }, async (req, reply) => {
    await endPortalSession(db(), portalOf(req).tokenHash, app.ctx.clock.now());
    void reply.clearCookie(PORTAL_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  app.get('/api/portal/consent', { config: { action: 'portal' }, schema: { tags, summary: 'The consent to read and sign' } }, async (req) => portalConsent(db(), portalOf(req).patientId, requestMeta(req)));
  app.post(
    '/api/portal/consent',
    { config: { action: 'portal' }, schema: { tags, summary: 'Sign the consent with a typed name', body: z.strictObject({ documentId: z.uuid(), typedName: z.string().trim().min(2).max(200) }) } },
    async (req) => signConsentInPortal(db(), portalOf(req).patientId, req.body, requestMeta(req)),
  );
};
