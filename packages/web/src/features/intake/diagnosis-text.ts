import { icd10CmText } from '@kairos/core';

/** A recorded diagnosis as a person reads it: the code and its text (the clinician's, else core's ICD-10-CM table). */
export function diagnosisText(d: { code: string; display?: string | undefined }): string {
  const text = d.display ?? icd10CmText(d.code);
  return text === undefined ? d.code : `${d.code} ${text}`;
}
