import { formatInstant } from '../api/use-resource';
import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card, as on the patient page (intake, measures and notes cards). */
export function SectionCard({
  title,
  testId,
  action,
  children,
}: {
  title: string;
  testId?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{title}</Title>
          {action}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

export function NoneRecorded({ text = 'None recorded' }: { text?: string }) {
  return (
    <Text size="sm" c="dimmed">
      {text}
    </Text>
  );
}

/** "3 Mar 2026, 14:05 · Nora Nurse" at the user's site (`by` null: recorded by no user). */
export function RecordedBy({ at, by }: { at: string; by: string | null }) {
  return (
    <Text size="xs" c="dimmed">
      {formatInstant(at)} · {by}
    </Text>
  );
}
