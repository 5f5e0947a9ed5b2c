/**
 * The text of the ICD-10-CM codes Kairos names (the PTSD codes of screening), so that a page shows
 * "F43.10 Post-traumatic stress disorder, unspecified", never a bare code. One table; a code not
 * in it is shown as it was recorded, with the description the clinician gave, if any.
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';
import { normalizeIcd10Code } from './rules.js';

/** ICD-10-CM F43.1x (clinical-facts.md section 4; F43.1 is the non-billable parent). */
export const ICD10_CM_TEXT: Readonly<Record<string, string>> = Object.freeze({
  'F43.1': 'Post-traumatic stress disorder',
  'F43.10': 'Post-traumatic stress disorder, unspecified',
  'F43.11': 'Post-traumatic stress disorder, acute',
  'F43.12': 'Post-traumatic stress disorder, chronic',
});

/** Where the table's text comes from. */
export const ICD10_CM_SOURCE: CitationKey = 'icd10-cm';

/** The text of an ICD-10-CM code, however it was typed (`f43.10`, `F4310`); undefined when the table does not hold it. */
export function icd10CmText(code: string): string | undefined {
  return ICD10_CM_TEXT[normalizeIcd10Code(code.trim())];
}
