/**
 * Protocol-configuration section `dosing`: the numbers of the IV ketamine dose calculator
 * (protocol-defaults.md "Dosing").
 *
 * Where a row of protocol-defaults.md names both the program brief and published sources, the
 * provenance is `source` (the citations can be checked) and its note says the brief agrees.
 *
 * @module
 */
import type { ConfigIssue } from '../issues.js';
import { configIssue } from '../issues.js';
import { param, type Param } from '../param.js';
import { fromSource, siteDefault } from '../provenance.js';
import { DOSING_ROUTES } from '../../session/routes.js';

/** Type of the `dosing` section. */
export interface DosingSection {
  /** Default IV dose, mg/kg (site may set 0.1 to 1.5, and never above its maximum). */
  readonly doseMgPerKg: Param<number>;
  /** Lowest dose the calculator accepts, mg/kg. */
  readonly doseMinimumMgPerKg: Param<number>;
  /** Site maximum IV dose per session, mg/kg (exactly it is accepted). */
  readonly siteMaximumMgPerKg: Param<number>;
  /** Default infusion duration, min; its `min`/`max` are the accepted durations. */
  readonly infusionMinutes: Param<number>;
  /** Longest accepted age of the dosing weight, days. */
  readonly weightMaxAgeDays: Param<number>;
  /** Plausible dosing weight, kg, both bounds inclusive. */
  readonly plausibleWeightKg: { readonly min: Param<number>; readonly max: Param<number> };
  /** Known vial strengths, mg/mL (the label's). */
  readonly vialStrengthsMgPerMl: Param<readonly number[]>;
  /** The vial strengths the site stocks, mg/mL: a non-empty subset of {@link DosingSection.vialStrengthsMgPerMl}. */
  readonly vialStrengthsStockedMgPerMl: Param<readonly number[]>;
  /** Diluent volume of the bag, mL of 0.9% sodium chloride (0 means a syringe pump with no diluent). */
  readonly diluentMl: Param<number>;
  /** Vial strength never given IV undiluted, mg/mL. */
  readonly undilutedForbiddenMgPerMl: Param<number>;
  /** Least diluent mL per drawn mL for that strength (1 = an equal volume). */
  readonly minimumDiluentRatio: Param<number>;
  /** Whether an independent double check by a second licensed user is required. */
  readonly independentDoubleCheckRequired: Param<boolean>;
  /**
   * The routes the site gives ketamine by (`IV`, `IM`, `SL` for oral/sublingual): a non-empty
   * subset. A dose order by another route is refused.
   */
  readonly routesEnabled: Param<readonly string[]>;
  /**
   * Pump rate changes within this many percent of the ordered rate may be made by any licensed
   * user with a reason; beyond it only by a prescriber through step-up (%, inclusive).
   */
  readonly rateChangeTolerancePercent: Param<number>;
  /** Decimal places of each rounded step (dose mg, volumes mL, rate mL/h). */
  readonly rounding: {
    readonly doseMgDecimals: Param<number>;
    readonly volumeMlDecimals: Param<number>;
    readonly rateMlPerHourDecimals: Param<number>;
  };
}

