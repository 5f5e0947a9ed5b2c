/** Words and colours of measurement-based care: questionnaire names, task states, severities, results. */
import type { QuestionnaireResponse } from '@kairos/api';
import { severityWords, type MeasurementTaskState } from '@kairos/core';

const INSTRUMENTS: Record<string, string> = {
  'pcl5-month': 'PCL-5 (past month)',
  'pcl5-week': 'PCL-5 (past week)',
  phq9: 'PHQ-9',
  gad7: 'GAD-7',
  cssrs: 'C-SSRS screener',
  cadss6: 'CADSS-6',
};

export const instrumentName = (id: string): string => INSTRUMENTS[id] ?? id;

/** The roles that may enter a questionnaire for a patient (questionnaires.enter). */
export const ENTER_ROLES = ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'] as const;
/** The roles that may correct the date of a questionnaire staff entered (questionnaires.correct). */
export const CORRECT_ROLES = ['medical-director', 'prescriber', 'nurse', 'therapist'] as const;
/** The roles that may record what was done about a risk task (risk-tasks.complete). */
export const COMPLETE_TASK_ROLES = ['medical-director', 'prescriber', 'nurse', 'therapist'] as const;
/** The roles that may hand the clinic tablet to a patient (kiosk.start) or email questionnaire links (portal-access.create). */
export const KIOSK_ROLES = ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'] as const;
/** The roles that may open a patient's outcome view (outcomes.read). */
export const OUTCOME_ROLES = ['medical-director', 'prescriber', 'therapist'] as const;
/** Who reads the journal entries a patient shares with the therapist. */
export const SHARED_JOURNAL_ROLES = ['medical-director', 'therapist'] as const;

/** A task state: always shown as text, the colour only repeats it. */
export const TASK_STATES: Record<MeasurementTaskState, { label: string; color: string }> = {
  upcoming: { label: 'Upcoming', color: 'gray' },
  due: { label: 'Due', color: 'blue' },
  overdue: { label: 'Overdue', color: 'red' },
  done: { label: 'Done', color: 'green' },
};

export const severityText = (s: string | undefined): string => (s === undefined ? '' : severityWords(s));

/** A response's result in words: severity, provisional PTSD, PHQ-9 item 9, C-SSRS risk. */
export function resultText(score: QuestionnaireResponse['score']): string {
  switch (score.instrument) {
    case 'cssrs': {
      const yes = score.positiveQuestions;
      return score.risk === 'none' ? 'no risk identified' : `risk ${score.risk}${yes.length > 0 ? ` (yes to ${yes.join(', ')})` : ''}`;
    }
    case 'pcl5':
      return score.provisionalPtsd.byCutoff
        ? `provisional PTSD (≥ ${score.provisionalPtsd.cutoff})`
        : `below the PTSD cut-off (${score.provisionalPtsd.cutoff})`;
    case 'phq9':
      return [severityText(score.severity), ...(score.item9Positive ? ['item 9 positive'] : [])].join(' · ');
    case 'gad7':
      return severityText(score.severity);
    case 'cadss6':
      return '';
  }
}

/** Highest maximum total of each scale. */
export const MAX_TOTAL: Record<string, number> = { 'pcl5-month': 80, 'pcl5-week': 80, pcl5: 80, phq9: 27, gad7: 21 };

/** "yes" / "no" / "—" for a result that may not be assessable. */
export const yesNo = (v: boolean | null | undefined): string => (v === true ? 'yes' : v === false ? 'no' : 'not assessable');

/** "27 Nov 2026" for a YYYY-MM-DD date. */
export function formatDay(date: string, withYear = true): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
  });
}
