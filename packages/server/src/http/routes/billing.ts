import {
  BillableEventListSchema,
  BillingIdentityBodySchema,
  BillingIdentitySchema,
  BillingSettingsSchema,
  FeeScheduleItemCreateBodySchema,
  FeeScheduleItemParamsSchema,
  FeeScheduleItemSchema,
  FeeScheduleItemUpdateBodySchema,
  IdParams,
  ChargeReversalBodySchema,
  NoteChargesFinaliseBodySchema,
  PatientBillingSchema,
  PatientInsuranceBodySchema,
  PaymentBodySchema,
  SessionChargeProposalSchema,
  SessionChargesFinaliseBodySchema,
  SuperbillQuerySchema,
  StaffBillingBodySchema,
  StaffBillingSchema,
} from '@kairos/api';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { billingSettings } from '../../services/billing/billing-settings.js';
import { addFeeScheduleItem, updateFeeScheduleItem } from '../../services/billing/fee-schedule.js';
import { billableEvents } from '../../services/billing/billable-events.js';
import { finaliseNoteCharges } from '../../services/billing/finalise-note-charges.js';
import { finaliseSessionCharges } from '../../services/billing/finalise-session-charges.js';
import { patientBilling } from '../../services/billing/patient-billing.js';
import { proposeSessionCharges } from '../../services/billing/propose-session-charges.js';
import { recordPayment } from '../../services/billing/record-payment.js';
import { reverseCharge } from '../../services/billing/reverse-charge.js';
import { portalSuperbillPdf } from '../../services/billing/portal-superbill-pdf.js';
import { superbillPdf } from '../../services/billing/superbill-pdf.js';
import { setBillingIdentity } from '../../services/billing/set-billing-identity.js';
import { setPatientInsurance } from '../../services/billing/set-patient-insurance.js';
import { setStaffBilling } from '../../services/billing/staff-billing.js';
import { portalOf, requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';
import { sendDownload } from '../download.js';

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
  app.post(
    '/api/sessions/:id/charges',
    route(
      'billing.manage',
      'Finalise the session’s charges (as proposed, or units and modifiers changed, codes of the fee schedule added); a finalised line changes only by a reversal',
      { params: IdParams, body: SessionChargesFinaliseBodySchema, response: { 200: PatientBillingSchema } },
    ),
    async (req) => finaliseSessionCharges(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.get(
    '/api/patients/:id/billable-events',
    route(
      'billing.manage',
      'The patient’s billable visits, newest first, each with the charges Kairos proposes and whether they are finalised',
      {
        params: IdParams,
        response: { 200: BillableEventListSchema },
      },
    ),
    async (req) => billableEvents(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.post(
    '/api/notes/:id/charges',
    route(
      'billing.manage',
      'Finalise the charges of a visit recorded by a signed note (the day-1 assessment, an integration session, the day-5 review)',
      { params: IdParams, body: NoteChargesFinaliseBodySchema, response: { 200: PatientBillingSchema } },
    ),
    async (req) => finaliseNoteCharges(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/charges/:id/reversal',
    route('billing.manage', 'Take a finalised line back by a reversing line, with a reason (once)', {
      params: IdParams,
      body: ChargeReversalBodySchema,
      response: { 200: PatientBillingSchema },
    }),
    async (req) => reverseCharge(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.get(
    '/api/patients/:id/billing',
    route('billing.manage', 'A patient’s charges, payments and balance', { params: IdParams, response: { 200: PatientBillingSchema } }),
    async (req) => patientBilling(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.post(
    '/api/patients/:id/payments',
    route('billing.manage', 'Record a payment (method, date, amount; never more than the balance)', {
      params: IdParams,
      body: PaymentBodySchema,
      response: { 200: PatientBillingSchema },
    }),
    async (req) => recordPayment(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.put(
    '/api/patients/:id/insurance',
    route('billing.manage', 'Enter or change the patient’s insurer, member id and group number, as the superbill prints them', {
      params: IdParams,
      body: PatientInsuranceBodySchema,
      response: { 200: PatientBillingSchema },
    }),
    async (req) => setPatientInsurance(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.get(
    '/api/patients/:id/superbill.pdf',
    route(
      { action: 'billing.manage', raw: 'application/pdf' },
      'The patient’s superbill as a PDF: the finalised charges of a day or a range of days (all when none given), diagnoses, payments',
      { params: IdParams, querystring: SuperbillQuerySchema },
    ),
    async (req, reply) => {
      const { pdf, filename } = await superbillPdf(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req));
      return sendDownload(reply, 'application/pdf', filename, pdf);
    },
  );
  app.get(
    '/api/portal/superbill.pdf',
    routesOf(['portal'])(
      { action: 'portal', raw: 'application/pdf' },
      'The patient’s own superbill as a PDF (a day or a range of days; all their finalised charges when none given), to claim reimbursement',
      { querystring: SuperbillQuerySchema },
    ),
    async (req, reply) => {
      const { pdf, filename } = await portalSuperbillPdf(db(), portalOf(req).patientId, req.query, requestMeta(req));
      return sendDownload(reply, 'application/pdf', filename, pdf);
    },
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
