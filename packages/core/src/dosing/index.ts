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
export { dosingDefaults, validateDosingSection, type DosingSection } from '../protocol-config/sections/dosing.js';
