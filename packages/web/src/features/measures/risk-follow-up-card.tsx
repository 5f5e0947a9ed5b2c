import { Alert, Badge, Button, Checkbox, Group, Loader, Paper, Stack, Text, Textarea } from '@mantine/core';
import { RiskTaskCompleteBodySchema, type RiskTaskCompleteBody } from '@kairos/api';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { ApiError, fieldErrors } from '../../api/client';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { NoneRecorded, SectionCard } from '../../ui/section-card';
import { formatDay } from './labels';
import { completeRiskTask, listRiskTasks, type RiskTask } from './measures-api';
import { LoadError } from '../../ui/load-error';
import { ReferModal } from '../intake/refer-modal';

const URGENCY: Record<RiskTask['urgency'], { label: string; color: string }> = {
  urgent: { label: 'Urgent', color: 'red' },
  'same-day': { label: 'Same day', color: 'orange' },
  routine: { label: 'To decide', color: 'blue' },
};

/**
 * Follow-up tasks (patient page): the patient's open tasks (risk follow-ups, screening reviews, a
 * maintenance session to consider after a lost response), urgent first, each with who it is
 * for; a clinician records what was done (a note is required) and the task closes.
 */
export function RiskFollowUpCard({
  patientId,
  refreshKey,
  canComplete,
  onEnrolled,
}: {
  patientId: string;
  refreshKey: number;
  canComplete: boolean;
  /** A maintenance task's referral created an enrollment (the page's enrollments load again). */
  onEnrolled?: () => void;
}) {
  const [showDone, setShowDone] = useState(false);
  const tasks = useResource(
    `risk-tasks:${patientId}:${refreshKey}:${showDone}`,
    () => listRiskTasks(patientId, showDone),
    'The risk follow-up tasks could not be loaded.',
  );
  const items = [...(tasks.data?.items ?? [])].sort(
    (a, b) =>
      Number(a.completedAt !== null) - Number(b.completedAt !== null) ||
      Number(b.urgency === 'urgent') - Number(a.urgency === 'urgent') ||
      a.createdAt.localeCompare(b.createdAt),
  );
  const open = items.filter((t) => t.completedAt === null);
  return (
    <SectionCard
      title="Follow-up tasks"
      testId="risk-follow-up"
      action={<Checkbox size="xs" label="Show done" checked={showDone} onChange={(e) => setShowDone(e.currentTarget.checked)} />}
    >
      {tasks.state.status === 'loading' && tasks.data === undefined && <Loader size="sm" aria-label="Loading follow-up tasks" />}
      <LoadError state={tasks.state} />
      {tasks.data !== undefined && open.length === 0 && <NoneRecorded text="No open follow-up task." />}
      {items.map((t) => (
        <RiskTaskItem
          key={t.id}
          task={t}
          canComplete={canComplete}
          onDone={tasks.reload}
          {...(onEnrolled === undefined ? {} : { onEnrolled })}
        />
      ))}
    </SectionCard>
  );
}

/** One risk task with its state, and the form to record what was done. */
export function RiskTaskItem({
  task,
  canComplete,
  onDone,
  onEnrolled,
}: {
  task: RiskTask;
  canComplete: boolean;
  onDone: () => void;
  onEnrolled?: () => void;
}) {
  const [recording, setRecording] = useState(false);
  const [referring, setReferring] = useState(false);
  const done = task.completedAt !== null;
  const u = URGENCY[task.urgency];
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      data-testid="risk-task"
      data-task-id={task.id}
      data-urgency={task.urgency}
      data-done={done ? 'true' : 'false'}
      style={done ? { opacity: 0.75 } : undefined}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge color={done ? 'green' : u.color} variant={task.urgency === 'urgent' && !done ? 'filled' : 'light'}>
            {done ? 'Done' : u.label}
          </Badge>
          <Text size="sm" fw={600} style={{ flex: 1 }}>
            {task.reason}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          Raised {formatInstant(task.createdAt)} · due {formatDay(task.dueDate)} · for{' '}
          {task.assignees.map((a) => a.displayName).join(', ') || 'the care team'}
        </Text>
        {done && (
          <Text size="sm">
            <b>Done</b> {formatInstant(task.completedAt)}
            {task.completedBy !== null ? ` by ${task.completedBy}` : ''}: {task.outcomeNote}
          </Text>
        )}
        {!done && canComplete && !recording && (
          <Group>
            {task.kind === 'consider-maintenance' && (
              <Button size="xs" onClick={() => setReferring(true)} data-testid="refer-maintenance">
                Refer for a maintenance session…
              </Button>
            )}
            <Button size="xs" variant="light" onClick={() => setRecording(true)}>
              Record what was done
            </Button>
          </Group>
        )}
        {!done && recording && <CompleteForm task={task} onCancel={() => setRecording(false)} onDone={onDone} />}
        {task.kind === 'consider-maintenance' && (
          <ReferModal
            patientId={task.patient.id}
            opened={referring}
            initial={{ programTemplate: 'maintenance-1' }}
            onClose={() => setReferring(false)}
            onCreated={() => {
              setReferring(false);
              onEnrolled?.();
              // The task is answered by the referral: closed with what was done, in words.
              void completeRiskTask(task.id, 'Referred for a maintenance session (screening and the prescriber’s decision follow).').then(
                onDone,
                onDone,
              );
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}

function CompleteForm({ task, onCancel, onDone }: { task: RiskTask; onCancel: () => void; onDone: () => void }) {
  // The contract's rule (what was done, 3 to 4000 characters), checked here before sending.
  const form = useForm<RiskTaskCompleteBody>({ initialValues: { note: '' }, validate: zod4Resolver(RiskTaskCompleteBodySchema) });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      await completeRiskTask(task.id, values.note.trim());
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setError('Someone already recorded this task as done. The list is being refreshed.');
        onDone();
      } else {
        const noteError = fieldErrors(err).note;
        if (noteError !== undefined) form.setFieldError('note', noteError);
        setError(errorText(err, 'Not saved.'));
      }
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} noValidate data-testid="complete-risk-task">
      <Stack gap="xs">
        <Textarea
          label="What was done"
          description="e.g. who contacted the patient, what was assessed, the plan agreed"
          required
          autosize
          minRows={2}
          maxLength={4000}
          {...form.getInputProps('note')}
          data-autofocus
        />
        {error !== undefined && (
          <Alert color="red" p="xs" role="alert">
            {error}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={busy}>
            Save and close task
          </Button>
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
