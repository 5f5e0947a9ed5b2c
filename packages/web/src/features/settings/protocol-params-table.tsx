import { Group, Switch, Table, Text, TextInput } from '@mantine/core';
import { Fragment, useState } from 'react';
import { SourceLine } from '../screening/sources-list';
import { ReviewStateBadge } from './review-state-badge';
import { ProtocolValue } from './protocol-value';
import type { ProtocolParam } from './settings-api';

function range(p: ProtocolParam): string {
  if (p.min === undefined && p.max === undefined) return '—';
  return `${p.min ?? '…'} – ${p.max ?? '…'}`;
}

/** Every parameter of the current version, by section, with value, unit, range, provenance and review state. */
export function ProtocolParamsTable({ params }: { params: ProtocolParam[] }) {
  const [filter, setFilter] = useState('');
  const [onlyReview, setOnlyReview] = useState(false);
  const shown = params.filter(
    (p) => p.path.toLowerCase().includes(filter.trim().toLowerCase()) && (!onlyReview || p.reviewState === 'needs-review'),
  );
  const sections = [...new Set(shown.map((p) => p.path.split('.')[0] ?? p.path))];
  const needing = params.filter((p) => p.reviewState === 'needs-review').length;
  return (
    <>
      <Group>
        <TextInput
          placeholder="Filter by path"
          aria-label="Filter parameters"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          w={280}
        />
        <Switch
          label={`Only values that need review (${needing})`}
          checked={onlyReview}
          onChange={(e) => setOnlyReview(e.currentTarget.checked)}
        />
        <Text size="sm" c="dimmed">
          {shown.length} of {params.length} parameters
        </Text>
      </Group>
      <Table withTableBorder aria-label="Protocol parameters" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Parameter</Table.Th>
            <Table.Th>Value</Table.Th>
            <Table.Th>Unit</Table.Th>
            <Table.Th>Allowed range</Table.Th>
            <Table.Th>Provenance</Table.Th>
            <Table.Th>Review</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sections.map((section) => (
            <Fragment key={section}>
              <Table.Tr bg="var(--mantine-color-gray-1)">
                <Table.Td colSpan={6}>
                  <Text fw={700} size="sm">
                    {section}
                  </Text>
                </Table.Td>
              </Table.Tr>
              {shown
                .filter((p) => (p.path.split('.')[0] ?? p.path) === section)
                .map((p) => (
                  <Table.Tr key={p.path} data-testid={`param-${p.path}`}>
                    <Table.Td ff="monospace" fz="xs" style={{ overflowWrap: 'anywhere', minWidth: 200, maxWidth: 280 }}>
                      {p.path}
                    </Table.Td>
                    <Table.Td style={{ minWidth: 200, maxWidth: 360, overflowWrap: 'anywhere' }}>
                      <ProtocolValue value={p.value} />
                    </Table.Td>
                    <Table.Td fz="sm">{p.unit === '' || p.unit === '1' ? '—' : p.unit}</Table.Td>
                    <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                      {range(p)}
                    </Table.Td>
                    <Table.Td style={{ minWidth: 220 }}>
                      <SourceLine source={p.provenance} />
                    </Table.Td>
                    <Table.Td style={{ minWidth: 190 }}>
                      <ReviewStateBadge state={p.reviewState} />
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
