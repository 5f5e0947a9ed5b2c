import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { buildMonitoringSchedule, ivDoseOf, monitoringSpanOf, type ProtocolConfig } from '@kairos/core';
import { useMemo } from 'react';
import { formatClock } from './labels';
import { StatusIcon } from './status-icon';
import type { DosingSessionView } from './dosing-session-api';

const MAX_SHOWN = 4;
const KIND_LABELS: Record<string, string> = { vitals: 'Vital signs', moaas: 'MOAA/S', cadss6: 'CADSS-6' };

/** What is overdue (from the server) and what is due next (core's monitoring schedule for this site). */
export function MonitoringCard({
  session,
  config,
  nowMs,
  timeZone,
}: {
  session: DosingSessionView;
  config: ProtocolConfig;
  nowMs: number;
  timeZone?: string;
}) {
  const start = session.infusionStartedAt;
  const ordered = session.doseOrder === null ? undefined : ivDoseOf(session.doseOrder.calculation)?.inputs.minutes;
  const planned = ordered ?? Number(config.dosing.infusionMinutes.value);
  const route = session.route;
  const closer = session.monitoring?.closer ?? null;
  const closerOn = closer !== null;
  const schedule = useMemo(() => {
    if (start === null) return undefined;
    try {
      // Without an infusion the schedule counts the planned minutes from the administration.
      const span = monitoringSpanOf(route, { startedAt: start, endedAt: session.infusionEndedAt }, planned);
      return buildMonitoringSchedule(span.start, span.end, config.vitals, { closerBloodPressure: closerOn });
    } catch {
      return undefined;
    }
  }, [start, session.infusionEndedAt, planned, config, closerOn, route]);
  if (start === null || session.monitoring === null) {
    return (
      <Card withBorder radius="md" data-testid="monitoring">
        <Title order={4}>Monitoring</Title>
        <Text size="sm" c="dimmed">
          The schedule of readings starts with the infusion.
        </Text>
      </Card>
    );
  }
  // After discharge or abort nothing is due any more (the server still lists the schedule's misses).
  const closed = session.state === 'discharged' || session.state === 'aborted';
  const overdue = closed ? [] : session.monitoring.overdue;
  const next = closed ? [] : (schedule?.items ?? []).filter((i) => i.dueAtMs > nowMs).slice(0, 3);
  const ended = session.infusionEndedAt !== null;
  return (
    <Card withBorder radius="md" data-testid="monitoring">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>Monitoring</Title>
          {overdue.length === 0 ? (
            <Badge color="green" variant="light">
              ✓ nothing overdue
            </Badge>
          ) : (
            <Badge color="red" variant="filled">
              {overdue.length} overdue
            </Badge>
          )}
        </Group>
        {closer !== null && (
          <Text size="sm" fw={600} data-testid="closer-monitoring">
            <StatusIcon name="clock" /> Closer blood-pressure monitoring: every{' '}
            {closer.everyMinutes ?? config.vitals.schedule.closerVitalsEveryMinutes.value} min during the infusion and{' '}
            {closer.minutesAfterEnd ?? config.vitals.schedule.closerMonitoringMinutesAfterEnd.value} min after it, because of{' '}
            {closer.reasons.join('; ')}.
          </Text>
        )}
        {overdue.slice(0, MAX_SHOWN).map((o) => (
          <Text key={`${o.item.kind}-${o.item.dueAt}`} fw={700} c="red" data-testid="overdue-item">
            <StatusIcon name="clock" /> {KIND_LABELS[o.item.kind] ?? o.item.kind} due at minute {Math.round(o.item.minuteFromStart)} (
            {formatClock(o.item.dueAt, timeZone)}): {Math.floor(Math.max(o.minutesPastDue, (nowMs - Date.parse(o.item.dueAt)) / 60_000))}{' '}
            min past due
          </Text>
        ))}
        {overdue.length > MAX_SHOWN && (
          <Text size="sm" fw={600} c="red">
            and {overdue.length - MAX_SHOWN} more overdue
          </Text>
        )}
        {next.map((i) => (
          <Text key={i.id} size="sm">
            Next: {KIND_LABELS[i.kind] ?? i.kind} at minute {Math.round(i.minuteFromStart)} ({formatClock(i.dueAt, timeZone)}), in{' '}
            {Math.max(0, Math.ceil((i.dueAtMs - nowMs) / 60_000))} min
          </Text>
        ))}
        {closed && (
          <Text size="sm" c="dimmed">
            Monitoring ended with the session ({session.state}).
          </Text>
        )}
        {ended && !closed && schedule !== undefined && (
          <Text size="sm" c="dimmed">
            After the infusion: vital signs every {schedule.recurringAfterEnd.everyMinutes} min until discharge, and a set just before
            discharge.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
