/**
 * Billing's setup (issue 27): the clinic's billing identity per site and its fee schedule. Codes
 * and fees are the clinic's coder's decision: the schedule is seeded with the codes Kairos proposes
 * (core's billing defaults), each fee left to set.
 *
 * @module
 */
import { z } from 'zod';
import { IsoInstant } from './common.js';

/** `PUT /api/sites/:id/billing/identity`. The NPI's check digit is checked by the server. */
export const BillingIdentityBodySchema = z.strictObject({
  legalName: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(500),
  /** The employer identification number, 12-3456789. */
  taxId: z
    .string()
    .trim()
    .regex(/^\d{2}-\d{7}$/, 'a tax id (EIN) is written 12-3456789'),
  /** The organisation's type 2 NPI. */
  npi: z.string().trim(),
  /** The CMS place-of-service code (two digits; 11 is an office). */
  placeOfService: z
    .string()
    .trim()
    .regex(/^\d{2}$/, 'a place-of-service code is two digits (11: office)'),
});
export type BillingIdentityBody = z.infer<typeof BillingIdentityBodySchema>;

export const BillingIdentitySchema = /* @__PURE__ */ BillingIdentityBodySchema.extend({ updatedAt: IsoInstant });
export type BillingIdentity = z.infer<typeof BillingIdentitySchema>;

/** A fee in cents (never negative; at most a million dollars). */
const FeeCents = z.number().int('a fee is a whole number of cents').min(0, 'a fee cannot be negative').max(100_000_000);

export const FeeScheduleItemSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  modifier: z.string(),
  description: z.string(),
  /** Null: not set yet (a charge with no fee cannot be finalised). */
  feeCents: /* @__PURE__ */ FeeCents.nullable(),
  active: z.boolean(),
  /** Whether Kairos proposes this code from what happened (core's billing rules). */
  proposedByKairos: z.boolean(),
  updatedAt: IsoInstant,
});
export type FeeScheduleItem = z.infer<typeof FeeScheduleItemSchema>;

/** `GET /api/sites/:id/billing`: the identity (null until entered) and the fee schedule. */
export const BillingSettingsSchema = z.object({
  identity: /* @__PURE__ */ BillingIdentitySchema.nullable(),
  fees: z.array(FeeScheduleItemSchema),
  /** Where the proposed codes and their minute rules come from, and that a coder reviews them. */
  provenance: z.string(),
});
export type BillingSettings = z.infer<typeof BillingSettingsSchema>;

/** `POST /api/sites/:id/billing/fees`: a service the clinic bills that Kairos does not propose. */
export const FeeScheduleItemCreateBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{5}$/, 'a CPT or HCPCS code is 5 capital letters or digits (e.g. 90834, J3490)'),
  modifier: z
    .string()
    .trim()
    .regex(/^([A-Z0-9]{2})?$/, 'a modifier is 2 capital letters or digits, or none')
    .default(''),
  description: z.string().trim().min(1).max(200),
  feeCents: /* @__PURE__ */ FeeCents.nullable(),
});
export type FeeScheduleItemCreateBody = z.infer<typeof FeeScheduleItemCreateBodySchema>;

/** `PUT /api/sites/:id/billing/fees/:feeId`: what changes of a service (its code stays). */
export const FeeScheduleItemUpdateBodySchema = z.strictObject({
  modifier: z
    .string()
    .trim()
    .regex(/^([A-Z0-9]{2})?$/, 'a modifier is 2 capital letters or digits, or none')
    .optional(),
  description: z.string().trim().min(1).max(200).optional(),
  feeCents: /* @__PURE__ */ FeeCents.nullable().optional(),
  active: z.boolean().optional(),
});
export type FeeScheduleItemUpdateBody = z.infer<typeof FeeScheduleItemUpdateBodySchema>;

export const FeeScheduleItemParamsSchema = z.strictObject({ id: z.uuid(), feeId: z.uuid() });

/** `PUT /api/users/:id/billing`: a clinician's type 1 NPI and licence (null clears). */
export const StaffBillingBodySchema = z.strictObject({
  npi: z.string().trim().nullable(),
  licence: z.string().trim().min(2).max(100).nullable(),
});
export type StaffBillingBody = z.infer<typeof StaffBillingBodySchema>;
export const StaffBillingSchema = StaffBillingBodySchema;
export type StaffBilling = z.infer<typeof StaffBillingSchema>;

