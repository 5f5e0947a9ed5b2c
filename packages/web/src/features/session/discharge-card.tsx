import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { AldreteForm } from './aldrete-form';
import { formatClock, formatDuration } from './labels';
import type { DischargeCondition, DosingSession } from './session-api';

const STATUS: Record<DischargeCondition['status'], { icon: string; word: string; color: string }> = {
  met: { icon: '✓', word: 'met', color: 'green' },
  unmet: { icon: '✗', word: 'not yet', color: 'orange' },
  missing: { icon: '?', word: 'missing', color: 'red' },
  'not-applicable': { icon: '–', word: 'n/a', color: 'gray' },
};

/** Discharge readiness from core: each condition with its status in words, and the Aldrete entry. */
export function DischargeCard({ session, nowMs, timeZone, onChange }: { session: DosingSession; nowMs: number; timeZone?: string; onChange(s: DosingSession): void }) {
  const d = session.discharge;
  if (d === null) return null;
  const endsAt = d.minimumObservationEndsAt;
  return (
    <Card withBorder radius="md" data-testid="discharge-card">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Discharge checklist</Title>
          <Badge size="xl" color={d.ready ? 'green' : 'orange'} variant="filled" data-testid="discharge-ready">
            {d.ready ? '✓ ready for discharge' : '✗ not ready'}
          </Badge>
        </Group>
        {endsAt !== undefined && (
          <Text size="sm">
            Minimum observation ends at {formatClock(endsAt, timeZone)}
            {Date.parse(endsAt) > nowMs ? ` (in ${formatDuration(Date.parse(endsAt) - nowMs)})` : ' (reached)'}
          </Text>
        )}
        <SimpleGrid cols={2} spacing="lg">
          <Stack gap={4}>
            {d.conditions.map((c) => (
              <Group key={c.id} gap="xs" wrap="nowrap" align="flex-start" data-condition={c.id} data-status={c.status}>
                <Badge color={STATUS[c.status].color} variant="light" miw={84}>
                  {STATUS[c.status].icon} {STATUS[c.status].word}
                </Badge>
                <Text size="sm">{c.message}</Text>
              </Group>
            ))}
          </Stack>
          <AldreteForm session={session} onChange={onChange} />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
