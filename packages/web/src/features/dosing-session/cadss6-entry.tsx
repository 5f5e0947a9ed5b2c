import { Alert, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { CADSS6_ITEMS, scoreCadss6 } from '@kairos/core';
import { useState } from 'react';
import { formatClock } from './labels';
import { rateCadss6, type DosingSessionView } from './dosing-session-api';
import { useAct } from './use-act';

const SCORES = ['0', '1', '2', '3', '4'];

/**
 * CADSS-6 at the chair: the six CADSS items (1, 2, 6, 7, 15, 22) rated 0 (normal) to 4 (severe),
 * the total previewed by core, stored item by item. The entry stays while the view refreshes.
 */
export function Cadss6Entry({
  session,
  serverNowMs,
  timeZone,
  onSaved,
}: {
  session: DosingSessionView;
  serverNowMs: () => number;
  timeZone?: string;
  onSaved: () => void;
}) {
  const [scores, setScores] = useState<(number | null)[]>(CADSS6_ITEMS.map(() => null));
  const { busy, error, act } = useAct();
  const complete = scores.every((s) => s !== null);
  const total = complete ? scoreCadss6({ answers: scores }).total : null;
  const last = session.cadss6.at(-1);
  const save = () =>
    void act(
      () => rateCadss6(session.id, scores as number[], new Date(serverNowMs()).toISOString()),
      () => {
        setScores(CADSS6_ITEMS.map(() => null));
        onSaved();
      },
    );
  return (
    <Card withBorder radius="md" data-testid="cadss6-entry">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>CADSS-6</Title>
          <Text size="sm" c="dimmed" data-testid="cadss6-last">
            {last === undefined ? 'Not rated yet' : `Last: ${last.total} of 24 at ${formatClock(last.ratedAt, timeZone)}`}
          </Text>
        </Group>
        <Table verticalSpacing={4} aria-label="CADSS-6 ratings">
          <Table.Tbody>
            {CADSS6_ITEMS.map((item, i) => (
              <Table.Tr key={item}>
                <Table.Td>
                  <Text size="sm">CADSS item {item}</Text>
                </Table.Td>
                <Table.Td>
                  <SegmentedControl
                    size="md"
                    aria-label={`CADSS item ${item}`}
                    data={SCORES}
                    value={scores[i] === null ? '' : String(scores[i])}
                    onChange={(v) => setScores((prev) => prev.map((s, j) => (j === i ? Number(v) : s)))}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="space-between">
          <Text size="sm">0 normal · 4 severe{total === null ? '' : ` · total ${total} of 24`}</Text>
          <Button size="md" disabled={!complete || busy} onClick={save}>
            Save CADSS-6
          </Button>
        </Group>
        {error !== undefined && <Alert color="red">{error}</Alert>}
      </Stack>
    </Card>
  );
}
