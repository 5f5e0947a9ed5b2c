import { questionnaireForm, type QuestionnaireId } from '@kairos/core';
import { describe, expect, it } from 'vitest';
import { answersFor, visibleItems } from './form-answers';
import type { QuestionnaireForm } from './measures-api';

/** A form as GET /api/questionnaires/forms/:id answers it (JSON). */
const form = (id: QuestionnaireId, variant?: 'since-last-contact' | 'lifetime-recent') =>
  JSON.parse(JSON.stringify(questionnaireForm(id, variant))) as QuestionnaireForm;
const keys = (f: QuestionnaireForm, a: Record<string, number | boolean>) => visibleItems(f.items, a).map((i) => i.key);

describe('questionnaire entry', () => {
  it('asks C-SSRS questions 3 to 5 only after yes to question 2, and "within 3 months" only after yes to 6 on the lifetime form', () => {
    const f = form('cssrs', 'lifetime-recent');
    expect(keys(f, {})).toEqual(['q1', 'q2', 'q6']);
    expect(keys(f, { q2: true })).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect(keys(f, { q2: false, q6: true })).toEqual(['q1', 'q2', 'q6', 'q6WithinPast3Months']);
    expect(keys(form('cssrs', 'since-last-contact'), { q6: true })).toEqual(['q1', 'q2', 'q6']);
  });

  it('sends only the questions asked: answers to questions hidden again are dropped', () => {
    const f = form('cssrs', 'lifetime-recent');
    expect(answersFor(f, { q1: true, q2: false, q3: true, q6: false }, 'lifetime-recent')).toEqual({
      form: 'lifetime-recent',
      answers: { q1: true, q2: false, q6: false },
    });
  });

  it('sends a scale as item scores in item order', () => {
    const f = form('phq9');
    const answers = Object.fromEntries(f.items.map((i, n) => [i.key, n === 8 ? 1 : 0]));
    expect(answersFor(f, answers, 'since-last-contact')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
