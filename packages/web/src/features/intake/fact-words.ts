import type { AllergyFact, AllergyType, ConditionRef } from './intake-api';

type AllergyData = AllergyFact['data'];

export const ALLERGY_TYPES: readonly { value: AllergyType; label: string }[] = [
  { value: 'allergy', label: 'Allergy' },
  { value: 'intolerance', label: 'Intolerance' },
];

/** The type of an allergy entry; entries recorded before the type existed are allergies. */
export function allergyType(a: AllergyData): AllergyType {
  return a.type === 'intolerance' ? 'intolerance' : 'allergy';
}

/** "Allergy" or "Intolerance". */
export function allergyTypeLabel(a: AllergyData): string {
  return allergyType(a) === 'intolerance' ? 'Intolerance' : 'Allergy';
}

/** One allergy in a line: "Penicillin: rash (allergy)", "Ketamine (intolerance)". */
export function allergyText(a: AllergyData): string {
  const reaction = a.reaction !== undefined && a.reaction.trim() !== '' ? `: ${a.reaction.trim()}` : '';
  return `${a.substance}${reaction} (${allergyTypeLabel(a).toLowerCase()})`;
}

/** A condition's reference entry, or one these words do not know (any code; without `contraindication`: a contraindication). */
type ConditionWords = Omit<ConditionRef, 'code' | 'contraindication' | 'icd10cm'> & {
  code: string;
  contraindication?: boolean;
  icd10cm?: ConditionRef['icd10cm'];
};

/** A condition that only asks for closer monitoring (no contraindication); unknown ones count as contraindications. */
export function isMonitoringOnly(ref: ConditionWords | undefined): boolean {
  return ref?.contraindication === false;
}

/** The condition's title without the server's "(closer blood-pressure monitoring)" note, which the page shows as a badge. */
export function conditionName(ref: ConditionWords | undefined, code: string): string {
  if (ref === undefined) return code.replace(/-/g, ' ');
  return isMonitoringOnly(ref) ? ref.title.replace(/\s*\([^)]*monitoring\)\s*$/i, '') : ref.title;
}

/** A condition's ICD-10-CM codes in a line: "I10 Essential (primary) hypertension; I16.9 Hypertensive crisis, unspecified". */
export function conditionCodesText(ref: ConditionWords | { icd10cm?: ConditionRef['icd10cm'] } | undefined): string | undefined {
  const codes = ref?.icd10cm ?? [];
  return codes.length === 0 ? undefined : codes.map((c) => `${c.code} ${c.text}`).join('; ');
}
