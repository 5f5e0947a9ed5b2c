/**
 * The billing codes Kairos proposes and the rules that choose them, from protocol-defaults.md
 * ("Billing and staff credentials"). Codes are the clinic's coder's decision: every default here
 * is a site default for the coder's review (`provenance`), and a proposed line is only a proposal
 * until a coordinator finalises it.
 *
 * - IV infusion by minutes infused (pauses excluded): 15 min or less, IV push 96374; 16 to 90 min,
 *   96365 (initial hour); each further hour beyond the first 90 min, one 96366 (91 to 150 min: one,
 *   151 to 210: two, ...).
 * - An intramuscular dose (issue 29): the injection code 96372 instead of the infusion code, once
 *   per session (AMA CPT descriptor; not in protocol-defaults.md: a site default for the coder's
 *   review, like every code here). An oral/sublingual dose has no administration code.
 * - The drug: HCPCS J3490 (unclassified drugs) with the NDC in 11-digit form and the N4 qualifier.
 * - Psychotherapy by minutes: 16-37 90832, 38-52 90834, 53 or more 90837; crisis (60 min) 90839;
 *   under 16 minutes no psychotherapy code.
 * - Evaluation on day 1: by a prescriber 90792, by a therapist alone 90791.
 *
 * The descriptions are short plain names for the fee schedule, which the clinic may edit.
 *
 * @module billing/billing-codes
 */
import { siteDefault } from '../protocol-config/provenance.js';
import { defineRule } from '../rules/rule.js';

export const BILLING_CODES = Object.freeze({
  '96374': { system: 'CPT', description: 'IV push, single or initial drug' },
  '96365': { system: 'CPT', description: 'IV infusion for therapy, initial, up to 1 hour' },
  '96366': { system: 'CPT', description: 'IV infusion for therapy, each additional hour' },
  '96372': { system: 'CPT', description: 'Therapeutic injection, intramuscular' },
  J3490: { system: 'HCPCS', description: 'Unclassified drugs (ketamine), with its NDC' },
  '90832': { system: 'CPT', description: 'Psychotherapy, 30 minutes with patient' },
  '90834': { system: 'CPT', description: 'Psychotherapy, 45 minutes with patient' },
  '90837': { system: 'CPT', description: 'Psychotherapy, 60 minutes with patient' },
  '90839': { system: 'CPT', description: 'Psychotherapy for crisis, first 60 minutes' },
  '90791': { system: 'CPT', description: 'Psychiatric diagnostic evaluation' },
  '90792': { system: 'CPT', description: 'Psychiatric diagnostic evaluation with medical services' },
} as const);
export type BillingCode = keyof typeof BILLING_CODES;

/** The minute boundaries of the time-based codes (protocol-defaults.md), with their provenance. */
export const BILLING_MINUTES = Object.freeze({
  /** An infusion of at most this many minutes is an IV push (96374). */
  pushMaxMinutes: 15,
  /** The initial hour's code (96365) covers infusions up to this many minutes. */
  initialMaxMinutes: 90,
  /** Each further this many minutes (or part) beyond `initialMaxMinutes` is one 96366. */
  additionalHourMinutes: 60,
  /** Psychotherapy: the least minutes of each code. */
  psychotherapy30From: 16,
  psychotherapy45From: 38,
  psychotherapy60From: 53,
  provenance: siteDefault('AMA CPT time rules as commonly applied; the clinic’s coder reviews'),
});

export interface CodeUnits {
  code: BillingCode;
  units: number;
}

/** The IV infusion codes for `minutesInfused` (pauses excluded); none for no infusion. */
export const infusionCodesRule = defineRule({
  id: 'billing.infusion-by-minutes',
  version: '1',
  title: 'The IV infusion code by the minutes infused, pauses excluded: an IV push, the initial hour, each further hour',
  sources: [BILLING_MINUTES.provenance],
  evaluate: (minutesInfused: number): CodeUnits[] => {
    if (!Number.isFinite(minutesInfused) || minutesInfused <= 0) return [];
    const m = Math.round(minutesInfused);
    if (m <= BILLING_MINUTES.pushMaxMinutes) return [{ code: '96374', units: 1 }];
    if (m <= BILLING_MINUTES.initialMaxMinutes) return [{ code: '96365', units: 1 }];
    return [
      { code: '96365', units: 1 },
      { code: '96366', units: Math.ceil((m - BILLING_MINUTES.initialMaxMinutes) / BILLING_MINUTES.additionalHourMinutes) },
    ];
  },
});

/** The injection code of an intramuscular dose: one 96372 for the session's injection. */
export const injectionCodeRule = defineRule({
  id: 'billing.im-injection',
  version: '1',
  title: 'The therapeutic intramuscular injection code for a ketamine dose given by intramuscular injection',
  sources: [
    siteDefault(
      'AMA CPT descriptor (therapeutic, prophylactic or diagnostic injection, subcutaneous or intramuscular); not in the protocol defaults; the clinic’s coder reviews',
    ),
  ],
  evaluate: (): CodeUnits => ({ code: '96372', units: 1 }),
});

/** The psychotherapy code for `minutes` with the patient (a crisis session: 90839), or none under the first code's minutes. */
export const psychotherapyCodeRule = defineRule({
  id: 'billing.psychotherapy-by-minutes',
  version: '1',
  title: 'The psychotherapy code by the minutes with the patient recorded on the note',
  sources: [BILLING_MINUTES.provenance],
  evaluate: (minutes: number, crisis = false): CodeUnits | undefined => {
    if (!Number.isFinite(minutes) || minutes < BILLING_MINUTES.psychotherapy30From) return undefined;
    if (crisis) return { code: '90839', units: 1 };
    if (minutes >= BILLING_MINUTES.psychotherapy60From) return { code: '90837', units: 1 };
    if (minutes >= BILLING_MINUTES.psychotherapy45From) return { code: '90834', units: 1 };
    return { code: '90832', units: 1 };
  },
});

/** The day-1 evaluation: by a prescriber 90792 (and 90791 for the therapist's part when billed apart), by a therapist alone 90791. */
export const evaluationCodesRule = defineRule({
  id: 'billing.evaluation',
  version: '1',
  title: 'The psychiatric diagnostic evaluation of day 1: with medical services when a prescriber saw the patient',
  sources: [siteDefault('AMA CPT descriptors; the clinic’s coder reviews')],
  evaluate: (by: { prescriber: boolean; therapistBilledApart: boolean }): CodeUnits[] =>
    by.prescriber
      ? [{ code: '90792', units: 1 }, ...(by.therapistBilledApart ? [{ code: '90791' as const, units: 1 }] : [])]
      : [{ code: '90791', units: 1 }],
});

/** The drug line: J3490 with the NDC of the ketamine given, in 11 digits with the N4 qualifier. */
export const drugLineRule = defineRule({
  id: 'billing.drug-ndc',
  version: '1',
  title: 'The ketamine given as J3490 (unclassified drugs) with its NDC in 11 digits and the N4 qualifier',
  sources: [siteDefault('payer guidance (Blue Cross MA 2023); the clinic’s coder reviews')],
  evaluate: (units: number): CodeUnits => ({ code: 'J3490', units }),
});
