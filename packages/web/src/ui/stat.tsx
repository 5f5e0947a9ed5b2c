import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * One figure with its label above and an optional detail below (a patient's outcome, a step of the
 * program's flow). A number is also given as `data-value`, for the browser tests to wait on.
 */
export function Stat({
  label,
  value,
  detail,
  testId,
  size = 'lg',
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  testId?: string;
  size?: 'lg' | 'xl';
}) {
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={testId} data-value={typeof value === 'number' ? value : undefined}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size={size}>
        {value}
      </Text>
      {detail !== undefined && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Paper>
  );
}
