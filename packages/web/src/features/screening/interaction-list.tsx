import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { interactionClassLabel } from './check-labels';
import type { InteractionSeverity } from '@kairos/core';
import type { MedicationInteractionFlag, ScreeningInteraction } from '@kairos/api';
import { SourcesList } from './sources-list';

/** A flag of the patient's details (per medication), or of an assessment (naming the medication). */
export type InteractionFlag = MedicationInteractionFlag | ScreeningInteraction;

const SEVERITY_COLOR: Record<InteractionSeverity, string> = {
  info: 'blue',
  caution: 'yellow',
  'hold-before-session': 'orange',
  contraindicated: 'red',
};

export function SeverityBadge({ severity }: { severity: InteractionSeverity }) {
  return (
    <Badge
      size="sm"
      color={SEVERITY_COLOR[severity]}
      variant={severity === 'contraindicated' ? 'filled' : 'light'}
      style={{ whiteSpace: 'nowrap' }}
    >
      {severity.replace(/-/g, ' ')}
    </Badge>
  );
}

/** Interaction flags with ketamine: severity, class, what to do, and where it comes from. */
export function InteractionList<T extends InteractionFlag>({
  items,
  showMedication = false,
  renderAction,
}: {
  items: readonly T[];
  showMedication?: boolean;
  renderAction?: (i: T) => ReactNode;
}) {
  return (
    <Stack gap={6}>
      {items.map((i, n) => {
        const medication = 'medication' in i ? i.medication : undefined;
        return (
          <Paper key={`${i.class}-${medication ?? ''}-${n}`} withBorder p={8} radius="sm" data-testid="interaction">
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <SeverityBadge severity={i.severity} />
              <Stack gap={2} style={{ flex: 1 }}>
                <Text size="sm">
                  <b>{interactionClassLabel(i.class)}</b>
                  {showMedication && medication !== undefined ? ` (${medication})` : ''}: {i.message}
                </Text>
                <SourcesList sources={i.sources} />
              </Stack>
              {renderAction?.(i)}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
