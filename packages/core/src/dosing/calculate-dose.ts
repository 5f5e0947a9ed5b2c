/**
 * IV ketamine dose arithmetic (protocol-defaults.md "Dosing"; cli-contract.md "dose"):
 * dose mg = weight kg x mg/kg; drawn volume mL = dose / vial strength; bag total mL = diluent mL +
 * drawn volume; pump rate mL/h = bag total x 60 / minutes (diluent 0 means a syringe pump).
 * Each step is rounded half away from zero in decimal and computed from the previous rounded
 * value. Refusals come with typed codes, checked in a fixed order; the first that applies wins.
 *
 * @module
 */
import type { Param } from '../protocol-config/param.js';
import { dosingDefaults, type DosingSection } from '../protocol-config/sections/dosing.js';
import { defineRule } from '../rules/rule.js';
import { daysBetweenIsoDates, isoDateToDayNumber } from '../calendar/iso-date.js';
import { add, compare, divideRounded, multiply, roundDecimal, toDecimal, toNumber, type Decimal } from './decimal.js';

/** Refusal codes, in the order they are checked (the first that applies wins). */
export const DOSE_REFUSAL_CODES = Object.freeze([
  'INVALID_INPUT',
  'VIAL_UNKNOWN',
  'VIAL_NOT_STOCKED',
  'DURATION_OUT_OF_RANGE',
  'WEIGHT_IMPLAUSIBLE',
  'WEIGHT_STALE',
  'DOSE_BELOW_MINIMUM',
  'DOSE_ABOVE_MAXIMUM',
  'UNDILUTED_IV',
] as const);

/** Why a dose was refused. */
export type DoseRefusalCode = (typeof DOSE_REFUSAL_CODES)[number];

/** What a dose is calculated from. */
export interface DoseInput {
  /** Dosing weight, kg (plausible 30 to 250, both accepted). */
  readonly weightKg: number;
  /** Ordered dose, mg per kg of dosing weight (> 0; 0.1 to the site maximum). */
  readonly mgPerKg: number;
  /** Infusion duration, minutes (20 to 120, both accepted). */
  readonly minutes: number;
  /** Strength of the ketamine vial drawn from, mg/mL (10, 50 or 100, and stocked by the site). */
  readonly vialMgPerMl: number;
  /** Diluent in the bag, mL (>= 0; 0 means a syringe pump). */
  readonly diluentMl: number;
  /** Date the weight was measured, `YYYY-MM-DD`; needs `asOf`. */
  readonly weightMeasuredOn?: string;
}

/** Every number of a calculated dose, so a page can show the whole calculation. */
export interface DoseCalculation {
  /** The input as given. */
  readonly inputs: DoseInput & { readonly asOf?: string };
  /** Dose, mg, rounded to 0.1 mg. */
  readonly doseMg: number;
  /** Volume drawn from the vial, mL, rounded to 0.01 mL. */
  readonly drawnVolumeMl: number;
  /** Diluent plus drawn volume, mL, rounded to 0.01 mL. */
  readonly bagTotalMl: number;
  /** Pump rate, mL/h, rounded to 0.1 mL/h. */
  readonly rateMlPerHour: number;
  /** `syringe` when there is no diluent, else `bag`. */
  readonly pump: 'syringe' | 'bag';
  /** Age of the weight at `asOf`, days (absent when no measurement date was given). */
  readonly weightAgeDays?: number;
  /** An independent double check by a second licensed user is required before the infusion. */
  readonly doubleCheckRequired: boolean;
  /** The limits the dose was checked against. */
  readonly limits: {
    /** Lowest accepted dose, mg/kg. */
    readonly minimumMgPerKg: number;
    /** Site maximum, mg/kg (exactly it is accepted). */
    readonly maximumMgPerKg: number;
    /** Plausible weight range, kg, inclusive. */
    readonly weightKg: { readonly min: number; readonly max: number };
    /** Longest accepted age of the weight, days. */
    readonly weightMaxAgeDays: number;
    /** Accepted durations, minutes, inclusive. */
    readonly minutes: { readonly min: number; readonly max: number };
  };
}

/** A refused dose: a typed code, a message a nurse can act on, and the input field concerned. */
export interface DoseRefusal {
  readonly code: DoseRefusalCode;
  readonly message: string;
  /** The input field the refusal is about, e.g. `weightKg`. */
  readonly field?: string;
}

/** Either every number of the calculation, or the first refusal that applies. */
export type DoseResult =
  { readonly ok: true; readonly calculation: DoseCalculation } | { readonly ok: false; readonly refusal: DoseRefusal };

