import { Card, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { formatClock } from './labels';
import type { DosingSession } from './session-api';

const EVENT_LABELS: Record<string, string> = { start: 'Started', pause: 'Paused', resume: 'Resumed', rate: 'Rate changed', stop: 'Stopped' };

/** Infused volume against the bag, the current rate and every infusion event with its time and reason. */
export function InfusionCard({ session, timeZone }: { session: DosingSession; timeZone?: string }) {
  const calc = session.doseOrder?.calculation;
  const total = calc?.bagTotalMl;
  const infused = session.infusion.infusedMl;
  const rate = [...session.infusion.events].reverse().find((e) => e.rateMlPerHour !== null)?.rateMlPerHour ?? calc?.rateMlPerHour;
  const pct = total === undefined || total === 0 ? 0 : Math.min(100, (infused / total) * 100);
  return (
    <Card withBorder radius="md" data-testid="infusion-card">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>Infusion</Title>
          <Text size="sm">{rate === undefined ? 'no rate' : `pump rate ${rate} mL/h`}</Text>
        </Group>
        <Text size="xl" fw={800} data-testid="infused-volume">
          {infused.toFixed(1)} mL infused{total === undefined ? '' : ` of ${total} mL`}
        </Text>
        {total !== undefined && <Progress value={pct} size="lg" aria-label={`${Math.round(pct)}% of the bag infused`} />}
        {session.infusion.events.length > 0 && (
          <Table verticalSpacing={2} fz="sm">
            <Table.Tbody>
              {session.infusion.events.map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td w={60}>{formatClock(e.at, timeZone)}</Table.Td>
                  <Table.Td>
                    {EVENT_LABELS[e.kind] ?? e.kind}
                    {e.rateMlPerHour !== null && ` at ${e.rateMlPerHour} mL/h`}
                    {e.reason !== null && `: ${e.reason}`}
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