/** Defaults of the `dosing` section. Leaves are `Param`s; logic reads `.value`. */
export const dosingDefaults: DosingSection = Object.freeze({
  /**
   * Default IV ketamine dose in mg/kg of dosing weight. A site may set 0.1 up to its own
   * maximum ({@link dosingDefaults.siteMaximumMgPerKg}).
   */
  doseMgPerKg: param(
    0.5,
    'mg/kg',
    fromSource(['feder-2014', 'feder-2021', 'askp3-2020'], 'program brief 0.5 mg/kg; ASKP3 starting dose 0.5 to 1 mg/kg'),
    { min: 0.1, max: 1.5 },
  ),
  /**
   * Lowest dose the calculator accepts, mg/kg (DOSE_BELOW_MINIMUM below it): the lower bound of
   * the range protocol-defaults.md lets a site set the dose in.
   */
  doseMinimumMgPerKg: param(0.1, 'mg/kg', /* protocol-defaults.md "Dosing" */ siteDefault('lowest dose a site may set'), {
    min: 0.1,
    max: 0.5,
  }),
  /** Site maximum IV dose per session, mg/kg (DOSE_ABOVE_MAXIMUM above it; exactly it is accepted). */
  siteMaximumMgPerKg: param(1.0, 'mg/kg', siteDefault('ASKP3 allows escalation above the 0.5 to 1 mg/kg start'), {
    min: 0.5,
    max: 1.5,
  }),
  /**
   * IV infusion duration, minutes. Default 40; the calculator refuses durations outside this
   * Param's `min`..`max` (20 to 120 min, both accepted) as DURATION_OUT_OF_RANGE.
   */
  infusionMinutes: param(40, 'min', fromSource(['feder-2014', 'feder-2021', 'askp3-2020'], 'program brief 40 min; ASKP3 40 to 60 min'), {
    min: 20,
    max: 120,
  }),
  /**
   * Dosing weight: measured body weight at most this many days before the dose date (days;
   * WEIGHT_STALE when older; exactly the limit is accepted). A site may set 1 to 90.
   */
  weightMaxAgeDays: param(30, 'day', siteDefault(), { min: 1, max: 90 }),
  /** Plausible dosing weight, kg, both bounds accepted (WEIGHT_IMPLAUSIBLE outside). */
  plausibleWeightKg: Object.freeze({
    /** Lowest plausible weight, kg (inclusive). */
    min: param(30, 'kg', siteDefault()),
    /** Highest plausible weight, kg (inclusive). */
    max: param(250, 'kg', siteDefault()),
  }),
  /** Ketamine vial strengths the calculator knows, mg/mL (VIAL_UNKNOWN for any other). */
  vialStrengthsMgPerMl: param<readonly number[]>(
    Object.freeze([10, 50, 100]),
    'mg/mL',
    fromSource(['ketalar-label'], 'Ketalar vials 10, 50 and 100 mg/mL'),
  ),
  /**
   * Vial strengths the site stocks, mg/mL (VIAL_NOT_STOCKED for a known strength not stocked); the
   * dose form offers only these. Default: all three of the label's.
   */
  vialStrengthsStockedMgPerMl: param<readonly number[]>(
    Object.freeze([10, 50, 100]),
    'mg/mL',
    siteDefault("the site chooses which of the label's strengths it stocks (default all three)"),
  ),
  /** Diluent of the bag, mL of 0.9% sodium chloride; 0 means a syringe pump with no diluent. Site may set 0 to 250. */
  diluentMl: param(100, 'mL', siteDefault('100 mL of 0.9% sodium chloride; 0 means a syringe pump with no diluent'), { min: 0, max: 250 }),
  /** Vial strength that must never be given IV undiluted, mg/mL (UNDILUTED_IV). */
  undilutedForbiddenMgPerMl: param(100, 'mg/mL', fromSource(['ketalar-label'], '100 mg/mL must not be given IV undiluted')),
  /**
   * Least diluent per mL of drawn drug for the undiluted-forbidden strength (ratio, 1 = an equal
   * volume): UNDILUTED_IV when diluent mL < ratio x rounded drawn volume mL.
   */
  minimumDiluentRatio: param(1, '1', fromSource(['ketalar-label'], 'dilute with an equal volume of sterile water, NS or D5W')),
  /** An independent double check by a second licensed user is required before an infusion starts. */
  independentDoubleCheckRequired: param(true, '1', siteDefault('high-alert medication practice')),
  /**
   * Routes the site offers. The program brief names the IV drip, the intramuscular injection and
   * oral/sublingual forms; IM and oral/sublingual doses are entered by the prescriber in mg (no
   * calculator defaults). A new site offers IV only until its medical director signs a protocol
   * that enables the others.
   */
  routesEnabled: param<readonly string[]>(
    Object.freeze(['IV']),
    '1',
    siteDefault(
      'the brief names IV, intramuscular and oral/sublingual routes; IM and oral/sublingual are recorded with their dose, no calculator defaults',
    ),
  ),
  rateChangeTolerancePercent: param(
    10,
    '%',
    siteDefault(
      'high-alert medication practice: within 10% of the ordered rate any licensed user with a reason; beyond it a prescriber through step-up',
    ),
    { min: 0, max: 50 },
  ),
  /**
   * Decimal places of each rounded step (half away from zero, in decimal, each step from the
   * previous rounded value): dose 0.1 mg, volumes 0.01 mL, rate 0.1 mL/h. Part of the
   * command-line contract: not site-settable.
   */
  rounding: Object.freeze({
    /** Decimal places of the dose in mg. */
    doseMgDecimals: param(1, '1', /* protocol-defaults.md "Dosing" */ siteDefault('doses rounded to 0.1 mg'), { min: 1, max: 1 }),
    /** Decimal places of the drawn and bag volumes in mL. */
    volumeMlDecimals: param(2, '1', /* protocol-defaults.md "Dosing" */ siteDefault('volumes rounded to 0.01 mL'), { min: 2, max: 2 }),
    /** Decimal places of the pump rate in mL/h. */
    rateMlPerHourDecimals: param(1, '1', /* protocol-defaults.md "Dosing" */ siteDefault('pump rates rounded to 0.1 mL/h'), {
      min: 1,
      max: 1,
    }),
  }),
});

