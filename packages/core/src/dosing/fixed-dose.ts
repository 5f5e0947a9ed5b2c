/**
 * Ketamine doses by the routes without a calculator (protocol-defaults.md "Dosing": IM and
 * oral/sublingual routes are "recorded with their dose; no calculator defaults"): the prescriber
 * enters the dose in mg with the product, and core checks it and works out what to give.
 *
 * - IM: the vial drawn from (a label strength the site stocks); the volume drawn is dose / vial
 *   strength, rounded to 0.01 mL.
 * - Oral/sublingual: the compounded product's form (troche, tablet, film, or a solution) and its
 *   strength (mg per troche, tablet or film; mg/mL for a solution); the amount is dose / strength,
 *   rounded to 0.01 of a unit (or mL).
 *
 * Every route: the dose's mg/kg of the latest weight (shown beside the mg, 0.01 mg/kg) is checked
 * against the site maximum (exactly it is accepted), and the weight against its plausible range and
 * age, as for an IV dose. No minimum and no default dose apply: none is published for these routes.
 *
 * @module
 */
import { daysBetweenIsoDates, isoDateToDayNumber } from '../calendar/iso-date.js';
import { dosingDefaults } from '../protocol-config/sections/dosing.js';
import { defineRule } from '../rules/rule.js';
import { compare, divideRounded, multiply, roundDecimal, toDecimal, toNumber } from './decimal.js';
import type { DoseConfig } from './calculate-dose.js';

/** The compounded forms of an oral/sublingual dose. */
export const SUBLINGUAL_FORMS = ['troche', 'tablet', 'film', 'solution'] as const;
export type SublingualForm = (typeof SUBLINGUAL_FORMS)[number];

/** Plain words for each form, with the unit its strength is per. */
export const SUBLINGUAL_FORM_LABELS: Readonly<Record<SublingualForm, { readonly name: string; readonly per: string }>> = Object.freeze({
  troche: { name: 'Troche', per: 'troche' },
  tablet: { name: 'Sublingual tablet', per: 'tablet' },
  film: { name: 'Sublingual film', per: 'film' },
  solution: { name: 'Oral solution', per: 'mL' },
});

/** Refusal codes of a fixed dose, in the order they are checked (the first that applies wins). */
export const FIXED_DOSE_REFUSAL_CODES = Object.freeze([
  'ROUTE_NOT_ENABLED',
  'INVALID_INPUT',
  'PRODUCT_INCOMPLETE',
  'VIAL_UNKNOWN',
  'VIAL_NOT_STOCKED',
  'WEIGHT_IMPLAUSIBLE',
  'WEIGHT_STALE',
  'DOSE_ABOVE_MAXIMUM',
] as const);
export type FixedDoseRefusalCode = (typeof FIXED_DOSE_REFUSAL_CODES)[number];

/** What a fixed dose is checked and worked out from. */
export interface FixedDoseInput {
  readonly route: 'IM' | 'SL';
  /** The dose the prescriber orders, mg (> 0; rounded to 0.1 mg). */
  readonly doseMg: number;
  /** Dosing weight, kg. */
  readonly weightKg: number;
  /** Date the weight was measured, `YYYY-MM-DD`; needs `asOf`. */
  readonly weightMeasuredOn?: string;
  /** IM: the strength of the vial drawn from, mg/mL. */
  readonly vialMgPerMl?: number;
  /** Oral/sublingual: the compounded form. */
  readonly form?: SublingualForm;
  /** Oral/sublingual: mg per troche, tablet or film, or mg/mL of a solution. */
  readonly strengthMg?: number;
}

/** Every number of a fixed dose, so a page can show the whole of it. */
export interface FixedDoseCalculation {
  readonly route: 'IM' | 'SL';
  readonly inputs: FixedDoseInput & { readonly asOf?: string };
  /** Dose, mg, rounded to 0.1 mg. */
  readonly doseMg: number;
  /** The dose per kg of the dosing weight, mg/kg, rounded to 0.01. */
  readonly mgPerKg: number;
  /** IM: volume drawn from the vial, mL (0.01). */
  readonly drawnVolumeMl?: number;
  /** Oral/sublingual: how many troches, tablets or films, or mL of solution (0.01). */
  readonly amount?: { readonly value: number; readonly per: string };
  readonly weightAgeDays?: number;
  /** An independent double check by a second licensed user is required before the dose is given. */
  readonly doubleCheckRequired: boolean;
  readonly limits: {
    readonly maximumMgPerKg: number;
    readonly weightKg: { readonly min: number; readonly max: number };
    readonly weightMaxAgeDays: number;
  };
}

