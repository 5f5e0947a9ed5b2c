import { Table, Text } from '@mantine/core';
import { formatInstant } from '../../api/use-resource';
import { checkLabel } from './check-labels';
import type { ScreeningOverride } from './screening-api';

/** Every override: the check, the reason, who and when. */
export function OverridesList({
  overrides,
  conditionTitle,
}: {
  overrides: ScreeningOverride[];
  conditionTitle: (code: string) => string | undefined;
}) {
  if (overrides.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No overrides.
      </Text>
    );
  }
  return (
    <Table verticalSpacing={4} aria-label="Overrides" className="print-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Check</Table.Th>
          <Table.Th>Reason</Table.Th>
          <Table.Th>By</Table.Th>
          <Table.Th>When</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {overrides.map((o) => (
          <Table.Tr key={`${o.checkId}-${o.at}`}>
            <Table.Td>{checkLabel(o.checkId, conditionTitle)}</Table.Td>
            <Table.Td>{o.reason}</Table.Td>
            <Table.Td>{o.by}</Table.Td>
            <Table.Td>{formatInstant(o.at)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
