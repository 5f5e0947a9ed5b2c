import { Anchor, Group, SimpleGrid, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useResource } from '../../api/use-resource';
import { useRoles } from '../../ui/use-roles';
import { progressLetterHref } from '../outcomes/program-outcomes-api';
import { COMPLETE_TASK_ROLES, CORRECT_ROLES, ENTER_ROLES, OUTCOME_ROLES, SHARED_JOURNAL_ROLES } from './labels';
import { listMeasurementTasks, listResponses, type MeasurementTask } from './measures-api';
import { QuestionnaireEntryModal } from './questionnaire-entry';
import { QuestionnairesCard } from './questionnaires-card';
import { RiskFollowUpCard } from './risk-follow-up-card';
import { SharedJournalCard } from './shared-journal-card';

/**
 * Measurement-based care on the patient page: questionnaires (scheduled and answered, with entry
 * by staff), risk follow-up tasks and the patient's shared journal; a link to the outcome view and
 * the progress letter to the referring clinician (a PDF, downloaded) for the roles that read outcomes.
 */
export function MeasuresPanel({
  patientId,
  onEnrolled,
}: {
  patientId: string;
  /** A task's referral enrolled the patient in a course. */
  onEnrolled?: () => void;
}) {
  const { has } = useRoles();
  const [version, setVersion] = useState(0);
  const [entry, setEntry] = useState<{ key: number; task?: MeasurementTask }>();
  const [opens, setOpens] = useState(0);
  const tasks = useResource(
    `measurement-tasks:${patientId}:${version}`,
    () => listMeasurementTasks(patientId),
    'The questionnaire schedule could not be loaded.',
  );
  const responses = useResource(
    `responses:${patientId}:${version}`,
    () => listResponses(patientId),
    'The questionnaire responses could not be loaded.',
  );
  const canEnter = has(...ENTER_ROLES);
  const error =
    tasks.state.status === 'error' ? tasks.state.message : responses.state.status === 'error' ? responses.state.message : undefined;

  const open = (task?: MeasurementTask) => {
    setOpens((n) => n + 1);
    setEntry({ key: opens + 1, ...(task !== undefined ? { task } : {}) });
  };

  return (
    <Stack gap="sm" data-testid="measures-panel">
      <Group justify="space-between">
        <Title order={3}>Measurement-based care</Title>
        {has(...OUTCOME_ROLES) && (
          <Group gap="md">
            <Anchor href={progressLetterHref(patientId)} download data-testid="progress-letter-link">
              Progress letter (PDF)
            </Anchor>
            <Anchor component={Link} to={`/patients/${encodeURIComponent(patientId)}/outcomes`} data-testid="outcomes-link">
              Outcome view →
            </Anchor>
          </Group>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <RiskFollowUpCard
          patientId={patientId}
          refreshKey={version}
          canComplete={has(...COMPLETE_TASK_ROLES)}
          {...(onEnrolled === undefined ? {} : { onEnrolled })}
        />
        {has(...SHARED_JOURNAL_ROLES) && <SharedJournalCard patientId={patientId} />}
      </SimpleGrid>
      <QuestionnairesCard
        tasks={tasks.data?.tasks}
        today={tasks.data?.today}
        responses={responses.data?.items}
        loading={tasks.state.status === 'loading' || responses.state.status === 'loading'}
        error={error}
        canEnter={canEnter}
        onEnter={open}
        canCorrect={has(...CORRECT_ROLES)}
        onCorrected={() => setVersion((v) => v + 1)}
      />
      {canEnter && (
        <QuestionnaireEntryModal
          patientId={patientId}
          opened={entry !== undefined}
          openKey={entry?.key ?? 0}
          task={entry?.task}
          tasks={tasks.data?.tasks ?? []}
          onClose={() => setEntry(undefined)}
          onSaved={() => setVersion((v) => v + 1)}
        />
      )}
    </Stack>
  );
}
