import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useResource } from '../../api/use-resource';
import { COMPLETE_TASK_ROLES, formatDay, instrumentName, KIOSK_ROLES, TASK_STATES } from '../measures/labels';
import { listSiteMeasurementTasks, listSiteRiskTasks } from '../measures/measures-api';
import { RiskTaskItem } from '../measures/risk-follow-up-card';
import { HandOverTablet } from '../measures/hand-over-tablet';
import { EmailQuestionnaireLinks } from '../measures/email-questionnaire-links';
import type { LiveEvent } from '../../api/use-live-view';
import { useRoles } from '../../ui/use-roles';
import { useSignIn } from '../sign-in/sign-in-context';
import { LoadError } from '../../ui/load-error';

const RISK_EVENTS = new Set(['risk-task', 'risk-task-done']);

/**
 * Reloads a list when a live event about it is heard, but not behind the lock screen: these lists
 * are not live feeds, so the server refuses them to an idle sign-in. What was heard while locked
 * is loaded on unlocking.
 */
export function useReloadWhenUnlocked(heard: string | undefined, reload: () => void): void {
  const { state } = useSignIn();
  const locked = state.status === 'signed-in' && state.locked;
  const missed = useRef(false);
  useEffect(() => {
    if (heard === undefined) return;
    if (locked) missed.current = true;
    else reload();
    // `locked` is read, not watched: unlocking is handled below.
  }, [heard, reload]);
  useEffect(() => {
    if (!locked && missed.current) {
      missed.current = false;
      reload();
    }
  }, [locked, reload]);
}

/**
 * Risk follow-up on Today: urgent tasks (C-SSRS high) stay here, in red, until a clinician records
 * what was done; same-day tasks (PHQ-9 item 9, C-SSRS low or moderate) are listed under them.
 * Live: a new or closed task at the site reloads the list.
 */
export function TodayRiskTasks({ siteId, lastEvent }: { siteId: string; lastEvent: LiveEvent | undefined }) {
  const { has } = useRoles();
  const tasks = useResource(`today-risk-tasks:${siteId}`, () => listSiteRiskTasks(siteId), 'The risk follow-up tasks could not be loaded.');
  const { reload } = tasks;
  const heard = lastEvent !== undefined && RISK_EVENTS.has(lastEvent.type) ? lastEvent.id : undefined;
  useReloadWhenUnlocked(heard, reload);
  // A maintenance session to consider is the prescriber's decision, not a risk to follow up today:
  // it is on the patient page and the prescriber's My day.
  const items = (tasks.data?.items ?? []).filter((t) => t.kind !== 'consider-maintenance');
  if (tasks.state.status === 'error') return <LoadError state={tasks.state} />;
  if (items.length === 0) return null;
  const urgent = items.filter((t) => t.urgency === 'urgent');
  return (
    <Card
      withBorder
      radius="md"
      data-testid="today-risk-tasks"
      style={urgent.length > 0 ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}
    >
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={4}>Risk follow-up</Title>
          {urgent.length > 0 && (
            <Badge color="red" variant="filled" data-testid="urgent-count">
              {urgent.length} urgent
            </Badge>
          )}
          <Text size="sm" c="dimmed">
            {items.length} open
          </Text>
        </Group>
        {items.map((t) => (
          <Stack key={t.id} gap={4}>
            <Anchor component={Link} to={`/patients/${t.patient.id}`} fw={600} size="sm">
              {t.patient.name} · {t.patient.mrn}
            </Anchor>
            <RiskTaskItem task={t} canComplete={has(...COMPLETE_TASK_ROLES)} onDone={reload} />
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}

/** Questionnaires due or overdue today at the site, by patient (done today shown as done). */
export function TodayQuestionnaires({ siteId, lastEvent }: { siteId: string; lastEvent: LiveEvent | undefined }) {
  const { has } = useRoles();
  const due = useResource(
    `today-measures:${siteId}`,
    () => listSiteMeasurementTasks(siteId),
    'The questionnaires due could not be loaded.',
  );
  const { reload } = due;
  const heard = lastEvent?.type === 'risk-task' ? lastEvent.id : undefined;
  useReloadWhenUnlocked(heard, reload);
  if (due.state.status === 'error') return <LoadError state={due.state} />;
  const items = due.data?.items ?? [];
  if (due.data === undefined) return null;
  const openOf = (i: (typeof items)[number]) => i.tasks.filter((t) => t.state !== 'done').length;
  const open = items.reduce((n, i) => n + openOf(i), 0);
  return (
    <Card withBorder radius="md" data-testid="today-questionnaires">
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={4}>Questionnaires</Title>
          <Text size="sm" c="dimmed">
            {open === 0 ? 'nothing due today' : `${open} due or overdue`}
          </Text>
          {open > 0 && has(...KIOSK_ROLES) && <EmailQuestionnaireLinks siteId={siteId} due={items.filter((i) => openOf(i) > 0)} />}
        </Group>
        {items.length > 0 && (
          <Table verticalSpacing={4} aria-label="Questionnaires due today">
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.patient.id} data-patient={i.patient.mrn}>
                  <Table.Td>
                    <Anchor component={Link} to={`/patients/${i.patient.id}`} size="sm" fw={600}>
                      {i.patient.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {i.patient.mrn}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {i.tasks.map((t) => (
                        <Badge
                          key={t.key}
                          color={TASK_STATES[t.state].color}
                          variant={t.state === 'overdue' ? 'filled' : 'light'}
                          title={`for ${formatDay(t.date)}, due by ${formatDay(t.dueBy)}`}
                        >
                          {instrumentName(t.instrument)} · {TASK_STATES[t.state].label}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    {openOf(i) > 0 && has(...KIOSK_ROLES) && <HandOverTablet patient={i.patient} due={openOf(i)} />}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
