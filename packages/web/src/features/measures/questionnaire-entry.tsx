import { Alert, Badge, Button, Group, Loader, Modal, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorText, useResource } from '../../api/use-resource';
import { siteLocalToIso } from '../dosing-session/site-datetime';
import { answersFor, visibleItems, type Answer } from './form-answers';
import { formatDay, instrumentName, MAX_TOTAL, resultText, TASK_STATES } from './labels';
import {
  ENTERABLE_INSTRUMENTS,
  enterQuestionnaire,
  getQuestionnaireForm,
  type CssrsForm,
  type EnterableInstrument,
  type EnteredQuestionnaire,
  type FormItem,
  type MeasurementTask,
} from './measures-api';
import { LoadError } from '../../ui/load-error';

const isEnterable = (s: string): s is EnterableInstrument => (ENTERABLE_INSTRUMENTS as readonly string[]).includes(s);
const taskValue = (t: MeasurementTask) => `${t.enrollmentId}|${t.key}`;
/** The C-SSRS at a baseline is asked lifetime and recent; after that, since the last contact. */
const variantFor = (t: MeasurementTask | undefined): CssrsForm =>
  t?.purposes.includes('baseline') === true ? 'lifetime-recent' : 'since-last-contact';
/** The task an entry most likely answers: the earliest due or overdue one of that questionnaire. */
const defaultTask = (tasks: readonly MeasurementTask[], instrument: string) =>
  tasks.find((t) => t.instrument === instrument && (t.state === 'due' || t.state === 'overdue'));

/**
 * Enter a questionnaire for a patient: all items on one screen, each a segmented control of its
 * answers; the C-SSRS asks its follow-up questions only after the answers that call for them. On
 * save, the score and, when risk routing raised one, the risk follow-up task.
 */
