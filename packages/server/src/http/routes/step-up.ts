import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createStepUp } from '../../services/step-up.js';
import { requestMeta, sessionOf } from '../auth.js';

/** A named user proves their password now; the token authorises one act of `purpose`. */
export const stepUpRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/step-up',
    {
      config: { action: 'signed-in' },
      schema: {
        tags: ['session'],
        summary: 'Step-up check: the named user enters their password now',
        body: z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024), purpose: z.string().min(1).max(100).regex(/^[a-z0-9.:-]+$/, 'lower-case words, digits, dots, colons and dashes') }),
        response: { 200: z.object({ stepUpToken: z.string(), userId: z.string(), displayName: z.string(), licensed: z.boolean(), expiresAt: z.string() }) },
      },
    },
    async (req) => {
      const proof = await createStepUp(app.ctx.database.db, sessionOf(req).actor, req.body, requestMeta(req), { allowSynthetic: app.ctx.config.mode !== 'production' });
      return { ...proof, expiresAt: proof.expiresAt.toISOString() };
    },
  );
};
