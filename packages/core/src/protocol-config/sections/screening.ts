/**
 * Protocol-configuration section `screening`: the numbers and lists of the eligibility rules
 * (protocol-defaults.md "Screening items" and the screening blood-pressure warning of "Before
 * dosing").
 *
 * @module
 */
import type { ConfigIssue } from '../issues.js';
import { configIssue } from '../issues.js';
import { param, type Param } from '../param.js';
import { fromBrief, fromSource, siteDefault } from '../provenance.js';

/**
 * Conditions recorded for the care they change, not contraindications: controlled hypertension
 * asks for closer blood-pressure monitoring during and after the infusion (the brief: "additional
 * monitoring"); screening ignores them.
 */
export const MONITORING_CONDITION_CODES = Object.freeze(['controlled-hypertension'] as const);

/** A condition code that asks for closer monitoring only. */
export type MonitoringConditionCode = (typeof MONITORING_CONDITION_CODES)[number];

/** Contraindication condition codes, in the order the screening checks list them. */
export const CONDITION_CODES = Object.freeze([
  'uncontrolled-hypertension',
  'unstable-cardiovascular-disease',
  'psychosis-history',
  'schizophrenia',
  'current-substance-use-disorder',
  'severe-liver-disease',
  'severe-kidney-disease',
  'pregnancy',
  'aneurysmal-vascular-disease',
  'arteriovenous-malformation',
  'intracerebral-hemorrhage-history',
  'ketamine-hypersensitivity',
  'respiratory-condition',
] as const);

/** A contraindication condition code. */
export type ConditionCode = (typeof CONDITION_CODES)[number];

/** Screening items that must be on record, in the order the screening checks list them. */
export const REQUIRED_ITEM_IDS = Object.freeze([
  'history',
  'physicalExam',
  'labs',
  'psychiatricEvaluation',
  'informedConsent',
  'ecg',
  'pregnancyTest',
] as const);

/** A screening item that must be on record. */
export type RequiredItemId = (typeof REQUIRED_ITEM_IDS)[number];

/**
 * When a screening item is required: always, only with cardiovascular risk factors (or when they
 * are not recorded), or only when pregnancy is possible (or not recorded).
 */
export type RequiredWhen = 'always' | 'cardiovascular-risk' | 'pregnancy-possible';

/**
 * What a present contraindication does: `ineligible` (the check fails), or `review` (the check
 * warns; it fails when the condition is marked severe).
 */
export type ContraindicationEffect = 'ineligible' | 'review-ineligible-when-severe';

/** Type of the `screening` section. */
export interface ScreeningSection {
  /** Maximum age, in days at the screening date, of each required item (exactly the limit counts). */
  readonly itemMaxAgeDays: Param<number>;
  /** Minimum age at screening, whole years on the screening date (exactly this age passes; below: ineligible). */
  readonly minimumAgeYears: Param<number>;
  /** Screening blood-pressure warning, mmHg, inclusive: systolic >= or diastolic >= warns. */
  readonly bloodPressureWarning: { readonly systolicMmHg: Param<number>; readonly diastolicMmHg: Param<number> };
  /** When each required item is required. */
  readonly requiredItems: { readonly [K in RequiredItemId]: Param<RequiredWhen> };
  /** What each contraindication does when present. */
  readonly contraindications: { readonly [K in ConditionCode]: Param<ContraindicationEffect> };
  /**
   * Diagnosis codes (ICD-10-CM) that confirm PTSD; compared after normalising case and the dot
   * (`f43.10` and `F4310` are F43.10).
   */
  readonly ptsdDiagnosisCodes: Param<readonly string[]>;
  /** Prior treatments that make the course treatment-resistant; others are ignored. */
  readonly qualifyingPriorTreatments: Param<readonly string[]>;
}

const brief = fromBrief('contraindication list of the program brief');
const spravato = fromSource(['spravato-label'], 'esketamine label contraindication, applied by analogy');

