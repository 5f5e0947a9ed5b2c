import { Badge, Button, Table, Text } from '@mantine/core';
import { checkLabel, OUTCOME_COLOR } from './check-labels';
import type { ScreeningCheck, ScreeningOverride } from './screening-api';
import { SourcesList } from './sources-list';

export interface OverridePolicy {
  /** May override warn and missing (prescriber, director). */
  reviewable: boolean;
  /** May override fail (director). */
  absolute: boolean;
}

/** The checks in order (26 with age and unrecognised medications): outcome, what was found, sources, and any override (or the action to make one). */
export function ChecksTable({
  checks,
  overrides,
  conditionTitle,
  policy,
  onOverride,
}: {
  checks: ScreeningCheck[];
  overrides: ScreeningOverride[];
  conditionTitle: (code: string) => string | undefined;
  policy?: OverridePolicy;
  onOverride?: (c: ScreeningCheck) => void;
}) {
  return (
    <Table withTableBorder verticalSpacing={6} aria-label="Screening checks" className="print-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={36}>#</Table.Th>
          <Table.Th>Check</Table.Th>
          <Table.Th>Outcome</Table.Th>
          <Table.Th>Finding</Table.Th>
          <Table.Th>Sources</Table.Th>
          {onOverride !== undefined && <Table.Th className="no-print" />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {checks.map((c, i) => {
          const override = overrides.find((o) => o.checkId === c.id);
          const may = policy !== undefined && c.outcome !== 'pass' && (c.outcome === 'fail' ? policy.absolute : policy.reviewable);
          return (
            <Table.Tr
              key={c.id}
              data-testid={`check-${c.id}`}
              data-outcome={c.outcome}
              bg={c.outcome === 'fail' ? 'var(--mantine-color-red-0)' : c.outcome === 'warn' ? 'var(--mantine-color-yellow-0)' : undefined}
            >
              <Table.Td c="dimmed">{i + 1}</Table.Td>
              <Table.Td fw={500}>{checkLabel(c.id, conditionTitle)}</Table.Td>
              <Table.Td style={{ minWidth: 96 }}>
                <Badge color={OUTCOME_COLOR[c.outcome]} variant={c.outcome === 'pass' ? 'light' : 'filled'} style={{ overflow: 'visible' }}>
                  {c.outcome}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.message}</Text>
                {override !== undefined && (
                  <Text size="xs" c="orange" data-testid="override-note">
                    Overridden by {override.by}: {override.reason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <SourcesList sources={c.sources} />
              </Table.Td>
              {onOverride !== undefined && (
                <Table.Td className="no-print">
                  {override === undefined && may && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      color={c.outcome === 'fail' ? 'red' : 'orange'}
                      onClick={() => onOverride(c)}
                      aria-label={`Override ${checkLabel(c.id, conditionTitle)}`}
                    >
                      Override
                    </Button>
                  )}
                  {override === undefined && !may && c.outcome === 'fail' && policy?.reviewable === true && (
                    <Text size="xs" c="dimmed">
                      medical director only
                    </Text>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