/** The clinician who rendered a service, as the superbill names them (NPI and licence: null until entered in Users). */
export const RenderingClinicianSchema = z.object({ name: z.string(), npi: z.string().nullable(), licence: z.string().nullable() });
export type RenderingClinician = z.infer<typeof RenderingClinicianSchema>;

/** A charge line Kairos proposes from what happened, with the rule behind it and the fee. */
export const ProposedChargeSchema = z.object({
  code: z.string(),
  units: z.number().int(),
  description: z.string(),
  /** J3490: the NDC after the N4 qualifier, and the amount given. */
  ndc: z.string().optional(),
  drugQuantity: z.object({ amount: z.number(), unit: z.enum(['mg', 'vial']) }).optional(),
  /** The rule that proposed it (`id@version`) and why, in words. */
  rule: z.string(),
  why: z.string(),
  /** The fee schedule's fee and modifier for the code (null fee: not set yet). */
  modifier: z.string(),
  feeCents: z.number().int().nullable(),
  /** fee x units; null while the fee is not set. */
  amountCents: z.number().int().nullable(),
});
export type ProposedCharge = z.infer<typeof ProposedChargeSchema>;

/**
 * `GET /api/sessions/:id/charges`: the charges the dosing session proposes (its infusion by minutes
 * infused, pauses excluded, and the ketamine given), the patient's ICD-10-CM diagnoses, and what
 * could not be proposed. A proposal only: a coordinator reviews it before anything is billed.
 */
export const SessionChargeProposalSchema = z.object({
  sessionId: z.uuid(),
  serviceDate: z.string(),
  minutesInfused: z.number(),
  /** The infusion has ended: the minutes are final. */
  final: z.boolean(),
  diagnoses: z.array(z.object({ code: z.string(), text: z.string().nullable() })),
  lines: z.array(ProposedChargeSchema),
  notes: z.array(z.string()),
  /** The prescriber who ordered the dose, who renders the infusion. */
  rendering: /* @__PURE__ */ RenderingClinicianSchema.nullable(),
});
export type SessionChargeProposal = z.infer<typeof SessionChargeProposalSchema>;

/** A finalised charge line, or the reversal of one (a negative amount, with its reason). */
export const ChargeLineSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid().nullable(),
  /** The signed note the line was billed from (the day-1 assessment, an integration session, the day-5 review). */
  noteId: z.uuid().nullable(),
  /** Who rendered the service: the prescriber who ordered the dose, or the note's author. */
  rendering: /* @__PURE__ */ RenderingClinicianSchema.nullable(),
  serviceDate: z.string(),
  code: z.string(),
  modifier: z.string(),
  description: z.string(),
  units: z.number().int(),
  feeCents: z.number().int(),
  amountCents: z.number().int(),
  ndc: z.string().nullable(),
  drugQuantity: z.object({ amount: z.number(), unit: z.enum(['mg', 'vial']) }).nullable(),
  diagnoses: z.array(z.string()),
  rule: z.string().nullable(),
  reversesId: z.uuid().nullable(),
  /** The reversal of this line, when it was reversed. */
  reversedById: z.uuid().nullable(),
  reason: z.string().nullable(),
  finalisedAt: IsoInstant,
  finalisedBy: z.string(),
});
export type ChargeLine = z.infer<typeof ChargeLineSchema>;

export const PAYMENT_METHODS = ['card', 'cash', 'check', 'transfer', 'other'] as const;

export const PaymentSchema = z.object({
  id: z.uuid(),
  method: z.enum(PAYMENT_METHODS),
  paidOn: z.string(),
  amountCents: z.number().int(),
  reference: z.string().nullable(),
  recordedAt: IsoInstant,
});
export type Payment = z.infer<typeof PaymentSchema>;