/** The configuration the dose calculator reads: the `dosing` section. */
export interface DoseConfig {
  readonly dosing: DosingSection;
}

function bounds(p: Param<number>, path: string): { min: number; max: number } {
  if (p.min === undefined || p.max === undefined) throw new RangeError(`protocol configuration ${path} has no min/max range`);
  return { min: p.min, max: p.max };
}

function refuse(code: DoseRefusalCode, message: string, field?: string): DoseResult {
  return { ok: false, refusal: field === undefined ? { code, message } : { code, message, field } };
}

const SIXTY: Decimal = { units: 60n, scale: 0 };

/**
 * Calculates an IV ketamine dose, or refuses it.
 *
 * Checks, in order (the first that applies wins): INVALID_INPUT (a non-finite number, mg/kg of 0
 * or less, negative diluent, a malformed date, `weightMeasuredOn` without `asOf`, or measured after
 * `asOf`) -> VIAL_UNKNOWN -> VIAL_NOT_STOCKED (a label strength the site does not stock) -> DURATION_OUT_OF_RANGE -> WEIGHT_IMPLAUSIBLE -> WEIGHT_STALE (measured
 * more than the site limit of days before `asOf`; exactly the limit is accepted) ->
 * DOSE_BELOW_MINIMUM -> DOSE_ABOVE_MAXIMUM (exactly the maximum is accepted) -> UNDILUTED_IV (the
 * undiluted-forbidden strength with diluent smaller than the rounded drawn volume).
 *
 * @param input what the dose is calculated from (kg, mg/kg, min, mg/mL, mL)
 * @param config the protocol configuration (its `dosing` section)
 * @param asOf the dose date, `YYYY-MM-DD`; needed when the weight has a measurement date
 */
