/**
 * Pharmacokinetic simulation of an IV ketamine infusion: the three-compartment Domino model
 * (clinical-facts.md section 8) for a constant-rate infusion, solved exactly.
 *
 * The linear system x' = A x + R e1 (amounts in the central and two peripheral compartments) has
 * the closed-form solution of a mammillary model: the central compartment's unit-bolus response is
 * a sum of three exponentials whose rates are the eigenvalues of A (roots of a cubic, found with
 * the trigonometric formula), and a constant-rate infusion integrates that response term by term.
 * No time-step loop: every concentration is an exact evaluation at its time.
 *
 * Every output is a population-model estimate, not a measured level: results carry
 * `estimate: 'population-model'` so that no screen can show them without saying so.
 *
 * @module dosing/pharmacokinetics
 */
import { fromSource, type Provenance } from '../protocol-config/provenance.js';
import { defineRule } from '../rules/rule.js';

/** Parameters of a three-compartment mammillary model; rate constants in 1/min. */
export interface ThreeCompartmentModel {
  /** Stable model id, e.g. `domino`. */
  readonly id: string;
  readonly title: string;
  /** Central volume per kg of body weight, L/kg (> 0). */
  readonly v1LitresPerKg: number;
  /** Elimination from the central compartment, 1/min (> 0). */
  readonly k10: number;
  /** Central to peripheral 1, 1/min (>= 0). */
  readonly k12: number;
  /** Central to peripheral 2, 1/min (>= 0). */
  readonly k13: number;
  /** Peripheral 1 to central, 1/min (> 0). */
  readonly k21: number;
  /** Peripheral 2 to central, 1/min (> 0). */
  readonly k31: number;
  readonly provenance: Provenance;
}

/**
 * The Domino three-compartment ketamine model (PMID 7198883) with the parameters as coded in the
 * open-source TCI library opentiva (`opentiva/ketamine.py`): V1 0.063 L/kg; k10 0.4381, k12 0.5921,
 * k13 0.5900, k21 0.2470, k31 0.0146 per min. The fact sheet notes they were not checked against
 * the paper.
 */
export const DOMINO_KETAMINE_MODEL: ThreeCompartmentModel = Object.freeze({
  id: 'domino',
  title: 'Domino three-compartment ketamine model',
  v1LitresPerKg: 0.063,
  k10: 0.4381,
  k12: 0.5921,
  k13: 0.59,
  k21: 0.247,
  k31: 0.0146,
  provenance: fromSource(['domino-1982', 'opentiva'], 'parameters as coded in opentiva, not checked against the paper'),
});

/** A constant-rate IV infusion. */
export interface PkInfusionInput {
  /** Body weight, kg (> 0). */
  readonly weightKg: number;
  /** Total dose, mg (> 0). */
  readonly doseMg: number;
  /** Infusion duration, minutes (> 0). */
  readonly durationMinutes: number;
}

/** One concentration estimate. */
export interface PkConcentrationPoint {
  /** Minutes since the infusion started (>= 0). */
  readonly minute: number;
  /** Plasma (central compartment) concentration, ng/mL (>= 0), unrounded. */
  readonly ngPerMl: number;
}

/** The exact solution of the model for one infusion. */
export interface PkSimulation {
  /** Always `population-model`: an estimate from a published population model, not a measurement. */
  readonly estimate: 'population-model';
  readonly model: string;
  readonly modelTitle: string;
  readonly input: PkInfusionInput;
  /** Disposition rates (eigenvalues), 1/min, fastest first. */
  readonly ratesPerMinute: readonly [number, number, number];
  /** Half-lives of the three phases, minutes, shortest first. */
  readonly halfLivesMinutes: readonly [number, number, number];
  /** Clearance V1 x k10, L/min. */
  readonly clearanceLitresPerMinute: number;
  /** Volume at steady state V1 (1 + k12/k21 + k13/k31), L. */
  readonly steadyStateVolumeLitres: number;
  /**
   * Peak plasma concentration: for a constant-rate infusion the central concentration rises while
   * the infusion runs and falls afterwards, so the peak is at the end of the infusion.
   */
  readonly peak: PkConcentrationPoint;
  /** Plasma concentration, ng/mL, at `minute` minutes after the start (minute >= 0). */
  concentrationAt: (minute: number) => number;
}

/** Identification of the PK simulation, as every rule carries. */
export const pharmacokineticsRule = defineRule({
  id: 'dosing.pharmacokinetics.domino',
  version: '1',
  title: 'Plasma ketamine concentration, three-compartment Domino model (population estimate)',
  sources: [fromSource(['domino-1982', 'opentiva'])],
  /** Simulates one infusion; see {@link simulateInfusion}. */
  evaluate: (input: PkInfusionInput): PkSimulation => simulateInfusion(input),
});