export interface FixedDoseRefusal {
  readonly code: FixedDoseRefusalCode;
  readonly message: string;
  /** The input field concerned, e.g. `strengthMg`. */
  readonly field?: string;
}

export type FixedDoseResult =
  { readonly ok: true; readonly calculation: FixedDoseCalculation } | { readonly ok: false; readonly refusal: FixedDoseRefusal };

const refuse = (code: FixedDoseRefusalCode, message: string, field?: string): FixedDoseResult => ({
  ok: false,
  refusal: field === undefined ? { code, message } : { code, message, field },
});

/** Whether the site's protocol offers `route` (its `dosing.routesEnabled`). */
export const routeEnabled = (config: DoseConfig, route: string): boolean => config.dosing.routesEnabled.value.includes(route);

/**
 * Checks an IM or oral/sublingual dose and works out what to give, or refuses it.
 *
 * Checks, in order: ROUTE_NOT_ENABLED (the site does not offer the route) -> INVALID_INPUT (a
 * non-finite number, a dose of 0 or less, a malformed or future weight date, a weight date without
 * `asOf`) -> PRODUCT_INCOMPLETE (IM without its vial; oral/sublingual without its form or a
 * strength above 0) -> VIAL_UNKNOWN -> VIAL_NOT_STOCKED (IM) -> WEIGHT_IMPLAUSIBLE -> WEIGHT_STALE
 * -> DOSE_ABOVE_MAXIMUM (dose mg above the site maximum mg/kg x weight; exactly it is accepted).
 *
 * @param asOf the dose date, `YYYY-MM-DD`; needed when the weight has a measurement date
 */