/**
 * Cross-field checks of the `dosing` section (each Param's own range is checked by the
 * configuration schema): minimum <= default dose <= site maximum; a duration range around the
 * default; plausible weight min < max; positive distinct vial strengths including the strength
 * that must be diluted; stocked strengths a non-empty subset of them, distinct; a positive diluent
 * ratio. (The diluent's 0 to 250 mL is its Param range.)
 */
export function validateDosingSection(section: DosingSection): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const min = section.doseMinimumMgPerKg.value;
  const dose = section.doseMgPerKg.value;
  const max = section.siteMaximumMgPerKg.value;
  if (!(min <= max)) {
    issues.push(configIssue('doseMinimumMgPerKg', `minimum ${min} mg/kg is above the site maximum ${max} mg/kg`));
  }
  if (!(dose >= min)) {
    issues.push(configIssue('doseMgPerKg', `default dose ${dose} mg/kg is below the minimum ${min} mg/kg`));
  }
  if (!(dose <= max)) {
    issues.push(configIssue('doseMgPerKg', `default dose ${dose} mg/kg is above the site maximum ${max} mg/kg`));
  }
  const minutes = section.infusionMinutes;
  if (minutes.min === undefined || minutes.max === undefined) {
    issues.push(configIssue('infusionMinutes', 'the allowed duration range (min, max) must be set'));
  } else if (!(minutes.min <= minutes.value && minutes.value <= minutes.max)) {
    issues.push(configIssue('infusionMinutes', `${minutes.value} min is outside ${minutes.min} to ${minutes.max} min`));
  }
  const wMin = section.plausibleWeightKg.min.value;
  const wMax = section.plausibleWeightKg.max.value;
  if (!(wMin > 0 && wMin < wMax)) {
    issues.push(configIssue('plausibleWeightKg', `plausible weight ${wMin} to ${wMax} kg must be positive and increasing`));
  }
  const vials = section.vialStrengthsMgPerMl.value;
  vials.forEach((v, i) => {
    if (!(Number.isFinite(v) && v > 0)) {
      issues.push(configIssue(`vialStrengthsMgPerMl.${i}`, `vial strength ${v} mg/mL must be positive`));
    }
  });
  if (new Set(vials).size !== vials.length) {
    issues.push(configIssue('vialStrengthsMgPerMl', 'vial strengths must be distinct'));
  }
  const stocked = section.vialStrengthsStockedMgPerMl.value;
  if (stocked.length === 0) {
    issues.push(configIssue('vialStrengthsStockedMgPerMl', 'the site must stock at least one vial strength'));
  }
  stocked.forEach((v, i) => {
    if (!vials.includes(v)) {
      issues.push(
        configIssue(`vialStrengthsStockedMgPerMl.${i}`, `${v} mg/mL is not one of the label's strengths (${vials.join(', ')} mg/mL)`),
      );
    }
  });
  if (new Set(stocked).size !== stocked.length) {
    issues.push(configIssue('vialStrengthsStockedMgPerMl', 'stocked vial strengths must be distinct'));
  }
  if (!vials.includes(section.undilutedForbiddenMgPerMl.value)) {
    issues.push(configIssue('undilutedForbiddenMgPerMl', `${section.undilutedForbiddenMgPerMl.value} mg/mL is not a known vial strength`));
  }
  const routes = section.routesEnabled.value;
  if (routes.length === 0) issues.push(configIssue('routesEnabled', 'the site must offer at least one route'));
  routes.forEach((r, i) => {
    if (!(DOSING_ROUTES as readonly string[]).includes(r))
      issues.push(configIssue(`routesEnabled.${i}`, `"${r}" is not a route Kairos knows (${DOSING_ROUTES.join(', ')})`));
  });
  if (new Set(routes).size !== routes.length) issues.push(configIssue('routesEnabled', 'routes must be distinct'));
  if (!(section.minimumDiluentRatio.value > 0)) {
    issues.push(configIssue('minimumDiluentRatio', 'the diluent ratio must be positive'));
  }
  return issues;
}
