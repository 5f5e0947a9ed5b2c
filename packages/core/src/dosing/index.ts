/**
 * Dosing: IV ketamine dose arithmetic with typed refusals. Also re-exports the `dosing`
 * protocol-configuration section it reads. (Pharmacokinetic simulation is in
 * `pharmacokinetics.ts`, exported from the package root.)
 *
 * @module dosing
 */
export {
  DOSE_REFUSAL_CODES,
  calculateDose,
  ivDoseRule,
  type DoseCalculation,
  type DoseConfig,
  type DoseInput,
  type DoseRefusal,
  type DoseRefusalCode,
  type DoseResult,
} from './calculate-dose.js';
export {
  FIXED_DOSE_REFUSAL_CODES,
  SUBLINGUAL_FORMS,
  SUBLINGUAL_FORM_LABELS,
  calculateFixedDose,
  fixedDoseRule,
  routeEnabled,
  type FixedDoseCalculation,
  type FixedDoseInput,
  type FixedDoseRefusal,
  type FixedDoseRefusalCode,
  type FixedDoseResult,
  type SublingualForm,
} from './fixed-dose.js';
export { doseOrderWords, ivDoseOf, type AnyDoseCalculation } from './dose-words.js';
export { dosingDefaults, validateDosingSection, type DosingSection } from '../protocol-config/sections/dosing.js';
