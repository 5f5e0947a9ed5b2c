import { ivDoseOf } from '@kairos/core';
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ScheduleEvent } from '../schedule/schedule-api';
import { PauseRecommendedBadge } from './alert-level-badge';
import { formatClock, formatDuration, STATE_COLORS, STATE_LABELS } from './labels';
import type { DosingSessionView } from './dosing-session-api';

function Timer({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={0} align="flex-end">
      <Text size="xs" c="dimmed" tt="uppercase" style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Text>
      <Text fw={800} size="xl" ff="monospace" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

/** The planned minutes' end: pauses not counted (the server's planned end while running, the minutes left while paused). */
function PlannedTimer({
  session,
  start,
  planned,
  nowMs,
}: {
  session: DosingSessionView;
  start: number;
  planned: number | undefined;
  nowMs: number;
}) {
  const inf = session.infusion;
  if (inf.plannedMinutesReachedAt !== null && inf.plannedMinutesReachedAt !== undefined)
    return <Timer label="Planned time" value="reached" testId="timer-planned-end" />;
  if (session.state === 'paused')
    return (
      <Timer
        label="Planned time left"
        value={formatDuration((inf.plannedMinutes - inf.runningMinutes) * 60_000)}
        testId="timer-planned-end"
      />
    );
  if (inf.plannedEndAt !== null && inf.plannedEndAt !== undefined)
    return <Timer label="Planned end in" value={formatDuration(Date.parse(inf.plannedEndAt) - nowMs)} testId="timer-planned-end" />;
  return planned === undefined ? null : (
    <Timer label="Planned end in" value={formatDuration(start + planned * 60_000 - nowMs)} testId="timer-planned-end" />
  );
}

/** Who, where, what state, and the clocks that matter: since the infusion started, observation remaining. */
export function ConsoleHeader({
  session,
  event,
  nowMs,
  timeZone,
}: {
  session: DosingSessionView;
  event?: ScheduleEvent;
  nowMs: number;
  timeZone?: string;
}) {
  const start = session.infusionStartedAt === null ? undefined : Date.parse(session.infusionStartedAt);
  const end = session.infusionEndedAt === null ? undefined : Date.parse(session.infusionEndedAt);
  const planned = session.doseOrder === null ? undefined : ivDoseOf(session.doseOrder.calculation)?.inputs.minutes;
  const obsEnds = session.discharge?.minimumObservationEndsAt;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="console-header">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap="sm">
            <Title order={2} data-testid="console-patient">
              {event?.patient.name ?? 'Patient'}
            </Title>
            {event?.patient.mrn !== null && event?.patient.mrn !== undefined && <Text c="dimmed">{event.patient.mrn}</Text>}
          </Group>
          <Group gap="xs">
            <Badge size="xl" color={STATE_COLORS[session.state]} variant="filled" data-testid="console-state">
              {STATE_LABELS[session.state]}
            </Badge>
            {session.pauseRecommended && <PauseRecommendedBadge size="lg" />}
            <Text fw={600}>
              {event?.chair === null || event?.chair === undefined ? 'No chair' : `${event.chair.name} · ${event.chair.room}`}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {event === undefined ? '' : `Booked ${formatClock(event.startsAt, timeZone)}–${formatClock(event.endsAt, timeZone)} · `}
            {event?.staff.map((s) => s.name).join(', ')} · protocol v{session.protocolVersion}
          </Text>
        </Stack>
        <Group gap="lg" wrap="nowrap">
          {start !== undefined &&
            (session.route === 'IV' ? (
              <Timer
                label={end === undefined ? 'Since infusion start' : 'Infusion ran'}
                value={formatDuration((end ?? nowMs) - start)}
                testId="timer-since-start"
              />
            ) : (
              <Timer label="Since the dose" value={formatDuration(nowMs - start)} testId="timer-since-start" />
            ))}
          {start !== undefined && end === undefined && <PlannedTimer session={session} start={start} planned={planned} nowMs={nowMs} />}
          {obsEnds !== undefined && (
            <Timer label="Observation remaining" value={formatDuration(Date.parse(obsEnds) - nowMs)} testId="timer-observation" />
          )}
        </Group>
      </Group>
    </Paper>
  );
}
