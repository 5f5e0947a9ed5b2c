/** A questionnaire form's answers: which items are asked (the C-SSRS skip logic) and the answers as the API takes them. */
import type { QuestionnaireAnswersBody } from '@kairos/api';
import type { CssrsForm, FormItem, QuestionnaireForm } from '@kairos/core';

export type Answer = number | boolean;

/** Which items are asked, given the answers so far (the C-SSRS skip logic). */
export function visibleItems(items: readonly FormItem[], answers: Readonly<Record<string, Answer | undefined>>): FormItem[] {
  return items.filter((i) => i.showIf === undefined || answers[i.showIf.key] === i.showIf.equals);
}

/** The answers as the API takes them: item scores in order, or the screener's asked questions. */
export function answersFor(
  form: QuestionnaireForm,
  answers: Readonly<Record<string, Answer | undefined>>,
  variant: CssrsForm,
): QuestionnaireAnswersBody {
  if (form.id === 'cssrs') {
    const out: Record<string, boolean> = {};
    for (const i of visibleItems(form.items, answers)) if (typeof answers[i.key] === 'boolean') out[i.key] = answers[i.key] as boolean;
    return { form: variant, answers: out };
  }
  return form.items.map((i) => answers[i.key] as number);
}
