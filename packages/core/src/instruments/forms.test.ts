import { describe, expect, it } from 'vitest';
import { InstrumentInputError } from './errors.js';
import { questionnaireForm, questionnaireTotal, QUESTIONNAIRE_IDS, scoreQuestionnaire } from './forms.js';

describe('questionnaire forms', () => {
  it.each([
    ['pcl5-month', 20, 5],
    ['pcl5-week', 20, 5],
    ['phq9', 9, 4],
    ['gad7', 7, 4],
    ['cadss6', 6, 5],
  ] as const)('%s has %i items with %i options each', (id, items, options) => {
    const f = questionnaireForm(id);
    expect(f.items).toHaveLength(items);
    expect(f.items.every((i) => i.options.length === options)).toBe(true);
  });

  it('the PCL-5 week form asks about the past week', () => {
    expect(questionnaireForm('pcl5-week').stem).toContain('past week');
    expect(questionnaireForm('pcl5-month').stem).toContain('past month');
  });

  it('the C-SSRS asks 3 to 5 only after yes to 2, and the 3-month follow-up only on the lifetime form', () => {
    const slc = questionnaireForm('cssrs', 'since-last-contact');
    expect(slc.items.map((i) => i.key)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect(slc.items.filter((i) => i.showIf?.key === 'q2').map((i) => i.key)).toEqual(['q3', 'q4', 'q5']);
    expect(questionnaireForm('cssrs', 'lifetime-recent').items.at(-1)).toMatchObject({
      key: 'q6WithinPast3Months',
      showIf: { key: 'q6', equals: true },
    });
  });
});

describe('scoreQuestionnaire', () => {
  it('scores each questionnaire through its instrument (worked totals)', () => {
    expect(questionnaireTotal(scoreQuestionnaire('pcl5-week', Array(20).fill(2)))).toBe(40);
    expect(questionnaireTotal(scoreQuestionnaire('phq9', [1, 1, 1, 1, 1, 1, 1, 1, 1]))).toBe(9);
    expect(questionnaireTotal(scoreQuestionnaire('gad7', [3, 3, 3, 3, 3, 3, 3]))).toBe(21);
    expect(questionnaireTotal(scoreQuestionnaire('cadss6', [0, 1, 2, 3, 4, 0]))).toBe(10);
    const c = scoreQuestionnaire('cssrs', { form: 'since-last-contact', answers: { q1: true, q2: false, q6: false } });
    expect(questionnaireTotal(c)).toBeNull();
    expect(c).toMatchObject({ risk: 'low' });
  });

  it('rejects a bad answer naming the item', () => {
    expect(() => scoreQuestionnaire('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 4])).toThrow(InstrumentInputError);
    try {
      scoreQuestionnaire('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 4]);
    } catch (e) {
      expect((e as InstrumentInputError).item).toBe(9);
    }
  });

  it('rejects answers of the wrong shape', () => {
    expect(() => scoreQuestionnaire('cssrs', [1, 2])).toThrow(TypeError);
    expect(() => scoreQuestionnaire('phq9', { form: 'since-last-contact', answers: {} })).toThrow(TypeError);
  });

  it('knows six questionnaires', () => {
    expect(QUESTIONNAIRE_IDS).toHaveLength(6);
  });
});