export function calculateFixedDose(input: FixedDoseInput, config: DoseConfig, asOf?: string): FixedDoseResult {
  const cfg = config.dosing;
  if (!routeEnabled(config, input.route))
    return refuse(
      'ROUTE_NOT_ENABLED',
      `the site does not offer the ${input.route} route (offered: ${cfg.routesEnabled.value.join(', ')})`,
      'route',
    );
  const numbers: [keyof FixedDoseInput, unknown][] = [
    ['doseMg', input.doseMg],
    ['weightKg', input.weightKg],
    ...(input.vialMgPerMl === undefined ? [] : [['vialMgPerMl', input.vialMgPerMl] as [keyof FixedDoseInput, unknown]]),
    ...(input.strengthMg === undefined ? [] : [['strengthMg', input.strengthMg] as [keyof FixedDoseInput, unknown]]),
  ];
  for (const [field, value] of numbers)
    if (typeof value !== 'number' || !Number.isFinite(value))
      return refuse('INVALID_INPUT', `${field}: ${String(value)} is not a number`, field);
  if (!(input.doseMg > 0)) return refuse('INVALID_INPUT', `doseMg: ${input.doseMg} mg must be above 0`, 'doseMg');
  if (asOf !== undefined && isoDateToDayNumber(asOf) === undefined)
    return refuse('INVALID_INPUT', `asOf: "${asOf}" is not a YYYY-MM-DD date`, 'asOf');
  let weightAgeDays: number | undefined;
  if (input.weightMeasuredOn !== undefined) {
    if (isoDateToDayNumber(input.weightMeasuredOn) === undefined)
      return refuse('INVALID_INPUT', `weightMeasuredOn: "${input.weightMeasuredOn}" is not a YYYY-MM-DD date`, 'weightMeasuredOn');
    if (asOf === undefined)
      return refuse('INVALID_INPUT', 'weightMeasuredOn needs asOf (the dose date) to check the age of the weight', 'asOf');
    weightAgeDays = daysBetweenIsoDates(input.weightMeasuredOn, asOf);
    if (weightAgeDays < 0)
      return refuse('INVALID_INPUT', `weightMeasuredOn: ${input.weightMeasuredOn} is after asOf ${asOf}`, 'weightMeasuredOn');
  }

  if (input.route === 'IM') {
    if (input.vialMgPerMl === undefined)
      return refuse('PRODUCT_INCOMPLETE', 'an intramuscular dose names the vial strength it is drawn from', 'vialMgPerMl');
    const vials = cfg.vialStrengthsMgPerMl.value;
    if (!vials.includes(input.vialMgPerMl))
      return refuse('VIAL_UNKNOWN', `vial strength ${input.vialMgPerMl} mg/mL is not one of ${vials.join(', ')} mg/mL`, 'vialMgPerMl');
    const stocked = cfg.vialStrengthsStockedMgPerMl.value;
    if (!stocked.includes(input.vialMgPerMl))
      return refuse(
        'VIAL_NOT_STOCKED',
        `vial strength ${input.vialMgPerMl} mg/mL is not stocked at this site (stocked: ${stocked.join(', ')} mg/mL)`,
        'vialMgPerMl',
      );
  } else {
    if (input.form === undefined) return refuse('PRODUCT_INCOMPLETE', 'an oral/sublingual dose names its compounded form', 'form');
    if (input.strengthMg === undefined || !(input.strengthMg > 0))
      return refuse(
        'PRODUCT_INCOMPLETE',
        `an oral/sublingual dose names its product's strength (mg per ${SUBLINGUAL_FORM_LABELS[input.form].per})`,
        'strengthMg',
      );
  }

  const weight = { min: cfg.plausibleWeightKg.min.value, max: cfg.plausibleWeightKg.max.value };
  if (input.weightKg < weight.min || input.weightKg > weight.max)
    return refuse(
      'WEIGHT_IMPLAUSIBLE',
      `weight ${input.weightKg} kg is outside the plausible ${weight.min} to ${weight.max} kg: re-weigh the patient`,
      'weightKg',
    );
  const maxAge = cfg.weightMaxAgeDays.value;
  if (weightAgeDays !== undefined && weightAgeDays > maxAge)
    return refuse(
      'WEIGHT_STALE',
      `weight measured ${input.weightMeasuredOn ?? ''} is ${weightAgeDays} days old at ${asOf ?? ''}; the limit is ${maxAge} days: re-weigh the patient`,
      'weightMeasuredOn',
    );

  const r = cfg.rounding;
  const dose = roundDecimal(toDecimal(input.doseMg), r.doseMgDecimals.value);
  const maximum = cfg.siteMaximumMgPerKg.value;
  // Exactly: the dose against maximum x weight, never a rounded mg/kg.
  if (compare(dose, multiply(toDecimal(maximum), toDecimal(input.weightKg))) > 0) {
    const perKg = toNumber(divideRounded(dose, toDecimal(input.weightKg), 2));
    return refuse(
      'DOSE_ABOVE_MAXIMUM',
      `${toNumber(dose)} mg is ${perKg} mg/kg of ${input.weightKg} kg, above the site maximum of ${maximum} mg/kg (${toNumber(multiply(toDecimal(maximum), toDecimal(input.weightKg)))} mg)`,
      'doseMg',
    );
  }
  const mgPerKg = toNumber(divideRounded(dose, toDecimal(input.weightKg), 2));
  const volumeDecimals = r.volumeMlDecimals.value;
  const calculation: FixedDoseCalculation = {
    route: input.route,
    inputs: asOf === undefined ? { ...input } : { ...input, asOf },
    doseMg: toNumber(dose),
    mgPerKg,
    ...(input.route === 'IM'
      ? { drawnVolumeMl: toNumber(divideRounded(dose, toDecimal(input.vialMgPerMl as number), volumeDecimals)) }
      : {
          amount: {
            value: toNumber(divideRounded(dose, toDecimal(input.strengthMg as number), volumeDecimals)),
            per: SUBLINGUAL_FORM_LABELS[input.form as SublingualForm].per,
          },
        }),
    ...(weightAgeDays === undefined ? {} : { weightAgeDays }),
    doubleCheckRequired: cfg.independentDoubleCheckRequired.value,
    limits: { maximumMgPerKg: maximum, weightKg: weight, weightMaxAgeDays: maxAge },
  };
  return { ok: true, calculation };
}

/** The fixed dose of the IM and oral/sublingual routes as a rule. */
export const fixedDoseRule = defineRule({
  id: 'fixed-dose',
  version: '1',
  title:
    'Intramuscular or oral/sublingual ketamine dose entered in mg: checked against the site maximum mg/kg, the amount to give worked out',
  sources: [
    dosingDefaults.routesEnabled.provenance,
    dosingDefaults.siteMaximumMgPerKg.provenance,
    dosingDefaults.weightMaxAgeDays.provenance,
    dosingDefaults.plausibleWeightKg.min.provenance,
    dosingDefaults.vialStrengthsMgPerMl.provenance,
    dosingDefaults.vialStrengthsStockedMgPerMl.provenance,
  ],
  evaluate: calculateFixedDose,
});
