import {
  BillingIdentityBodySchema,
  BillingIdentitySchema,
  BillingSettingsSchema,
  FeeScheduleItemCreateBodySchema,
  FeeScheduleItemParamsSchema,
  FeeScheduleItemSchema,
  FeeScheduleItemUpdateBodySchema,
  IdParams,
  SessionChargeProposalSchema,
  StaffBillingBodySchema,
  StaffBillingSchema,
} from '@kairos/api';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { billingSettings } from '../../services/billing/billing-settings.js';
import { addFeeScheduleItem, updateFeeScheduleItem } from '../../services/billing/fee-schedule.js';
import { proposeSessionCharges } from '../../services/billing/propose-session-charges.js';
import { setBillingIdentity } from '../../services/billing/set-billing-identity.js';
import { setStaffBilling } from '../../services/billing/staff-billing.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/** Billing's setup (issue 27): a site's billing identity and fee schedule; a clinician's NPI and licence. */
export const billingRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['billing']);
  const db = () => app.ctx.database.db;
  const configure = { action: 'billing.configure' as const, site: { in: 'params', key: 'id', scope: 'site-config' } as const };

  app.get(
    '/api/sites/:id/billing',
    route(configure, 'The site’s billing identity (null until entered) and fee schedule (seeded with the codes Kairos proposes)', {
      params: IdParams,
      response: { 200: BillingSettingsSchema },
    }),
    async (req) => billingSettings(db(), req.params.id, requestMeta(req)),
  );
  app.put(
    '/api/sites/:id/billing/identity',
    route(configure, 'Enter or change the site’s billing identity (the NPI’s check digit is checked)', {
      params: IdParams,
      body: BillingIdentityBodySchema,
      response: { 200: BillingIdentitySchema },
    }),
    async (req) => setBillingIdentity(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sites/:id/billing/fees',
    route(configure, 'Add a service to the fee schedule (a code with a modifier once)', {
      params: IdParams,
      body: FeeScheduleItemCreateBodySchema,
      response: { 201: FeeScheduleItemSchema },
    }),
    async (req, reply) =>
      reply.status(201).send(await addFeeScheduleItem(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.put(
    '/api/sites/:id/billing/fees/:feeId',
    route(configure, 'Change a service of the fee schedule: its modifier, description, fee, or whether it is billed', {
      params: FeeScheduleItemParamsSchema,
      body: FeeScheduleItemUpdateBodySchema,
      response: { 200: FeeScheduleItemSchema },
    }),
    async (req) => updateFeeScheduleItem(db(), signInOf(req).actor, req.params.id, req.params.feeId, req.body, requestMeta(req)),
  );
  app.get(
    '/api/sessions/:id/charges',
    route(
      'billing.manage',
      'The charges a dosing session proposes (infusion code by minutes infused, J3490 with the NDC), each with its rule and fee; nothing is stored',
      { params: IdParams, response: { 200: SessionChargeProposalSchema } },
    ),
    async (req) => proposeSessionCharges(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.put(
    '/api/users/:id/billing',
    route(
      'users.manage',
      'A clinician’s type 1 NPI and licence, as a superbill names them (the NPI’s check digit is checked; null clears)',
      {
        params: IdParams,
        body: StaffBillingBodySchema,
        response: { 200: StaffBillingSchema },
      },
    ),
    async (req) => setStaffBilling(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
};
