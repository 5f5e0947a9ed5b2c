/**
 * The text of the ICD-10-CM codes Kairos names, so that a page shows "F43.10 Post-traumatic stress
 * disorder, unspecified", never a bare code: the PTSD codes of screening, and the codes a coder
 * may use for each condition screening records (a contraindication, or closer monitoring). One
 * table; a code not in it is shown as it was recorded, with the description the clinician gave.
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';
import { siteDefault, type Provenance } from '../protocol-config/provenance.js';
import type { ConditionCode, MonitoringConditionCode } from '../protocol-config/sections/screening.js';
import { normalizeIcd10Code } from './rules.js';

/** ICD-10-CM F43.1x (clinical-facts.md section 4; F43.1 is the non-billable parent). */
const PTSD_TEXT: Readonly<Record<string, string>> = {
  'F43.1': 'Post-traumatic stress disorder',
  'F43.10': 'Post-traumatic stress disorder, unspecified',
  'F43.11': 'Post-traumatic stress disorder, acute',
  'F43.12': 'Post-traumatic stress disorder, chronic',
};

/**
 * The titles of the codes `CONDITION_ICD10_CM` names, as the CMS ICD-10-CM tabular list (FY2026)
 * gives them, read on coding reference sites that cite it (icdlist.com, eleplan.com,
 * icd10codingpro.com, hccbuddy.com, payerready.com, diseasedb.com; not in clinical-facts.md), each
 * title confirmed by at least one of them. I71 (a category) and F10-F19 (a block) are not billable
 * alone: a coder picks the code under them.
 */
const CONDITION_CODE_TEXT: Readonly<Record<string, string>> = {
  I10: 'Essential (primary) hypertension',
  'I16.9': 'Hypertensive crisis, unspecified',
  'I20.0': 'Unstable angina',
  'I21.9': 'Acute myocardial infarction, unspecified',
  'I50.9': 'Heart failure, unspecified',
  F29: 'Unspecified psychosis not due to a substance or known physiological condition',
  'F20.9': 'Schizophrenia, unspecified',
  'F10-F19': 'Mental and behavioral disorders due to psychoactive substance use',
  'K72.90': 'Hepatic failure, unspecified without coma',
  'K74.60': 'Unspecified cirrhosis of liver',
  'N18.4': 'Chronic kidney disease, stage 4 (severe)',
  'N18.5': 'Chronic kidney disease, stage 5',
  'N18.6': 'End stage renal disease',
  'Z33.1': 'Pregnant state, incidental',
  I71: 'Aortic aneurysm and dissection',
  'I67.1': 'Cerebral aneurysm, nonruptured',
  'Q28.2': 'Arteriovenous malformation of cerebral vessels',
  'I61.9': 'Nontraumatic intracerebral hemorrhage, unspecified',
  'I69.10': 'Unspecified sequelae of nontraumatic intracerebral hemorrhage',
  'Z88.4': 'Allergy status to anesthetic agent',
  'J44.9': 'Chronic obstructive pulmonary disease, unspecified',
  'J45.909': 'Unspecified asthma, uncomplicated',
  'G47.33': 'Obstructive sleep apnea (adult) (pediatric)',
};

/** Every code's text: the PTSD codes, then the conditions' codes. */
export const ICD10_CM_TEXT: Readonly<Record<string, string>> = Object.freeze({ ...PTSD_TEXT, ...CONDITION_CODE_TEXT });

/**
 * The ICD-10-CM codes a coder may use for each condition screening records, shown beside the
 * condition's words. Kairos records the condition in its own words (a history of psychosis is not
 * one code); which code a claim or a referral letter carries is the clinic's coder's decision, so
 * this list is a site default for the coder and the medical director to review.
 */
export const CONDITION_ICD10_CM: {
  readonly provenance: Provenance;
  readonly codes: Readonly<Record<ConditionCode | MonitoringConditionCode, readonly string[]>>;
} = Object.freeze({
  provenance: siteDefault('a starting list of ICD-10-CM codes per condition, for the coder and the medical director to review'),
  codes: Object.freeze({
    'uncontrolled-hypertension': ['I10', 'I16.9'],
    'unstable-cardiovascular-disease': ['I20.0', 'I21.9', 'I50.9'],
    'psychosis-history': ['F29'],
    schizophrenia: ['F20.9'],
    'current-substance-use-disorder': ['F10-F19'],
    'severe-liver-disease': ['K72.90', 'K74.60'],
    'severe-kidney-disease': ['N18.4', 'N18.5', 'N18.6'],
    pregnancy: ['Z33.1'],
    'aneurysmal-vascular-disease': ['I71', 'I67.1'],
    'arteriovenous-malformation': ['Q28.2'],
    'intracerebral-hemorrhage-history': ['I61.9', 'I69.10'],
    'ketamine-hypersensitivity': ['Z88.4'],
    'respiratory-condition': ['J44.9', 'J45.909', 'G47.33'],
    'controlled-hypertension': ['I10'],
  }),
});

/** A condition's ICD-10-CM codes with their text, in the table's order. */
export function conditionIcd10Cm(condition: ConditionCode | MonitoringConditionCode): { code: string; text: string }[] {
  return CONDITION_ICD10_CM.codes[condition].map((code) => ({ code, text: ICD10_CM_TEXT[code] ?? code }));
}

/** Where the table's text comes from. */
export const ICD10_CM_SOURCE: CitationKey = 'icd10-cm';

/** The text of an ICD-10-CM code, however it was typed (`f43.10`, `F4310`); undefined when the table does not hold it. */
export function icd10CmText(code: string): string | undefined {
  const typed = code.trim().toUpperCase();
  // A block (F10-F19) as it is written; a code however it was typed.
  return ICD10_CM_TEXT[typed.includes('-') ? typed : normalizeIcd10Code(typed)];
}