/** Text a person typed for a printed document: no control characters. */
const PrintedText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `is longer than ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'holds a control character');

/** `PUT /api/patients/:id/insurance`: the insurer, member id and group number the superbill prints. */
export const PatientInsuranceBodySchema = z.strictObject({
  insurer: /* @__PURE__ */ PrintedText(200),
  memberId: /* @__PURE__ */ PrintedText(50),
  groupNumber: /* @__PURE__ */ PrintedText(50).nullable().default(null),
});
export type PatientInsuranceBody = z.input<typeof PatientInsuranceBodySchema>;
export type PatientInsuranceValues = z.infer<typeof PatientInsuranceBodySchema>;
export const PatientInsuranceSchema = z.object({
  insurer: z.string(),
  memberId: z.string(),
  groupNumber: z.string().nullable(),
  updatedAt: IsoInstant,
});
export type PatientInsurance = z.infer<typeof PatientInsuranceSchema>;

/** `GET /api/patients/:id/billing`: the patient's charges, payments and balance. */
export const PatientBillingSchema = z.object({
  /** What the superbill prints of the patient's insurance (null: lines left to fill in by hand). */
  insurance: /* @__PURE__ */ PatientInsuranceSchema.nullable(),
  lines: z.array(ChargeLineSchema),
  payments: z.array(PaymentSchema),
  chargedCents: z.number().int(),
  paidCents: z.number().int(),
  balanceCents: z.number().int(),
});
export type PatientBilling = z.infer<typeof PatientBillingSchema>;

/**
 * `POST /api/sessions/:id/charges`: the coordinator finalises the session's lines, as proposed or
 * with the units or modifier changed, or a code of the fee schedule added; each code must be on the
 * schedule with its fee set. A drug line (J3490) takes the NDC and amount of the proposal.
 */
export const SessionChargesFinaliseBodySchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        code: z
          .string()
          .trim()
          .regex(/^[A-Z0-9]{5}$/, 'a CPT or HCPCS code is 5 capital letters or digits'),
        modifier: z
          .string()
          .trim()
          .regex(/^([A-Z0-9]{2})?$/, 'a modifier is 2 capital letters or digits, or none')
          .default(''),
        units: z.number().int('whole units').min(1).max(9999),
      }),
    )
    .min(1)
    .max(20),
});
export type SessionChargesFinaliseBody = z.infer<typeof SessionChargesFinaliseBodySchema>;

/** `POST /api/notes/:id/charges`: the same lines, for a signed note's visit. */
export const NoteChargesFinaliseBodySchema = SessionChargesFinaliseBodySchema;
export type NoteChargesFinaliseBody = SessionChargesFinaliseBody;

/**
 * A visit Kairos can bill, with what it proposes: a dosing session whose infusion has ended, or a
 * signed note of the day-1 assessment, an integration session or the day-5 review. `finalised`
 * once its lines are finalised (and not all reversed).
 */
export const BillableEventSchema = z.object({
  kind: z.enum(['dosing-session', 'note']),
  /** The session's or the note's id: where its charges are finalised. */
  id: z.uuid(),
  /** In words: "Dosing session", "Integration therapy", ... */
  title: z.string(),
  serviceDate: z.string(),
  /** The event is over (the infusion ended, the note signed): its proposal is final. */
  final: z.boolean(),
  finalised: z.boolean(),
  rendering: /* @__PURE__ */ RenderingClinicianSchema.nullable(),
  lines: z.array(ProposedChargeSchema),
  notes: z.array(z.string()),
});
export type BillableEvent = z.infer<typeof BillableEventSchema>;

/** `GET /api/patients/:id/billable-events`: the patient's visits, newest first, with the diagnoses every line is for. */
export const BillableEventListSchema = z.object({
  items: z.array(BillableEventSchema),
  diagnoses: z.array(z.object({ code: z.string(), text: z.string().nullable() })),
});
export type BillableEventList = z.infer<typeof BillableEventListSchema>;

/** `POST /api/charges/:id/reversal`: why the finalised line is taken back. */
export const ChargeReversalBodySchema = z.strictObject({ reason: z.string().trim().min(5).max(500) });
export type ChargeReversalBody = z.infer<typeof ChargeReversalBodySchema>;

/** `POST /api/patients/:id/payments`: never more than the balance. */
export const PaymentBodySchema = z.strictObject({
  method: z.enum(PAYMENT_METHODS),
  paidOn: z.iso.date('a date, YYYY-MM-DD'),
  amountCents: z.number().int('whole cents').min(1, 'a payment is more than 0'),
  reference: z.string().trim().max(100).optional(),
});
export type PaymentBody = z.infer<typeof PaymentBodySchema>;

/** `GET /api/patients/:id/superbill.pdf`: the days covered (a visit: from = to; none: every finalised charge). */
export const SuperbillQuerySchema = z.strictObject({
  from: z.iso.date('a date, YYYY-MM-DD').optional(),
  to: z.iso.date('a date, YYYY-MM-DD').optional(),
});
export type SuperbillQuery = z.infer<typeof SuperbillQuerySchema>;
