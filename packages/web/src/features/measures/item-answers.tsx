import { Loader, Select, Stack, Table, Text } from '@mantine/core';
import { PCL5_CLUSTERS } from '@kairos/core';
import { useResource } from '../../api/use-resource';
import { formatDay, instrumentName } from './labels';
import { getQuestionnaireForm, type OutcomePoint } from './measures-api';
import { LoadError } from '../../ui/load-error';

/** The PCL-5 cluster of a 1-based item number. */
function clusterOf(itemNumber: number): string {
  for (const [c, def] of Object.entries(PCL5_CLUSTERS)) if (itemNumber >= def.firstItem && itemNumber <= def.lastItem) return c;
  return '';
}

export const pointLabel = (p: OutcomePoint) => `${instrumentName(p.instrument)} · ${formatDay(p.date)} · total ${p.total}`;

/** Item-level answers: choose a response, see each item's text (from the questionnaire's form) and the answer given. */
export function ItemAnswers({
  points,
  selected,
  onSelect,
}: {
  points: readonly OutcomePoint[];
  selected: string | null;
  onSelect: (responseId: string | null) => void;
}) {
  const point = points.find((p) => p.responseId === selected);
  const newest = [...points].sort((a, b) => b.completedAt.localeCompare(a.completedAt));
  return (
    <Stack gap="sm" data-testid="item-answers">
      <Select
        label="Response"
        placeholder="Choose a response"
        data={newest.map((p) => ({ value: p.responseId, label: pointLabel(p) }))}
        value={selected}
        onChange={onSelect}
        searchable
        maw={480}
      />
      {point === undefined ? (
        <Text size="sm" c="dimmed">
          {points.length === 0 ? 'No responses yet.' : 'Choose a response to see the answer to each item.'}
        </Text>
      ) : (
        <ItemTable point={point} />
      )}
    </Stack>
  );
}

function ItemTable({ point }: { point: OutcomePoint }) {
  const form = useResource(
    `form:${point.instrument}`,
    () => getQuestionnaireForm(point.instrument),
    'The questionnaire’s items could not be loaded.',
  );
  const pcl5 = point.instrument.startsWith('pcl5');
  if (form.state.status === 'loading' && form.data === undefined) return <Loader size="sm" aria-label="Loading items" />;
  if (form.state.status === 'error') return <LoadError state={form.state} />;
  const items = form.data?.items ?? [];
  return (
    <Table fz="sm" striped verticalSpacing={4} aria-label={`Items of ${pointLabel(point)}`} data-testid="item-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={40}>#</Table.Th>
          {pcl5 && <Table.Th w={70}>Cluster</Table.Th>}
          <Table.Th>Item</Table.Th>
          <Table.Th w={220}>Answer</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item, i) => {
          const value = point.answers[i];
          const label = item.options.find((o) => o.value === value)?.label;
          return (
            <Table.Tr key={item.key}>
              <Table.Td>{item.number}</Table.Td>
              {pcl5 && <Table.Td>{clusterOf(item.number)}</Table.Td>}
              <Table.Td>{item.text}</Table.Td>
              <Table.Td>
                {value === undefined ? (
                  <Text size="sm" c="dimmed">
                    not answered
                  </Text>
                ) : (
                  <Text size="sm" fw={value > 0 ? 600 : undefined}>
                    {value} · {label ?? '—'}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