/** Defaults of the `screening` section. Leaves are `Param`s; logic reads `.value`. */
export const screeningDefaults: ScreeningSection = Object.freeze({
  itemMaxAgeDays: param(
    90,
    'day',
    siteDefault('history, physical exam, labs, psychiatric evaluation, consent, ECG and pregnancy test at screening'),
    { min: 1 },
  ),
  minimumAgeYears: param(18, 'year', siteDefault('psychiatric ketamine evidence is in adults'), { min: 18, max: 99 }),
  bloodPressureWarning: Object.freeze({
    systolicMmHg: param(
      140,
      'mm[Hg]',
      fromSource(['spravato-label'], 'section 5.6 "as a general guide: >140/90"; Kairos includes the bound (the more cautious reading)'),
    ),
    diastolicMmHg: param(
      90,
      'mm[Hg]',
      fromSource(['spravato-label'], 'section 5.6 "as a general guide: >140/90"; Kairos includes the bound (the more cautious reading)'),
    ),
  }),
  requiredItems: Object.freeze({
    history: param<RequiredWhen>('always', '1', fromSource(['askp3-2020'], 'full history and physical; program brief')),
    physicalExam: param<RequiredWhen>('always', '1', fromSource(['askp3-2020'], 'full history and physical; program brief')),
    labs: param<RequiredWhen>('always', '1', fromBrief()),
    psychiatricEvaluation: param<RequiredWhen>(
      'always',
      '1',
      fromSource(['askp3-2020', 'sanacora-2017'], 'full psychiatric assessment; program brief'),
    ),
    informedConsent: param<RequiredWhen>('always', '1', fromSource(['askp3-2020'], 'informed consent (off-label use); program brief')),
    ecg: param<RequiredWhen>('cardiovascular-risk', '1', fromBrief('ECG for patients with cardiovascular risk factors')),
    pregnancyTest: param<RequiredWhen>(
      'pregnancy-possible',
      '1',
      fromBrief('negative test where pregnancy is possible; an unknown possibility counts as possible (site default)'),
    ),
  }),
  contraindications: Object.freeze({
    'uncontrolled-hypertension': param<ContraindicationEffect>('ineligible', '1', brief),
    'unstable-cardiovascular-disease': param<ContraindicationEffect>('ineligible', '1', brief),
    'psychosis-history': param<ContraindicationEffect>('ineligible', '1', brief),
    schizophrenia: param<ContraindicationEffect>('ineligible', '1', brief),
    'current-substance-use-disorder': param<ContraindicationEffect>('ineligible', '1', brief),
    'severe-liver-disease': param<ContraindicationEffect>('ineligible', '1', brief),
    'severe-kidney-disease': param<ContraindicationEffect>('ineligible', '1', brief),
    pregnancy: param<ContraindicationEffect>('ineligible', '1', brief),
    'aneurysmal-vascular-disease': param<ContraindicationEffect>('ineligible', '1', spravato),
    'arteriovenous-malformation': param<ContraindicationEffect>('ineligible', '1', spravato),
    'intracerebral-hemorrhage-history': param<ContraindicationEffect>('ineligible', '1', spravato),
    'ketamine-hypersensitivity': param<ContraindicationEffect>('ineligible', '1', spravato),
    'respiratory-condition': param<ContraindicationEffect>(
      'review-ineligible-when-severe',
      '1',
      fromBrief('certain respiratory conditions: needs review, ineligible when severe'),
    ),
  }),
  ptsdDiagnosisCodes: param<readonly string[]>(
    Object.freeze(['F43.1', 'F43.10', 'F43.11', 'F43.12']),
    '1',
    fromSource(['icd10-cm'], 'program brief: a confirmed PTSD diagnosis'),
  ),
  qualifyingPriorTreatments: param<readonly string[]>(
    Object.freeze(['ssri', 'snri', 'trauma-focused-psychotherapy']),
    '1',
    fromBrief('"haven\'t found adequate relief from traditional treatments"'),
  ),
});

/**
 * Cross-field checks of the `screening` section: a positive whole number of days; a whole
 * number of years for the minimum age; a
 * blood-pressure warning with systolic above diastolic; at least one PTSD diagnosis code.
 */
export function validateScreeningSection(section: ScreeningSection): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const days = section.itemMaxAgeDays.value;
  if (!(Number.isInteger(days) && days >= 1)) {
    issues.push(configIssue('itemMaxAgeDays', `${days} days: must be a whole number of days, at least 1`));
  }
  const sys = section.bloodPressureWarning.systolicMmHg.value;
  const dia = section.bloodPressureWarning.diastolicMmHg.value;
  if (!(dia > 0 && sys > dia)) {
    issues.push(configIssue('bloodPressureWarning', `warning ${sys}/${dia} mmHg: systolic must be above diastolic, both positive`));
  }
  const age = section.minimumAgeYears.value;
  if (!(Number.isInteger(age) && age >= 0)) {
    issues.push(configIssue('minimumAgeYears', `${age} years: must be a whole number of years`));
  }
  if (section.ptsdDiagnosisCodes.value.length === 0) {
    issues.push(configIssue('ptsdDiagnosisCodes', 'at least one PTSD diagnosis code is needed'));
  }
  return issues;
}
