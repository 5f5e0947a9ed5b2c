import { Badge, Group, Text } from '@mantine/core';
import { DEFAULT_FALLBACK_MS, type LiveStatus } from '../../api/use-live-view';

const LOOK: Record<LiveStatus, { color: string; label: string }> = {
  live: { color: 'green', label: 'Live' },
  connecting: { color: 'gray', label: 'Connecting…' },
  reconnecting: { color: 'orange', label: 'Reconnecting…' },
};

/**
 * Whether the screen follows the server live, in words (not only a colour): "Live", or
 * "Reconnecting…" with how often it checks meanwhile, and when the shown data was last updated.
 */
export function LiveIndicator({
  status,
  updatedAt,
  error,
  fallbackMs = DEFAULT_FALLBACK_MS,
  timeZone,
}: {
  status: LiveStatus;
  /** Server-clock ms of the last answer. */ updatedAt: number | undefined;
  error?: string;
  fallbackMs?: number;
  timeZone?: string;
}) {
  const look = LOOK[status];
  const updated =
    updatedAt === undefined
      ? 'loading…'
      : `updated ${new Date(updatedAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', ...(timeZone === undefined ? {} : { timeZone }) })}`;
  return (
    <Group gap={6} wrap="nowrap" data-testid="live-status" data-status={status}>
      <Badge variant="dot" color={look.color} size="md" role="status">
        {look.label}
      </Badge>
      <Text size="xs" c={error === undefined ? 'dimmed' : 'red'}>
        {status === 'reconnecting' && `checking every ${Math.round(fallbackMs / 1000)} s · `}
        {error === undefined ? updated : `update failed: ${error} Showing the last answer (${updated}).`}
      </Text>
    </Group>
  );
}
