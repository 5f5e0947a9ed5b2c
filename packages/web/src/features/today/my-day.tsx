import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { DosingBoardItem } from '../dosing-session/dosing-session-api';
import { listSiteRiskTasks } from '../measures/measures-api';
import { getMySchedule, type ScheduleEvent } from '../schedule/schedule-api';
import { kindName, roleName } from '../schedule/labels';
import { formatTimeRange } from '../schedule/site-time';
import { MyCredentialWarnings } from '../credentials/credential-warnings';
import { useSignIn } from '../sign-in/sign-in-context';
import { useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';

/** One line of My day: a booked event at its time, or a task due today or before (first, no time). */
export type MyDayLine =
  | { kind: 'task'; id: string; urgent: boolean; what: string; patient: { id: string; name: string }; due: string }
  | { kind: 'event'; id: string; startsAt: string; endsAt: string; event: ScheduleEvent; role: string | undefined; sessionId?: string };

/**
 * The user's own day in time order: their open follow-up tasks due today or earlier first (urgent
 * ones before the rest), then each event they are booked on, by start. A dosing event links to its
 * console when the board has its session.
 */
export function myDayLines(
  userId: string,
  events: readonly ScheduleEvent[],
  tasks: readonly {
    id: string;
    urgency: string;
    reason: string;
    dueDate: string;
    patient: { id: string; name: string };
    assignees: readonly { userId: string }[];
  }[],
  board: readonly Pick<DosingBoardItem, 'eventId' | 'sessionId'>[],
  today: string,
): MyDayLine[] {
  const sessionOf = new Map(board.map((b) => [b.eventId, b.sessionId]));
  const mine = tasks
    .filter((t) => t.assignees.some((a) => a.userId === userId) && t.dueDate <= today)
    .sort((a, b) => Number(b.urgency === 'urgent') - Number(a.urgency === 'urgent') || a.dueDate.localeCompare(b.dueDate))
    .map((t): MyDayLine => ({
      kind: 'task',
      id: t.id,
      urgent: t.urgency === 'urgent',
      what: t.reason,
      patient: t.patient,
      due: t.dueDate,
    }));
  const booked = events
    .filter((e) => e.state !== 'cancelled' && e.staff.some((s) => s.userId === userId))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((e): MyDayLine => {
      const sessionId = sessionOf.get(e.id);
      return {
        kind: 'event',
        id: e.id,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        event: e,
        role: e.staff.find((s) => s.userId === userId)?.role,
        ...(sessionId === undefined ? {} : { sessionId }),
      };
    });
  return [...mine, ...booked];
}

interface Props {
  siteId: string;
  timeZone: string;
  range: { from: string; to: string };
  /** The day shown (tasks appear on today's only). */
  day: string;
  today: string;
  board: readonly DosingBoardItem[];
}

/** Today's first card: what the signed-in person has to do today, in time order, at this site. */
export function MyDay({ siteId, timeZone, range, day, today, board }: Props) {
  const { signedIn } = useSignIn();
  const userId = signedIn?.user.id ?? '';
  const events = useResource(
    `my-day:${siteId}:${range.from}:${userId}`,
    () => getMySchedule(siteId, range.from, range.to, userId),
    'Your day could not be loaded.',
  );
  // The same list as the risk follow-up card (one request for both).
  const tasks = useResource(`today-risk-tasks:${siteId}`, () => listSiteRiskTasks(siteId), 'The follow-up tasks could not be loaded.');
  if (events.state.status === 'error') return <LoadError state={events.state} />;
  if (events.data === undefined) return null;
  const lines = myDayLines(userId, events.data.items, day === today ? (tasks.data?.items ?? []) : [], board, today);
  return (
    <Card withBorder radius="md" data-testid="my-day">
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={3} size="h4">
            My day
          </Title>
          <Text size="sm" c="dimmed">
            {lines.length === 0
              ? `nothing booked for you${day === today ? ' and no task due' : ' on this day'}`
              : `${lines.length} ${lines.length === 1 ? 'item' : 'items'}`}
          </Text>
        </Group>
        <MyCredentialWarnings />
        {lines.length > 0 && (
          <Table verticalSpacing={4} aria-label="My day">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={130}>When</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Where</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((l) =>
                l.kind === 'task' ? <TaskRow key={l.id} line={l} today={today} /> : <EventRow key={l.id} line={l} timeZone={timeZone} />,
              )}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

function TaskRow({ line, today }: { line: Extract<MyDayLine, { kind: 'task' }>; today: string }) {
  return (
    <Table.Tr data-testid="my-day-task">
      <Table.Td>
        <Badge color={line.urgent ? 'red' : 'orange'} variant={line.urgent ? 'filled' : 'light'}>
          {line.urgent ? 'Urgent' : line.due < today ? 'Overdue' : 'Due today'}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">Follow-up: {line.what}</Text>
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/patients/${line.patient.id}`} size="sm" fw={600}>
          {line.patient.name}
        </Anchor>
      </Table.Td>
      <Table.Td />
    </Table.Tr>
  );
}

function EventRow({ line, timeZone }: { line: Extract<MyDayLine, { kind: 'event' }>; timeZone: string }) {
  const e = line.event;
  const where = e.chair !== null ? `${e.chair.name}, ${e.chair.room}` : (e.room?.name ?? '');
  return (
    <Table.Tr data-testid="my-day-event" data-kind={e.kind}>
      <Table.Td>
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
          {formatTimeRange(line.startsAt, line.endsAt, timeZone)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {kindName(e.kind)}: {e.title}
          {line.role !== undefined && (
            <Text span size="sm" c="dimmed">
              {' '}
              (as {roleName(line.role)})
            </Text>
          )}
        </Text>
        {line.sessionId !== undefined && (
          <Anchor component={Link} to={`/sessions/${line.sessionId}`} size="sm">
            Open the dosing console
          </Anchor>
        )}
      </Table.Td>
      <Table.Td>
        {e.patient.id === null ? (
          <Text size="sm">{e.patient.name}</Text>
        ) : (
          <Anchor component={Link} to={`/patients/${e.patient.id}`} size="sm" fw={600}>
            {e.patient.name}
          </Anchor>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{where}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
