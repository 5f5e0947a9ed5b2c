import { Alert, Table, Text } from '@mantine/core';
import { ruleName } from './labels';
import type { ScheduleClash } from './schedule-api';
import { formatWhen } from './site-time';

/** The clashes of a plan or a change: who or what, when (at the site), which rule, and the message. */
export function ClashList({ clashes, timeZone, title }: { clashes: ScheduleClash[]; timeZone: string; title: string }) {
  return (
    <Alert color="red" title={title} data-testid="clashes" p="sm">
      {clashes.length === 0 ? (
        <Text size="sm">The server refused the change without listing clashes. Reload and try again.</Text>
      ) : (
        <Table fz="xs" verticalSpacing={2} aria-label="Clashes" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="18%">Who or what</Table.Th>
              <Table.Th w="22%">When</Table.Th>
              <Table.Th w="18%">Rule</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clashes.map((c, i) => (
              <Table.Tr key={i} data-testid="clash" data-rule={c.rule}>
                <Table.Td>{c.who}</Table.Td>
                <Table.Td>{formatWhen(c.startsAt, c.endsAt, timeZone)}</Table.Td>
                <Table.Td>{ruleName(c.rule)}</Table.Td>
                <Table.Td>{c.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Alert>
  );
}
