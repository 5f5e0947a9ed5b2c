import { describe, expect, it } from 'vitest';
import { CITATIONS } from '../protocol-config/citations.js';
import { ICD10_CM_SOURCE, icd10CmText } from './icd10-cm.js';

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