export function calculateDose(input: DoseInput, config: DoseConfig, asOf?: string): DoseResult {
  const cfg = config.dosing;
  const numbers: [keyof DoseInput, number][] = [
    ['weightKg', input.weightKg],
    ['mgPerKg', input.mgPerKg],
    ['minutes', input.minutes],
    ['vialMgPerMl', input.vialMgPerMl],
    ['diluentMl', input.diluentMl],
  ];
  for (const [field, value] of numbers) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return refuse('INVALID_INPUT', `${field}: ${String(value)} is not a number`, field);
  }
  if (!(input.mgPerKg > 0)) return refuse('INVALID_INPUT', `mgPerKg: ${input.mgPerKg} mg/kg must be above 0`, 'mgPerKg');
  if (!(input.diluentMl >= 0)) return refuse('INVALID_INPUT', `diluentMl: ${input.diluentMl} mL must be 0 or more`, 'diluentMl');
  if (asOf !== undefined && isoDateToDayNumber(asOf) === undefined) {
    return refuse('INVALID_INPUT', `asOf: "${asOf}" is not a YYYY-MM-DD date`, 'asOf');
  }
  let weightAgeDays: number | undefined;
  if (input.weightMeasuredOn !== undefined) {
    if (isoDateToDayNumber(input.weightMeasuredOn) === undefined) {
      return refuse('INVALID_INPUT', `weightMeasuredOn: "${input.weightMeasuredOn}" is not a YYYY-MM-DD date`, 'weightMeasuredOn');
    }
    if (asOf === undefined) {
      return refuse('INVALID_INPUT', 'weightMeasuredOn needs asOf (the dose date) to check the age of the weight', 'asOf');
    }
    weightAgeDays = daysBetweenIsoDates(input.weightMeasuredOn, asOf);
    if (weightAgeDays < 0) {
      return refuse('INVALID_INPUT', `weightMeasuredOn: ${input.weightMeasuredOn} is after asOf ${asOf}`, 'weightMeasuredOn');
    }
  }

  const vials = cfg.vialStrengthsMgPerMl.value;
  if (!vials.includes(input.vialMgPerMl)) {
    return refuse('VIAL_UNKNOWN', `vial strength ${input.vialMgPerMl} mg/mL is not one of ${vials.join(', ')} mg/mL`, 'vialMgPerMl');
  }
  const stocked = cfg.vialStrengthsStockedMgPerMl.value;
  if (!stocked.includes(input.vialMgPerMl)) {
    return refuse(
      'VIAL_NOT_STOCKED',
      `vial strength ${input.vialMgPerMl} mg/mL is not stocked at this site (stocked: ${stocked.join(', ')} mg/mL)`,
      'vialMgPerMl',
    );
  }

  const minutes = bounds(cfg.infusionMinutes, 'dosing.infusionMinutes');
  if (input.minutes < minutes.min || input.minutes > minutes.max) {
    return refuse(
      'DURATION_OUT_OF_RANGE',
      `infusion duration ${input.minutes} min is outside ${minutes.min} to ${minutes.max} min`,
      'minutes',
    );
  }

  const weight = { min: cfg.plausibleWeightKg.min.value, max: cfg.plausibleWeightKg.max.value };
  if (input.weightKg < weight.min || input.weightKg > weight.max) {
    return refuse(
      'WEIGHT_IMPLAUSIBLE',
      `weight ${input.weightKg} kg is outside the plausible ${weight.min} to ${weight.max} kg: re-weigh the patient`,
      'weightKg',
    );
  }

  const maxAge = cfg.weightMaxAgeDays.value;
  if (weightAgeDays !== undefined && weightAgeDays > maxAge) {
    return refuse(
      'WEIGHT_STALE',
      `weight measured ${input.weightMeasuredOn ?? ''} is ${weightAgeDays} days old at ${asOf ?? ''}; the limit is ${maxAge} days: re-weigh the patient`,
      'weightMeasuredOn',
    );
  }

  const minimum = cfg.doseMinimumMgPerKg.value;
  if (input.mgPerKg < minimum) {
    return refuse('DOSE_BELOW_MINIMUM', `${input.mgPerKg} mg/kg is below the minimum of ${minimum} mg/kg`, 'mgPerKg');
  }
  const maximum = cfg.siteMaximumMgPerKg.value;
  if (input.mgPerKg > maximum) {
    return refuse('DOSE_ABOVE_MAXIMUM', `${input.mgPerKg} mg/kg is above the site maximum of ${maximum} mg/kg`, 'mgPerKg');
  }

  const r = cfg.rounding;
  const dose = roundDecimal(multiply(toDecimal(input.weightKg), toDecimal(input.mgPerKg)), r.doseMgDecimals.value);
  const drawn = divideRounded(dose, toDecimal(input.vialMgPerMl), r.volumeMlDecimals.value);
  const bag = roundDecimal(add(toDecimal(input.diluentMl), drawn), r.volumeMlDecimals.value);
  const rate = divideRounded(multiply(bag, SIXTY), toDecimal(input.minutes), r.rateMlPerHourDecimals.value);

  if (input.vialMgPerMl === cfg.undilutedForbiddenMgPerMl.value) {
    const needed = multiply(drawn, toDecimal(cfg.minimumDiluentRatio.value));
    if (compare(toDecimal(input.diluentMl), needed) < 0) {
      return refuse(
        'UNDILUTED_IV',
        `${input.vialMgPerMl} mg/mL must not be given IV undiluted: diluent ${input.diluentMl} mL is less than the drawn volume ${toNumber(needed)} mL`,
        'diluentMl',
      );
    }
  }

  const calculation: DoseCalculation = {
    inputs: asOf === undefined ? { ...input } : { ...input, asOf },
    doseMg: toNumber(dose),
    drawnVolumeMl: toNumber(drawn),
    bagTotalMl: toNumber(bag),
    rateMlPerHour: toNumber(rate),
    pump: input.diluentMl === 0 ? 'syringe' : 'bag',
    ...(weightAgeDays === undefined ? {} : { weightAgeDays }),
    doubleCheckRequired: cfg.independentDoubleCheckRequired.value,
    limits: {
      minimumMgPerKg: minimum,
      maximumMgPerKg: maximum,
      weightKg: weight,
      weightMaxAgeDays: maxAge,
      minutes,
    },
  };
  return { ok: true, calculation };
}

/** The IV dose calculation as a rule: id, version, title, sources and {@link calculateDose}. */
export const ivDoseRule = defineRule({
  id: 'iv-dose',
  // 2: VIAL_NOT_STOCKED for a label strength the site does not stock
  version: '2',
  title: 'IV ketamine dose, volumes and pump rate from weight, mg/kg, duration and vial',
  sources: [
    dosingDefaults.doseMgPerKg.provenance,
    dosingDefaults.doseMinimumMgPerKg.provenance,
    dosingDefaults.siteMaximumMgPerKg.provenance,
    dosingDefaults.infusionMinutes.provenance,
    dosingDefaults.weightMaxAgeDays.provenance,
    dosingDefaults.plausibleWeightKg.min.provenance,
    dosingDefaults.vialStrengthsMgPerMl.provenance,
    dosingDefaults.vialStrengthsStockedMgPerMl.provenance,
    dosingDefaults.undilutedForbiddenMgPerMl.provenance,
  ],
  evaluate: calculateDose,
});
