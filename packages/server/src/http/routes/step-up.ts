import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { StepUpBodySchema, StepUpResultSchema } from '@kairos/api';
import { createStepUp } from '../../services/sign-in/create-step-up.js';
import { secondFactorPolicy } from '../../services/second-factor/policy.js';
import { requestMeta, signInOf } from '../auth.js';

/** A named user proves their password now; the token authorises one act of `purpose`. */
export const stepUpRoutes: FastifyPluginCallbackZod = (app) => {
  app.post(
    '/api/step-up',
    {
      config: { action: 'signed-in' },
      schema: {
        tags: ['session'],
        summary: 'Step-up check: the named user enters their password (and second-factor code) now',
        body: StepUpBodySchema,
        response: { 200: StepUpResultSchema },
      },
    },
    async (req) => {
      const proof = await createStepUp(app.ctx.database.db, signInOf(req).actor, req.body, requestMeta(req), {
        allowSynthetic: app.ctx.config.mode !== 'production',
        policy: secondFactorPolicy(app.ctx.config),
      });
      return { ...proof, expiresAt: proof.expiresAt.toISOString() };
    },
  );
};
