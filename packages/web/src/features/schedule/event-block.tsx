import { Badge, Group, Paper, Text, UnstyledButton } from '@mantine/core';
import { kindColor, kindName, roleName } from './labels';
import type { ScheduleEvent } from './schedule-api';
import { formatTimeRange } from './site-time';

interface Props {
  event: ScheduleEvent;
  timeZone: string;
  /** In a staff member's row: show that person's role first. */
  userId?: string;
  /** A narrow cell (week view): the kind goes on its own line. */
  compact?: boolean;
  onOpen: (event: ScheduleEvent) => void;
}

/** One event: time at the site, kind, title, patient label and staff; struck through when cancelled. */
export function EventBlock({ event, timeZone, userId, compact = false, onOpen }: Props) {
  const cancelled = event.state === 'cancelled';
  const mine = userId === undefined ? undefined : event.staff.find((s) => s.userId === userId);
  const where = event.chair !== null ? event.chair.name : event.room?.name;
  const kind = cancelled ? 'Cancelled' : kindName(event.kind);
  return (
    // The button's name is its visible text (time, kind, title, patient, staff: WCAG 2.5.3, label in name).
    <UnstyledButton onClick={() => onOpen(event)} w="100%">
      <Paper
        withBorder
        p={6}
        radius="sm"
        data-testid="schedule-event"
        data-kind={event.kind}
        data-state={event.state}
        style={{
          borderLeft: `4px solid var(--mantine-color-${kindColor(event.kind)}-6)`,
          opacity: cancelled ? 0.6 : 1,
          textDecoration: cancelled ? 'line-through' : undefined,
          background: cancelled ? 'var(--mantine-color-gray-0)' : undefined,
        }}
      >
        {compact ? (
          <>
            <Text size="xs" fw={700} style={{ whiteSpace: 'nowrap' }}>
              {formatTimeRange(event.startsAt, event.endsAt, timeZone)}
            </Text>
            <Text fz={10} fw={700} tt="uppercase" c={cancelled ? 'gray.7' : kindColor(event.kind)}>
              {kind}
            </Text>
          </>
        ) : (
          <Group gap={4} justify="space-between" wrap="nowrap">
            <Text size="xs" fw={700}>
              {formatTimeRange(event.startsAt, event.endsAt, timeZone)}
            </Text>
            <Badge size="xs" variant="light" color={cancelled ? 'gray' : kindColor(event.kind)}>
              {kind}
            </Badge>
          </Group>
        )}
        <Text size="xs" fw={600} lh={1.25} mt={2}>
          {event.title}
        </Text>
        <Text size="xs" lh={1.25}>
          {event.patient.name}
        </Text>
        {mine !== undefined ? (
          <Text size="xs" c="dimmed" lh={1.25}>
            as {roleName(mine.role)} {where === undefined ? '' : `· ${where}`}
          </Text>
        ) : (
          event.staff.map((s) => (
            <Text key={s.role + s.userId} size="xs" c="dimmed" lh={1.25}>
              {roleName(s.role)}: {s.name}
            </Text>
          ))
        )}
      </Paper>
    </UnstyledButton>
  );
}
