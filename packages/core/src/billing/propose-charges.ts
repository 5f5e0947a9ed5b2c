/**
 * The charges a program event proposes (protocol-defaults.md, "event to code", a site default):
 * the day-1 assessment its evaluation code(s); a dosing session the infusion code by minutes
 * infused (pauses excluded) and J3490 for the ketamine with its NDC; an integration session or the
 * day-5 review the psychotherapy code by the minutes recorded on the note. Each line names the rule
 * (`id@version`) that proposed it and why, so "why this code" is answerable from the record; what
 * could not be proposed is said in `notes`, never guessed.
 *
 * @module billing/propose-charges
 */
import { ruleRef } from '../rules/rule.js';
import {
  BILLING_CODES,
  drugLineRule,
  evaluationCodesRule,
  injectionCodeRule,
  infusionCodesRule,
  psychotherapyCodeRule,
  type BillingCode,
} from './billing-codes.js';
import { ndc11, ndcWithQualifier } from './ndc.js';

export type BillableEvent =
  | { kind: 'assessment'; prescriberSaw: boolean; therapistBilledApart: boolean }
  | {
      kind: 'dosing';
      /** How the dose was given (IV when absent). */
      route?: 'IV' | 'IM' | 'SL';
      /** IV: the minutes infused (pauses excluded); 0 for the other routes. */
      minutesInfused: number;
      /** IM and oral/sublingual: the dose was given. */
      given?: boolean;
      /** The ketamine given: its product's NDC and the amount (mg, or vials opened), as the payer counts it. */
      drug: { ndc: string; amount: number; unit: 'mg' | 'vial' } | null;
    }
  | { kind: 'integration' | 'review'; minutes: number | null; crisis?: boolean };

export interface ProposedCharge {
  code: BillingCode;
  units: number;
  description: string;
  /** J3490: the NDC as the claim carries it (N4 + 11 digits), and the drug's quantity. */
  ndc?: string;
  drugQuantity?: { amount: number; unit: 'mg' | 'vial' };
  /** The rule that proposed it (`id@version`). */
  rule: string;
  /** In words: what in the event led to it. */
  why: string;
}

export interface ChargeProposal {
  lines: ProposedCharge[];
  /** What could not be proposed, and why. */
  notes: string[];
}

const line = (c: { code: BillingCode; units: number }, rule: string, why: string): ProposedCharge => ({
  code: c.code,
  units: c.units,
  description: BILLING_CODES[c.code].description,
  rule,
  why,
});

/** Whole units of the drug line: mg to the nearest (at least 1), vials opened counted up. */
const drugUnits = (amount: number, unit: 'mg' | 'vial'): number => (unit === 'mg' ? Math.max(1, Math.round(amount)) : Math.ceil(amount));

export function proposeCharges(event: BillableEvent): ChargeProposal {
  switch (event.kind) {
    case 'assessment': {
      const who = event.prescriberSaw ? 'a prescriber saw the patient' : 'a therapist alone saw the patient';
      return {
        lines: evaluationCodesRule
          .evaluate({ prescriber: event.prescriberSaw, therapistBilledApart: event.therapistBilledApart })
          .map((c) => line(c, ruleRef(evaluationCodesRule), who)),
        notes: [],
      };
    }
    case 'dosing': {
      const route = event.route ?? 'IV';
      if (route === 'SL')
        return {
          lines: [],
          notes: [
            'the dose was given oral/sublingual: there is no administration code, and the compounded product is not billed as J3490 (the coder decides how it is billed)',
          ],
        };
      const minutes = Math.round(event.minutesInfused);
      const administration =
        route === 'IM'
          ? event.given === true
            ? [line(injectionCodeRule.evaluate(), ruleRef(injectionCodeRule), 'ketamine given by intramuscular injection')]
            : []
          : infusionCodesRule
              .evaluate(event.minutesInfused)
              .map((c) =>
                line(
                  c,
                  ruleRef(infusionCodesRule),
                  `${minutes} min infused (pauses excluded)${c.code === '96366' ? `: ${c.units} further hour(s) beyond 90 min` : ''}`,
                ),
              );
      const lines = administration;
      const notes: string[] = [];
      if (administration.length === 0)
        notes.push(
          route === 'IM'
            ? 'no injection was given: no injection code and no drug line'
            : 'no infusion was given: no infusion code and no drug line',
        );
      else if (event.drug === null) notes.push('the ketamine given is not known (no draw recorded): no J3490 line');
      else {
        const n = ndc11(event.drug.ndc);
        if (!n.ok) notes.push(`the product's NDC ${event.drug.ndc} cannot be written in 11 digits (${n.problem}): no J3490 line`);
        else
          lines.push({
            ...line(
              drugLineRule.evaluate(drugUnits(event.drug.amount, event.drug.unit)),
              ruleRef(drugLineRule),
              `${event.drug.amount} ${event.drug.unit === 'mg' ? 'mg' : 'vial(s)'} of ketamine given, NDC ${n.ndc11}${event.drug.unit === 'mg' ? `: billed in units of 1 mg, to the nearest` : ''}`,
            ),
            ndc: ndcWithQualifier(n.ndc11),
            drugQuantity: { amount: event.drug.amount, unit: event.drug.unit },
          });
      }
      return { lines, notes };
    }
    case 'integration':
    case 'review': {
      const name = event.kind === 'integration' ? 'integration session' : 'day-5 review';
      if (event.minutes === null)
        return { lines: [], notes: [`no minutes are recorded on the ${name}'s note: no psychotherapy code proposed`] };
      const c = psychotherapyCodeRule.evaluate(event.minutes, event.crisis ?? false);
      if (c === undefined)
        return { lines: [], notes: [`${event.minutes} min recorded on the ${name}'s note: under 16 min, no psychotherapy code`] };
      return {
        lines: [line(c, ruleRef(psychotherapyCodeRule), `${event.minutes} min with the patient recorded on the ${name}'s note`)],
        notes: [],
      };
    }
  }
}
