import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { interactionClassLabel } from './check-labels';
import { SourcesList, type SourceRef } from './sources-list';

export interface InteractionFlag {
  class: string;
  severity: string;
  message: string;
  sources: (SourceRef | string)[];
  medication?: string;
}

const SEVERITY_COLOR: Record<string, string> = { info: 'blue', caution: 'yellow', 'hold-before-session': 'orange', contraindicated: 'red' };

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge size="sm" color={SEVERITY_COLOR[severity] ?? 'gray'} variant={severity === 'contraindicated' ? 'filled' : 'light'} style={{ whiteSpace: 'nowrap' }}>
      {severity.replace(/-/g, ' ')}
    </Badge>
  );
}

/** Interaction flags with ketamine: severity, class, what to do, and where it comes from. */
export function InteractionList({ items, showMedication = false, renderAction }: { items: InteractionFlag[]; showMedication?: boolean; renderAction?(i: InteractionFlag): ReactNode }) {
  return (
    <Stack gap={6}>
      {items.map((i, n) => (
        <Paper key={`${i.class}-${i.medication ?? ''}-${n}`} withBorder p={8} radius="sm" data-testid="interaction">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <SeverityBadge severity={i.severity} />
            <Stack gap={2} style={{ flex: 1 }}>
              <Text size="sm">
                <b>{interactionClassLabel(i.class)}</b>
                {showMedication && i.medication !== undefined ? ` (${i.medication})` : ''}: {i.message}
              </Text>
              <SourcesList sources={i.sources} />
            </Stack>
            {renderAction?.(i)}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
