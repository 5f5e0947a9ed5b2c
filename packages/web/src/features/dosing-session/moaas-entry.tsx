import { Alert, Card, Group, SimpleGrid, Stack, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { MOAAS_LEVELS, type MoaasLevel } from '@kairos/core';
import { formatClock } from './labels';
import { recordReadings } from './dosing-session-api';
import type { ReadingEntryProps } from './reading-entry-props';
import { useAct } from './use-act';

const LEVELS: MoaasLevel[] = [5, 4, 3, 2, 1, 0];

/** MOAA/S in one tap: each level with its wording from core; stored as a reading. */
export function MoaasEntry({ sessionId, readings, serverNowMs, timeZone, onSaved }: ReadingEntryProps) {
  const { busy, error, act } = useAct();
  const last = [...readings].reverse().find((r) => r.moaas !== null);
  const save = (level: MoaasLevel) =>
    void act(
      () => recordReadings(sessionId, [{ clientId: crypto.randomUUID(), measuredAt: new Date(serverNowMs()).toISOString(), moaas: level }]),
      onSaved,
    );
  return (
    <Card withBorder radius="md" data-testid="moaas-entry">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>MOAA/S</Title>
          <Text size="sm" c="dimmed">
            {last === undefined ? 'Not scored yet' : `Last: ${last.moaas} at ${formatClock(last.measuredAt, timeZone)}`}
          </Text>
        </Group>
        <SimpleGrid cols={3} spacing="xs">
          {LEVELS.map((level) => (
            <UnstyledButton
              key={level}
              disabled={busy}
              onClick={() => save(level)}
              p="xs"
              style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 8, opacity: busy ? 0.6 : 1 }}
            >
              <Group gap="xs" wrap="nowrap" align="center">
                <Text fw={800} size="xl" w={22} ta="center">
                  <VisuallyHidden>MOAA/S </VisuallyHidden>
                  {level}
                </Text>
                <Text size="xs" lh={1.3}>
                  {MOAAS_LEVELS[level]}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </SimpleGrid>
        {error !== undefined && <Alert color="red">{error}</Alert>}
      </Stack>
    </Card>
  );
}