function assertPositiveFinite(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive finite number, got ${value}`);
}

/**
 * Eigenvalues of the 3-compartment system: the roots of
 * l^3 - a2 l^2 + a1 l - a0 = 0 (all real and positive for a mammillary model), by the
 * trigonometric solution of the cubic. Returned fastest first.
 */
function dispositionRates(m: ThreeCompartmentModel): [number, number, number] {
  const { k10, k12, k13, k21, k31 } = m;
  const a0 = k10 * k21 * k31;
  const a1 = k10 * k31 + k21 * k31 + k21 * k13 + k10 * k21 + k31 * k12;
  const a2 = k10 + k12 + k13 + k21 + k31;
  // Depressed cubic t^3 + p t + q = 0 with l = t + a2/3.
  const p = a1 - (a2 * a2) / 3;
  const q = (-2 * a2 * a2 * a2) / 27 + (a1 * a2) / 3 - a0;
  const r = Math.sqrt(-(p * p * p) / 27);
  const cosArg = Math.min(1, Math.max(-1, -q / (2 * r)));
  const phi = Math.acos(cosArg) / 3;
  const amp = 2 * Math.cbrt(r);
  const roots = [0, 1, 2].map((k) => amp * Math.cos(phi + (2 * Math.PI * k) / 3) + a2 / 3);
  roots.sort((x, y) => y - x);
  const [l1, l2, l3] = roots as [number, number, number];
  if (!(l3 > 0) || l1 - l2 < 1e-12 || l2 - l3 < 1e-12) {
    throw new RangeError(`model ${m.id}: disposition rates must be distinct and positive`);
  }
  return [l1, l2, l3];
}

/**
 * Simulates a constant-rate IV infusion with a three-compartment model, exactly.
 *
 * Concentration for t <= T (T the duration, R = dose / T):
 * C(t) = sum_i R c_i / l_i (1 - e^(-l_i t)); for t > T: sum_i R c_i / l_i (1 - e^(-l_i T)) e^(-l_i (t - T)),
 * where c_i = (k21 - l_i)(k31 - l_i) / (V1 (l_j - l_i)(l_k - l_i)) is the unit-bolus coefficient.
 *
 * @param input weight (kg), dose (mg) and duration (min), each a positive finite number
 * @param model defaults to {@link DOMINO_KETAMINE_MODEL}
 * @returns a population-model estimate; concentrations in ng/mL
 * @throws RangeError when an input is not a positive finite number
 */
export function simulateInfusion(input: PkInfusionInput, model: ThreeCompartmentModel = DOMINO_KETAMINE_MODEL): PkSimulation {
  assertPositiveFinite(input.weightKg, 'weightKg');
  assertPositiveFinite(input.doseMg, 'doseMg');
  assertPositiveFinite(input.durationMinutes, 'durationMinutes');
  const v1 = model.v1LitresPerKg * input.weightKg; // L
  const rates = dispositionRates(model);
  const rateMgPerMin = input.doseMg / input.durationMinutes;
  const T = input.durationMinutes;
  // mg/L = µg/mL; x 1000 gives ng/mL.
  const terms = rates.map((li, i) => {
    const lj = rates[(i + 1) % 3] as number;
    const lk = rates[(i + 2) % 3] as number;
    const c = ((model.k21 - li) * (model.k31 - li)) / (v1 * (lj - li) * (lk - li));
    return { rate: li, coefficient: (rateMgPerMin * c * 1000) / li };
  });
  const concentrationAt = (minute: number): number => {
    if (!Number.isFinite(minute) || minute < 0) throw new RangeError(`minute must be >= 0, got ${minute}`);
    let sum = 0;
    for (const { rate, coefficient } of terms) {
      sum +=
        minute <= T ? coefficient * -Math.expm1(-rate * minute) : coefficient * -Math.expm1(-rate * T) * Math.exp(-rate * (minute - T));
    }
    return Math.max(0, sum);
  };
  const half = rates.map((l) => Math.LN2 / l) as [number, number, number];
  return Object.freeze({
    estimate: 'population-model' as const,
    model: model.id,
    modelTitle: model.title,
    input: Object.freeze({ ...input }),
    ratesPerMinute: Object.freeze<[number, number, number]>(rates),
    halfLivesMinutes: Object.freeze<[number, number, number]>(half),
    clearanceLitresPerMinute: v1 * model.k10,
    steadyStateVolumeLitres: v1 * (1 + model.k12 / model.k21 + model.k13 / model.k31),
    peak: Object.freeze({ minute: T, ngPerMl: concentrationAt(T) }),
    concentrationAt,
  });
}

/**
 * The time after which the plasma concentration stays at or below `levelNgPerMl`: the concentration
 * rises during the infusion and falls monotonically after it, so this is the one crossing after
 * the peak, found by bisection on the exact solution to within 1e-6 min.
 *
 * @param sim a simulation from {@link simulateInfusion}
 * @param levelNgPerMl a positive level, ng/mL
 * @returns minutes since the infusion start; 0 when the concentration never exceeds the level
 * @throws RangeError when the level is not a positive finite number
 */
export function findMinuteBelow(sim: PkSimulation, levelNgPerMl: number): number {
  assertPositiveFinite(levelNgPerMl, 'levelNgPerMl');
  if (sim.peak.ngPerMl <= levelNgPerMl) return 0;
  let lo = sim.peak.minute;
  let hi = lo + 1;
  while (sim.concentrationAt(hi) > levelNgPerMl) {
    lo = hi;
    hi = sim.peak.minute + (hi - sim.peak.minute) * 2;
  }
  while (hi - lo > 1e-6) {
    const mid = (lo + hi) / 2;
    if (sim.concentrationAt(mid) > levelNgPerMl) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Concentrations at whole minutes 0..`untilMinute` inclusive, unrounded.
 *
 * @param sim a simulation from {@link simulateInfusion}
 * @param untilMinute last minute, a whole number >= 0
 */
export function sampleEveryMinute(sim: PkSimulation, untilMinute: number): PkConcentrationPoint[] {
  if (!Number.isInteger(untilMinute) || untilMinute < 0)
    throw new RangeError(`untilMinute must be a whole number >= 0, got ${untilMinute}`);
  const out: PkConcentrationPoint[] = [];
  for (let minute = 0; minute <= untilMinute; minute += 1) out.push({ minute, ngPerMl: sim.concentrationAt(minute) });
  return out;
}
