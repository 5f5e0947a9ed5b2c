/**
 * A dose order in plain words, the same on the console, the printed infusion record and its PDF:
 * the dose line and the preparation line, by route.
 *
 * @module
 */
import type { DoseCalculation } from './calculate-dose.js';
import { SUBLINGUAL_FORM_LABELS, type FixedDoseCalculation } from './fixed-dose.js';

/** A recorded calculation: an IV dose (orders recorded before routes carry no route) or a dose entered in mg. */
export type AnyDoseCalculation = (DoseCalculation & { readonly route?: 'IV' }) | FixedDoseCalculation;

/** The IV calculation, or undefined for a dose entered in mg. */
export const ivDoseOf = (c: AnyDoseCalculation): DoseCalculation | undefined => (c.route === undefined || c.route === 'IV' ? c : undefined);

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);

/** The dose and how it is prepared, in words. */
export function doseOrderWords(c: AnyDoseCalculation): { readonly dose: string; readonly preparation: string } {
  const iv = ivDoseOf(c);
  if (iv !== undefined)
    return {
      dose: `${iv.inputs.weightKg} kg × ${iv.inputs.mgPerKg} mg/kg = ${iv.doseMg} mg over ${iv.inputs.minutes} min`,
      preparation: `${iv.drawnVolumeMl} mL of ${iv.inputs.vialMgPerMl} mg/mL into ${iv.inputs.diluentMl} mL: ${iv.bagTotalMl} mL at ${iv.rateMlPerHour} mL/h (${iv.pump === 'bag' ? 'bag' : 'syringe pump'})`,
    };
  const f = c as FixedDoseCalculation;
  const perKg = `${f.mgPerKg} mg/kg of ${f.inputs.weightKg} kg`;
  if (f.route === 'IM')
    return {
      dose: `${f.doseMg} mg by intramuscular injection (${perKg})`,
      preparation: `${f.drawnVolumeMl ?? ''} mL drawn from a ${f.inputs.vialMgPerMl ?? ''} mg/mL vial, given as one injection`,
    };
  const amount = f.amount?.value ?? 0;
  const strength = f.inputs.strengthMg ?? 0;
  const form = f.inputs.form === undefined ? undefined : SUBLINGUAL_FORM_LABELS[f.inputs.form];
  return {
    dose: `${f.doseMg} mg oral/sublingual (${perKg})`,
    preparation:
      f.inputs.form === 'solution'
        ? `${amount} mL of a ${strength} mg/mL oral solution`
        : `${amount} ${plural(amount, form?.per ?? 'unit')} of ${strength} mg (${form?.name.toLowerCase() ?? 'compounded'})`,
  };
}
