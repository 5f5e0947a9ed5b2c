import { Alert, Anchor, Badge, Button, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { addDaysToIsoDate } from '@kairos/core';
import { Fragment, useState } from 'react';
import { formatInstant } from '../../api/use-resource';
import { NoneRecorded, SectionCard } from '../../ui/section-card';
import { formatDay, instrumentName, resultText, TASK_STATES } from './labels';
import type { MeasurementTask, QuestionnaireResponse } from './measures-api';
import { correctable, CorrectQuestionnaireDateButton, QuestionnaireCorrections } from './correct-questionnaire-date';

/** Dates this many days past today are folded away until asked for. */
const NEAR_DAYS = 14;
const LATEST = 5;

/**
 * Questionnaires (patient page): the course's questionnaire tasks by date with their state in
 * words and colour, and the latest responses with totals and results. Staff who may enter one get
 * "Enter questionnaire" (and "Enter" on each open task, which fills in the date it answers).
 */
export function QuestionnairesCard({
  tasks,
  today,
  responses,
  loading,
  error,
  canEnter,
  onEnter,
  canCorrect = false,
  onCorrected = () => undefined,
}: {
  tasks: MeasurementTask[] | undefined;
  today: string | undefined;
  responses: QuestionnaireResponse[] | undefined;
  loading: boolean;
  error: string | undefined;
  canEnter: boolean;
  onEnter: (task?: MeasurementTask) => void;
  /** Whether the user may correct the date of a questionnaire staff entered; `onCorrected` reloads. */
  canCorrect?: boolean;
  onCorrected?: () => void;
}) {
  return (
    <SectionCard
      title="Questionnaires"
      testId="questionnaires"
      action={
        canEnter && (
          <Button size="xs" onClick={() => onEnter()}>
            Enter questionnaire
          </Button>
        )
      }
    >
      {loading && tasks === undefined && <Loader size="sm" aria-label="Loading questionnaires" />}
      {error !== undefined && <Alert color="red">{error}</Alert>}
      {tasks !== undefined && <TaskTable tasks={tasks} today={today} canEnter={canEnter} onEnter={onEnter} />}
      {responses !== undefined && <LatestResponses responses={responses} canCorrect={canCorrect} onCorrected={onCorrected} />}
    </SectionCard>
  );
}

function TaskTable({
  tasks,
  today,
  canEnter,
  onEnter,
}: {
  tasks: MeasurementTask[];
  today: string | undefined;
  canEnter: boolean;
  onEnter: (task: MeasurementTask) => void;
}) {
  const [showAll, setShowAll] = useState(false);
  if (tasks.length === 0) return <NoneRecorded text="No questionnaires scheduled: they are planned once a course is booked." />;
  const horizon = today === undefined ? undefined : addDaysToIsoDate(today, NEAR_DAYS);
  const near = (t: MeasurementTask) => horizon === undefined || t.state !== 'upcoming' || t.date <= horizon;
  const shown = showAll ? tasks : tasks.filter(near);
  const hidden = tasks.length - shown.length;
  const byDate = new Map<string, MeasurementTask[]>();
  for (const t of shown) byDate.set(t.date, [...(byDate.get(t.date) ?? []), t]);
  return (
    <Stack gap={4}>
      <Title order={5}>Scheduled</Title>
      <Table fz="sm" verticalSpacing={4} aria-label="Scheduled questionnaires" data-testid="measurement-tasks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th>Questionnaire</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Due by</Table.Th>
            {canEnter && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...byDate.entries()].map(([date, group]) => (
            <Fragment key={date}>
              {group.map((t, i) => (
                <Table.Tr key={`${t.enrollmentId}|${t.key}`} data-task={t.key} data-state={t.state}>
                  {i === 0 && (
                    <Table.Td rowSpan={group.length} style={{ verticalAlign: 'top' }}>
                      <Text size="sm" fw={600}>
                        {formatDay(date)}
                        {date === today ? ' (today)' : ''}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {[...new Set(group.flatMap((g) => g.labels))].join(', ')}
                      </Text>
                    </Table.Td>
                  )}
                  <Table.Td>{instrumentName(t.instrument)}</Table.Td>
                  <Table.Td>
                    <Badge color={TASK_STATES[t.state].color} variant={t.state === 'overdue' ? 'filled' : 'light'}>
                      {TASK_STATES[t.state].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {t.state === 'upcoming'
                        ? `opens ${formatDay(t.opensOn, false)}`
                        : t.state === 'done'
                          ? ''
                          : formatDay(t.dueBy, false)}
                    </Text>
                  </Table.Td>
                  {canEnter && (
                    <Table.Td ta="right">
                      {(t.state === 'due' || t.state === 'overdue') && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() => onEnter(t)}
                          aria-label={`Enter ${instrumentName(t.instrument)} for ${formatDay(t.date)}`}
                        >
                          Enter
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
      {(hidden > 0 || showAll) && (
        <Anchor component="button" type="button" size="sm" onClick={() => setShowAll((s) => !s)}>
          {showAll ? 'Show only the next two weeks' : `Show ${hidden} later questionnaire${hidden === 1 ? '' : 's'}`}
        </Anchor>
      )}
    </Stack>
  );
}

function LatestResponses({
  responses,
  canCorrect,
  onCorrected,
}: {
  responses: QuestionnaireResponse[];
  canCorrect: boolean;
  onCorrected: () => void;
}) {
  const [showAll, setShowAll] = useState(false);
  const newest = [...responses].sort((a, b) => b.completedAt.localeCompare(a.completedAt));
  const shown = showAll ? newest : newest.slice(0, LATEST);
  return (
    <Stack gap={4}>
      <Title order={5}>Latest responses</Title>
      {newest.length === 0 ? (
        <NoneRecorded text="No questionnaire answered yet." />
      ) : (
        <Table fz="sm" verticalSpacing={4} aria-label="Latest questionnaire responses" data-testid="latest-responses">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Completed</Table.Th>
              <Table.Th>Questionnaire</Table.Th>
              <Table.Th>Total</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Entered</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.id} data-response={r.id}>
                <Table.Td>
                  {formatInstant(r.completedAt)}
                  <QuestionnaireCorrections response={r} />
                  {canCorrect && correctable(r) && <CorrectQuestionnaireDateButton response={r} onCorrected={onCorrected} />}
                </Table.Td>
                <Table.Td>{instrumentName(r.instrument)}</Table.Td>
                <Table.Td fw={600}>{r.total ?? '—'}</Table.Td>
                <Table.Td>
                  <ResultCell response={r} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {r.channel === 'portal' ? 'by the patient (portal)' : `by ${r.enteredBy ?? 'staff'}`}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {newest.length > LATEST && (
        <Anchor component="button" type="button" size="sm" onClick={() => setShowAll((s) => !s)}>
          {showAll ? 'Show the latest only' : `Show all ${newest.length} responses`}
        </Anchor>
      )}
    </Stack>
  );
}

/** The result in words; a warning badge (with its text) when the answers raised a risk. */
function ResultCell({ response }: { response: QuestionnaireResponse }) {
  const s = response.score;
  const risky = (s.instrument === 'phq9' && s.item9Positive) || (s.instrument === 'cssrs' && s.risk !== 'none');
  const high = s.instrument === 'cssrs' && s.risk === 'high';
  const text = resultText(s);
  return (
    <Text size="sm" c={risky ? (high ? 'red' : 'orange') : undefined} fw={risky ? 600 : undefined}>
      {risky ? '⚠ ' : ''}
      {text === '' ? '—' : text}
    </Text>
  );
}
