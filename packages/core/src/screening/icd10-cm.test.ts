import { describe, expect, it } from 'vitest';
import { CITATIONS } from '../protocol-config/citations.js';
import { needsReview } from '../protocol-config/provenance.js';
import { CONDITION_CODES, MONITORING_CONDITION_CODES } from '../protocol-config/sections/screening.js';
import { CONDITION_ICD10_CM, conditionIcd10Cm, ICD10_CM_SOURCE, icd10CmText } from './icd10-cm.js';

describe('ICD-10-CM code text (clinical-facts.md section 4)', () => {
  it.each([
    ['F43.10', 'Post-traumatic stress disorder, unspecified'],
    ['f43.10', 'Post-traumatic stress disorder, unspecified'],
    ['F4310', 'Post-traumatic stress disorder, unspecified'],
    [' F43.11 ', 'Post-traumatic stress disorder, acute'],
    ['F43.12', 'Post-traumatic stress disorder, chronic'],
    ['F43.1', 'Post-traumatic stress disorder'],
    ['F43.2', undefined],
    ['F32.9', undefined],
    ['', undefined],
    ['<b>F43.10</b>', undefined],
  ])('%j -> %j', (code, text) => {
    expect(icd10CmText(code)).toBe(text);
  });
  it('cites a source of the registry', () => {
    expect(CITATIONS[ICD10_CM_SOURCE].title).toMatch(/ICD-10-CM/);
  });
});

describe('the ICD-10-CM codes beside each condition screening records (a site default for review)', () => {
  const conditions = [...CONDITION_CODES, ...MONITORING_CONDITION_CODES];
  it.each(conditions)('%s: at least one code, each with its own text, never the bare code', (condition) => {
    const codes = conditionIcd10Cm(condition);
    expect(codes.length).toBeGreaterThan(0);
    for (const c of codes) {
      expect(c.code).toMatch(/^[A-Z]\d{2}(\.\d{1,4})?$|^[A-Z]\d{2}-[A-Z]\d{2}$/);
      expect(c.text).not.toBe(c.code);
      expect(icd10CmText(c.code)).toBe(c.text);
    }
  });
  it.each([
    ['uncontrolled-hypertension', 'I10', 'Essential (primary) hypertension'],
    ['pregnancy', 'Z33.1', 'Pregnant state, incidental'],
    ['psychosis-history', 'F29', 'Unspecified psychosis not due to a substance or known physiological condition'],
    ['severe-kidney-disease', 'N18.4', 'Chronic kidney disease, stage 4 (severe)'],
    ['ketamine-hypersensitivity', 'Z88.4', 'Allergy status to anesthetic agent'],
    ['controlled-hypertension', 'I10', 'Essential (primary) hypertension'],
  ] as const)('%s lists %s "%s" (the CMS tabular title)', (condition, code, text) => {
    expect(conditionIcd10Cm(condition)).toContainEqual({ code, text });
  });
  it('is marked for the medical director’s review, and lists every condition code', () => {
    expect(needsReview(CONDITION_ICD10_CM.provenance)).toBe(true);
    expect(Object.keys(CONDITION_ICD10_CM.codes).sort()).toEqual([...conditions].sort());
  });
});
