import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { LockScreenBoundary } from '../auth/lock-screen-boundary';
import { useNow } from '../auth/use-now';
import { sectionById } from '../shell/sections';

/**
 * The Today board. It must stay in view at the nurses' station, so it locks instead of signing
 * out when the session expires; until the board is built, a live clock shows it keeps updating.
 */
export function TodayPage() {
  return (
    <LockScreenBoundary>
      <TodayBoard />
    </LockScreenBoundary>
  );
}

function TodayBoard() {
  const now = useNow(1000);
  const time = new Date(now).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Today</Title>
        <Badge variant="light" size="lg" data-testid="board-clock">
          {time}
        </Badge>
      </Group>
      <Text c="dimmed">Not built yet. This page will show: {sectionById('today').soon}</Text>
    </Stack>
  );
}
