import { DOSING_ROUTE_LABELS, doseOrderWords } from '@kairos/core';
import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { DosingSessionView } from './dosing-session-api';
import { formatClock } from './labels';

/**
 * The dose given without an infusion (intramuscular, oral/sublingual): what was ordered, when it
 * was given and the minutes since, and when the observation the protocol asks for ends (counted
 * from the administration). No pump, no rate, no pharmacokinetic estimate: the model Kairos draws
 * is the one of an IV infusion.
 */
export function AdministrationCard({ session, timeZone, nowMs }: { session: DosingSessionView; timeZone?: string; nowMs: number }) {
  const order = session.doseOrder;
  const givenAt = session.infusionStartedAt;
  const words = order === null ? undefined : doseOrderWords(order.calculation);
  const since = givenAt === null ? undefined : Math.max(0, Math.floor((nowMs - Date.parse(givenAt)) / 60_000));
  const observedUntil = session.discharge?.minimumObservationEndsAt;
  return (
    <Card withBorder radius="md" data-testid="administration-card">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{DOSING_ROUTE_LABELS[session.route]}</Title>
          {since !== undefined && (
            <Text fw={700} size="lg" data-testid="minutes-since-given">
              {since} min since the dose
            </Text>
          )}
        </Group>
        <Table withTableBorder verticalSpacing={4} fz="sm">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={150}>Dose</Table.Th>
              <Table.Td>{words?.dose ?? 'not ordered'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Preparation</Table.Th>
              <Table.Td>{words?.preparation ?? '—'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Given</Table.Th>
              <Table.Td data-testid="given-at">{givenAt === null ? 'not yet' : formatClock(givenAt, timeZone)}</Table.Td>
            </Table.Tr>
            {observedUntil !== undefined && (
              <Table.Tr>
                <Table.Th>Observed until at least</Table.Th>
                <Table.Td>{formatClock(observedUntil, timeZone)}</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed">
          Vital signs, sedation and dissociation are due at the same minutes after the dose as after the start of an infusion. There is no
          pump, and no drug-level estimate (it models an IV infusion).
        </Text>
      </Stack>
    </Card>
  );
}
