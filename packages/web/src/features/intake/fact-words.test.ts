import { describe, expect, it } from 'vitest';
import { allergyText, allergyType, allergyTypeLabel, conditionCodesText, conditionName, isMonitoringOnly } from './fact-words';

describe('allergy words', () => {
  it('an entry without a type is an allergy (recorded before the type existed)', () => {
    expect(allergyType({ substance: 'Penicillin' })).toBe('allergy');
    expect(allergyTypeLabel({ substance: 'Penicillin', type: 'intolerance' })).toBe('Intolerance');
  });
  it('writes substance, reaction and type in one line; no reaction, no colon', () => {
    expect(allergyText({ substance: 'Ketamine', reaction: 'rash', type: 'allergy' })).toBe('Ketamine: rash (allergy)');
    expect(allergyText({ substance: 'Ketamine', reaction: '  ', type: 'intolerance' })).toBe('Ketamine (intolerance)');
  });
});

describe('condition words', () => {
  const monitoring = {
    code: 'controlled-hypertension',
    title: 'controlled hypertension (closer blood-pressure monitoring)',
    absolute: false,
    contraindication: false,
  };
  const contraindication = { code: 'pregnancy', title: 'pregnancy', absolute: true, contraindication: true };
  it('only contraindication: false is monitoring only; an unknown or older entry is a contraindication', () => {
    expect(isMonitoringOnly(monitoring)).toBe(true);
    expect(isMonitoringOnly(contraindication)).toBe(false);
    expect(isMonitoringOnly({ code: 'x', title: 'x', absolute: false })).toBe(false);
    expect(isMonitoringOnly(undefined)).toBe(false);
  });
  it('drops the monitoring note from the title (the page shows it as a badge)', () => {
    expect(conditionName(monitoring, monitoring.code)).toBe('controlled hypertension');
    expect(conditionName(contraindication, 'pregnancy')).toBe('pregnancy');
    expect(conditionName(undefined, 'severe-liver-disease')).toBe('severe liver disease');
  });
  it('the ICD-10-CM codes in a line, code then text; none for an entry without codes', () => {
    expect(
      conditionCodesText({
        icd10cm: [
          { code: 'I10', text: 'Essential (primary) hypertension' },
          { code: 'I16.9', text: 'Hypertensive crisis, unspecified' },
        ],
      }),
    ).toBe('I10 Essential (primary) hypertension; I16.9 Hypertensive crisis, unspecified');
    expect(conditionCodesText({ icd10cm: [] })).toBeUndefined();
    expect(conditionCodesText(contraindication)).toBeUndefined();
    expect(conditionCodesText(undefined)).toBeUndefined();
  });
});
