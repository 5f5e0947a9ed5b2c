import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  NoContent,
  RecoveryCodesSchema,
  SecondFactorCodeBodySchema,
  SecondFactorEnrolmentSchema,
  SecondFactorStatusSchema,
} from '@kairos/api';
import { confirmEnrolment } from '../../services/second-factor/confirm-enrolment.js';
import { newRecoveryCodes } from '../../services/second-factor/new-recovery-codes.js';
import { secondFactorPolicy } from '../../services/second-factor/policy.js';
import { removeOwnSecondFactor } from '../../services/second-factor/remove-second-factor.js';
import { secondFactorStatus } from '../../services/second-factor/second-factor-status.js';
import { startEnrolment } from '../../services/second-factor/start-enrolment.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/**
 * The signed-in person's own second factor (`/api/account/second-factor`): its state, setting up an
 * authenticator app (QR code, then a first code), new recovery codes, removal. Open to a sign-in
 * that must set one up before anything else (production).
 */
export const secondFactorRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['session']);
  const own = { action: 'signed-in', enrolment: true } as const;
  const policy = () => secondFactorPolicy(app.ctx.config);
  const base = '/api/account/second-factor';

  app.get(base, route(own, 'My second factor', { response: { 200: SecondFactorStatusSchema } }), async (req) => {
    const s = signInOf(req);
    const status = await secondFactorStatus(app.ctx.database.db, s.actor.userId, s.secondFactor, policy());
    return { ...status, enrolledAt: status.enrolledAt?.toISOString() ?? null };
  });

  app.post(
    `${base}/enrolment`,
    route(own, 'Start setting up an authenticator app: a new secret and its QR code', { response: { 200: SecondFactorEnrolmentSchema } }),
    (req) => startEnrolment(app.ctx.database.db, signInOf(req).actor, requestMeta(req), policy()),
  );

  app.post(
    `${base}/enrolment/confirm`,
    route(own, 'Confirm the authenticator app with its first code; answers the recovery codes, once', {
      body: SecondFactorCodeBodySchema,
      response: { 200: RecoveryCodesSchema },
    }),
    (req) => {
      const s = signInOf(req);
      return confirmEnrolment(app.ctx.database.db, s.actor, s.tokenHash, req.body.code, requestMeta(req), policy());
    },
  );

  app.post(
    `${base}/recovery-codes`,
    route('signed-in', 'New recovery codes (the old ones stop working), with a code from the app', {
      body: SecondFactorCodeBodySchema,
      response: { 200: RecoveryCodesSchema },
    }),
    (req) => newRecoveryCodes(app.ctx.database.db, signInOf(req).actor, req.body.code, requestMeta(req), policy()),
  );

  app.post(
    `${base}/removal`,
    route('signed-in', 'Remove my second factor (with a code); my other sign-ins end', {
      body: SecondFactorCodeBodySchema,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      const s = signInOf(req);
      await removeOwnSecondFactor(app.ctx.database.db, s.actor, s.tokenHash, req.body.code, requestMeta(req), policy());
      return reply.status(204).send(null);
    },
  );
};
