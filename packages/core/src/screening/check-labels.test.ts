import { describe, expect, it } from 'vitest';
import { checkLabel, holdReasonText } from './check-labels.js';

const titles: Record<string, string> = { pregnancy: 'pregnancy', 'ketamine-hypersensitivity': 'ketamine hypersensitivity' };
const conditionTitle = (code: string) => titles[code];

describe('checkLabel', () => {
  it('names the new age and unrecognised-medications checks in plain words', () => {
    expect(checkLabel('age')).toBe('Age at screening');
    expect(checkLabel('unrecognised-medications')).toBe('Medications Kairos does not recognise');
  });
  it('names an interaction by its class in words', () => {
    expect(checkLabel('interaction:maoi')).toBe('Interaction: MAOI');
    expect(checkLabel('interaction:some-new-class')).toBe('Interaction: some new class');
  });
  it('names a contraindication by its condition title', () => {
    expect(checkLabel('contraindication:ketamine-hypersensitivity', conditionTitle)).toBe('Contraindication: ketamine hypersensitivity');
  });
});

describe('holdReasonText', () => {
  it('maps the check id before the outcome to its label, and keeps the finding', () => {
    expect(holdReasonText('contraindication:pregnancy: fail (pregnancy recorded)', conditionTitle)).toBe(
      'Contraindication: pregnancy: failed (pregnancy recorded)',
    );
    expect(holdReasonText('blood-pressure: warn (150/95 mmHg above the limit)')).toBe(
      'Blood pressure at screening: warning (150/95 mmHg above the limit)',
    );
    expect(holdReasonText('required:ecg: missing (no ECG on record)')).toBe('On record: ECG: missing (no ECG on record)');
  });
  it('keeps a finding that contains parentheses and colons whole', () => {
    expect(holdReasonText('unrecognised-medications: warn (not recognised: Foo (10 mg))')).toBe(
      'Medications Kairos does not recognise: warning (not recognised: Foo (10 mg))',
    );
  });
  it('reads a holding interaction', () => {
    expect(holdReasonText('interaction maoi (Nardil): hold-before-session')).toBe(
      'Interaction with ketamine: MAOI (Nardil), hold before session',
    );
    expect(holdReasonText('interaction cns-depressant (zolpidem): contraindicated')).toBe(
      'Interaction with ketamine: CNS depressant (zolpidem), contraindicated',
    );
  });
  it('shows an unknown line as it came', () => {
    expect(holdReasonText('something else entirely')).toBe('something else entirely');
  });
});

describe('no check id reaches a person as it is', () => {
  it.each([
    [
      'contraindication:psychosis-history: fail (history of psychosis recorded)',
      'Contraindication: psychosis history: failed (history of psychosis recorded)',
    ],
    ['contraindication:pregnancy: fail', 'Contraindication: pregnancy: failed'],
    ['required:physicalExam: missing', 'On record: Physical exam: missing'],
  ])('%j', (reason, words) => {
    expect(holdReasonText(reason)).toBe(words);
    expect(holdReasonText(reason)).not.toMatch(/contraindication:|required:/);
  });
});
