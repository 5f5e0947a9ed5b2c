import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { QuestionnaireCorrectionBody } from '@kairos/api';
import { useState, type FormEvent } from 'react';
import { errorText, formatInstant } from '../../api/use-resource';
import { CorrectionHistory } from '../../ui/correction-history';
import { FormError } from '../../ui/form-error';
import { formatDay, instrumentName } from './labels';
import { correctQuestionnaireDate, type QuestionnaireResponse } from './measures-api';

const FIELD_NAMES: Record<string, string> = { completedAt: 'answered', dueDate: 'given for' };

/** A `datetime-local` value (this device's time) from an instant, and back. */
const pad = (n: number) => String(n).padStart(2, '0');
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The history of a response's date corrections, in words. */
export function QuestionnaireCorrections({ response }: { response: QuestionnaireResponse }) {
  return (
    <CorrectionHistory
      corrections={response.corrections ?? []}
      fieldName={(f) => FIELD_NAMES[f] ?? f}
      valueText={(field, value) =>
        value === null ? 'no scheduled date' : field === 'completedAt' ? formatInstant(value) : formatDay(value)
      }
      testId="questionnaire-corrections"
    />
  );
}

/** A questionnaire staff entered whose dates may be corrected (not the portal's, not a CADSS-6 of a session). */
export const correctable = (r: QuestionnaireResponse): boolean => r.channel === 'staff' && r.sessionId === null;

/**
 * "Correct date…": a clinician corrects when a questionnaire entered by staff was answered, or the
 * scheduled date it was given for, with a reason; the original stays in its history and outcomes
 * use the corrected date.
 */
export function CorrectQuestionnaireDateButton({ response, onCorrected }: { response: QuestionnaireResponse; onCorrected: () => void }) {
  const [opened, setOpened] = useState(false);
  const [answered, setAnswered] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const open = () => {
    setAnswered(toLocalInput(response.completedAt));
    setDueDate(response.dueDate ?? '');
    setReason('');
    setError(undefined);
    setOpened(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: QuestionnaireCorrectionBody = { reason: reason.trim(), correctionsSeen: (response.corrections ?? []).length };
    const when = new Date(answered);
    if (Number.isNaN(when.getTime())) {
      setError('Enter the date and time it was answered.');
      return;
    }
    // The form shows minutes: an unchanged field keeps the recorded instant (its seconds too).
    if (answered !== toLocalInput(response.completedAt)) body.completedAt = when.toISOString();
    const due = dueDate === '' ? null : dueDate;
    if (due !== (response.dueDate ?? null)) body.dueDate = due;
    if (body.completedAt === undefined && body.dueDate === undefined) {
      setError('Change a date to correct it.');
      return;
    }
    setBusy(true);
    setError(undefined);
    correctQuestionnaireDate(response.id, body).then(
      () => {
        setBusy(false);
        setOpened(false);
        onCorrected();
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorText(err, 'The correction was not saved.'));
      },
    );
  };
  return (
    <>
      <Button variant="subtle" size="compact-xs" onClick={open} data-testid="correct-questionnaire-date">
        Correct date…
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Correct the date of this ${instrumentName(response.instrument)}`}
        centered
      >
        <form onSubmit={submit} noValidate data-testid="correct-questionnaire-form">
          <Stack>
            <Text size="sm" c="dimmed">
              The answers stay as they are. The dates as first entered and every correction stay in its history; outcomes use the corrected
              date.
            </Text>
            <TextInput type="datetime-local" label="Answered on" value={answered} onChange={(e) => setAnswered(e.currentTarget.value)} />
            <TextInput
              type="date"
              label="Given for the scheduled date (empty: none)"
              value={dueDate}
              onChange={(e) => setDueDate(e.currentTarget.value)}
            />
            <Textarea
              label="Reason for the correction"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <FormError error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} disabled={reason.trim().length < 3}>
                Save correction
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
