import { Alert, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { ALDRETE_ITEMS, MODIFIED_ALDRETE, type AldreteItem } from '@kairos/core';
import { useEffect, useState } from 'react';
import { recordAldrete, type DosingSessionView } from './dosing-session-api';
import { useAct } from './use-act';

type Scores = Partial<Record<AldreteItem, string>>;

/** The modified Aldrete: five items, each 2, 1 or 0 with core's wording; saved together. */
export function AldreteForm({ session, onChange }: { session: DosingSessionView; onChange: (s: DosingSessionView) => void }) {
  const recorded = session.discharge?.aldrete?.items;
  // Each poll brings a new array: reset the form only when the recorded scores really change,
  // never in the middle of a nurse's entry.
  const recordedKey = JSON.stringify((recorded ?? []).map((i) => [i.item, i.score]));
  const [scores, setScores] = useState<Scores>({});
  useEffect(() => {
    setScores(Object.fromEntries((JSON.parse(recordedKey) as [AldreteItem, number][]).map(([item, score]) => [item, String(score)])));
  }, [recordedKey]);
  const { busy, error, act } = useAct();
  const complete = ALDRETE_ITEMS.every((i) => scores[i] !== undefined);
  const total = complete ? ALDRETE_ITEMS.reduce((sum, i) => sum + Number(scores[i]), 0) : undefined;
  const save = () => {
    const body = Object.fromEntries(ALDRETE_ITEMS.map((i) => [i, Number(scores[i])])) as Record<AldreteItem, number>;
    void act(() => recordAldrete(session.id, body), onChange);
  };
  return (
    <Stack gap="xs" data-testid="aldrete-form">
      {ALDRETE_ITEMS.map((item) => {
        const def = MODIFIED_ALDRETE[item];
        const chosen = def.options.find((o) => String(o.score) === scores[item]);
        return (
          <Group key={item} justify="space-between" wrap="nowrap" data-item={item}>
            <div style={{ flex: 1 }}>
              <Text fw={600}>{def.title}</Text>
              <Text size="xs" c="dimmed">
                {chosen?.description ?? 'not scored'}
              </Text>
            </div>
            <SegmentedControl
              size="md"
              aria-label={def.title}
              value={scores[item] ?? ''}
              onChange={(v) => setScores((s) => ({ ...s, [item]: v }))}
              data={def.options.map((o) => ({ value: String(o.score), label: String(o.score) }))}
            />
          </Group>
        );
      })}
      {error !== undefined && <Alert color="red">{error}</Alert>}
      <Group justify="space-between">
        <Text fw={700}>Total {total === undefined ? '— (score every item)' : `${total} / 10`}</Text>
        <Button size="lg" onClick={save} loading={busy} disabled={!complete}>
          Save Aldrete score
        </Button>
      </Group>
    </Stack>
  );
}