export function QuestionnaireEntryModal({
  patientId,
  opened,
  openKey,
  task,
  tasks,
  onClose,
  onSaved,
}: {
  patientId: string;
  opened: boolean;
  /** Changes at every opening, so each starts blank. */
  openKey: number;
  /** The scheduled task this entry answers, when opened from one. */
  task: MeasurementTask | undefined;
  /** The patient's open tasks, to link an entry to. */
  tasks: readonly MeasurementTask[];
  onClose: () => void;
  onSaved: (result: EnteredQuestionnaire) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} size="xl" title="Enter questionnaire" closeOnClickOutside={false} closeOnEscape={false}>
      {opened && <EntryForm key={openKey} patientId={patientId} initialTask={task} tasks={tasks} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function EntryForm({
  patientId,
  initialTask,
  tasks,
  onClose,
  onSaved,
}: {
  patientId: string;
  initialTask: MeasurementTask | undefined;
  tasks: readonly MeasurementTask[];
  onClose: () => void;
  onSaved: (r: EnteredQuestionnaire) => void;
}) {
  const first = initialTask !== undefined && isEnterable(initialTask.instrument) ? initialTask.instrument : null;
  const [instrument, setInstrument] = useState<EnterableInstrument | null>(first);
  const [taskKey, setTaskKey] = useState<string>(initialTask !== undefined ? taskValue(initialTask) : '');
  const [variant, setVariant] = useState<CssrsForm>(variantFor(initialTask));
  const [answers, setAnswers] = useState<Record<string, Answer | undefined>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<EnteredQuestionnaire>();
  // When it was answered: now, or earlier for a paper questionnaire entered afterwards.
  const [completedAt, setCompletedAt] = useState('');

  const form = useResource(
    `form:${instrument ?? ''}:${instrument === 'cssrs' ? variant : ''}`,
    () => (instrument === null ? Promise.resolve(null) : getQuestionnaireForm(instrument, instrument === 'cssrs' ? variant : undefined)),
    'The questionnaire could not be loaded.',
  );
  const openTasks = tasks.filter((t) => t.state !== 'done' && t.instrument === instrument);
  const linked = openTasks.find((t) => taskValue(t) === taskKey);

  const pickInstrument = (id: EnterableInstrument) => {
    setInstrument(id);
    const t = defaultTask(tasks, id);
    setTaskKey(t === undefined ? '' : taskValue(t));
    setVariant(variantFor(t));
    setAnswers({});
    setMissing([]);
    setError(undefined);
  };
  const pickTask = (value: string) => {
    setTaskKey(value);
    const t = openTasks.find((x) => taskValue(x) === value);
    if (instrument === 'cssrs' && variantFor(t) !== variant) {
      setVariant(variantFor(t));
      setAnswers({});
    }
  };

  if (result !== undefined) return <EntryResult result={result} onClose={onClose} />;

  const loaded = form.state.status === 'done' ? form.state.data : null;
  const shown = loaded === null ? [] : visibleItems(loaded.items, answers);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (loaded === null || instrument === null) return;
    const notAnswered = shown.filter((i) => answers[i.key] === undefined).map((i) => String(i.number));
    setMissing(notAnswered);
    if (notAnswered.length > 0) {
      setError(
        `Answer every question before saving: ${notAnswered.length === 1 ? `question ${notAnswered[0]} is` : `questions ${notAnswered.join(', ')} are`} not answered.`,
      );
      return;
    }
    // Read in the browser's time zone, the date checked by core's calendar.
    const completedIso = completedAt === '' ? undefined : siteLocalToIso(completedAt, undefined);
    if (completedAt !== '' && completedIso === undefined) {
      setError('Give the date and time it was completed, or leave it empty.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const saved = await enterQuestionnaire(patientId, {
        instrument,
        answers: answersFor(loaded, answers, variant),
        ...(linked !== undefined ? { enrollmentId: linked.enrollmentId, dueDate: linked.date } : {}),
        ...(completedIso !== undefined ? { completedAt: completedIso } : {}),
      });
      setResult(saved);
      onSaved(saved);
    } catch (err) {
      setError(errorText(err, 'The questionnaire was not saved.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="questionnaire-entry">
      <Stack gap="md">
        <Group align="flex-end" grow>
          <Select
            label="Questionnaire"
            placeholder="Choose a questionnaire"
            data={ENTERABLE_INSTRUMENTS.map((id) => ({ value: id, label: instrumentName(id) }))}
            value={instrument}
            allowDeselect={false}
            onChange={(v) => v !== null && isEnterable(v) && pickInstrument(v)}
          />
          {instrument !== null && (
            <Select
              label="For the scheduled questionnaire"
              data={[
                { value: '', label: 'Not linked to a scheduled date' },
                ...openTasks.map((t) => ({
                  value: taskValue(t),
                  label: `${formatDay(t.date)} · ${t.labels.join(', ')} · ${TASK_STATES[t.state].label.toLowerCase()}`,
                })),
              ]}
              value={taskKey}
              allowDeselect={false}
              onChange={(v) => pickTask(v ?? '')}
            />
          )}
          <TextInput
            label="Answered at"
            description="Leave empty for now; set it for a paper questionnaire entered later."
            type="datetime-local"
            value={completedAt}
            onChange={(e) => setCompletedAt(e.currentTarget.value)}
          />
        </Group>
        {instrument === 'cssrs' && (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="cssrs-variant-label">
              C-SSRS form
            </Text>
            <SegmentedControl
              aria-labelledby="cssrs-variant-label"
              data={[
                { value: 'lifetime-recent', label: 'Lifetime and recent (baseline)' },
                { value: 'since-last-contact', label: 'Since last contact' },
              ]}
              value={variant}
              onChange={(v) => {
                setVariant(v);
                setAnswers({});
                setMissing([]);
              }}
            />
          </Stack>
        )}
        {form.state.status === 'loading' && instrument !== null && <Loader size="sm" aria-label="Loading questionnaire" />}
        <LoadError state={form.state} />
        {loaded !== null && (
          <>
            <Text fw={600}>{loaded.stem}</Text>
            <Stack gap="sm" data-testid="questionnaire-items">
              {shown.map((item) => (
                <ItemField
                  key={`${loaded.id}:${item.key}`}
                  formId={loaded.id}
                  item={item}
                  value={answers[item.key]}
                  missing={missing.includes(String(item.number))}
                  onChange={(v) => {
                    setAnswers((a) => ({ ...a, [item.key]: v }));
                    setMissing((m) => m.filter((n) => n !== String(item.number)));
                  }}
                />
              ))}
            </Stack>
          </>
        )}
        {error !== undefined && (
          <Alert color="red" role="alert" data-testid="questionnaire-error">
            {error}
          </Alert>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {loaded !== null ? `${shown.filter((i) => answers[i.key] !== undefined).length} of ${shown.length} answered` : ''}
          </Text>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={loaded === null}>
              Save {instrument === null ? 'questionnaire' : instrumentName(instrument)}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** One question: its number and text, and its answers as a segmented control (nothing chosen at first). */
function ItemField({
  formId,
  item,
  value,
  missing,
  onChange,
}: {
  formId: string;
  item: FormItem;
  value: Answer | undefined;
  missing: boolean;
  onChange: (v: Answer) => void;
}) {
  const labelId = `q-${formId}-${item.key}`;
  const numeric = item.options.every((o) => typeof o.value === 'number');
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      data-testid={`item-${item.number}`}
      style={missing ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}
    >
      <Stack gap={6}>
        <Text size="sm" id={labelId}>
          <b>{item.number}.</b> {item.text}
        </Text>
        <SegmentedControl
          aria-labelledby={labelId}
          fullWidth
          size="xs"
          color="blue"
          data={item.options.map((o) => ({
            value: String(o.value),
            label: numeric ? (
              <>
                <Text span size="xs" fw={700} mr={4}>
                  {String(o.value)}
                </Text>
                <Text span size="xs">
                  {o.label}
                </Text>
              </>
            ) : (
              o.label
            ),
          }))}
          value={value === undefined ? '' : String(value)}
          onChange={(v) => {
            const option = item.options.find((o) => String(o.value) === v);
            if (option !== undefined) onChange(option.value);
          }}
        />
        {missing && (
          <Text size="xs" c="red">
            Not answered
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** What was saved: the score, and the risk follow-up task when one was created. */
function EntryResult({ result, onClose }: { result: EnteredQuestionnaire; onClose: () => void }) {
  const max = MAX_TOTAL[result.instrument];
  const words = resultText(result.score);
  return (
    <Stack data-testid="questionnaire-result">
      <Group gap="sm">
        <Badge color="green" variant="light">
          Saved
        </Badge>
        <Text fw={600}>{instrumentName(result.instrument)}</Text>
      </Group>
      <Text size="lg" data-testid="questionnaire-score">
        {result.total !== null ? (
          <>
            Total <b>{result.total}</b>
            {max !== undefined ? ` of ${max}` : ''}
            {words !== '' ? ` · ${words}` : ''}
          </>
        ) : (
          <>C-SSRS screener: {words}</>
        )}
      </Text>
      {result.risk !== null ? (
        <Alert
          color="red"
          variant="filled"
          role="alert"
          title={`Risk follow-up task created: ${result.risk.reason}`}
          data-testid="risk-alert"
        >
          {result.risk.urgency === 'urgent' ? 'Urgent: shown on Today until someone records what was done.' : 'To be followed up today.'}{' '}
          Assigned to the patient’s {result.risk.recipients.join(' and ')}. Record what was done under Follow-up tasks on this page.
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          No risk follow-up was needed.
        </Text>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose}>Close</Button>
      </Group>
    </Stack>
  );
}
