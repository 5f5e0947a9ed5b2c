import { Alert, Button, Group, Text } from '@mantine/core';
import { NEXT_FREE_START_SEARCH_DAYS } from '@kairos/api';
import { ClashList } from './clash-list';
import type { PlannedEvent, ScheduleClash } from './schedule-api';
import { formatDate } from './site-time';

export type CohortResult =
  | { kind: 'preview'; events: PlannedEvent[]; clashes: ScheduleClash[]; nextFreeStart: string | null }
  | { kind: 'conflict'; clashes: ScheduleClash[] }
  | { kind: 'start'; message: string; nextStart: string | null }
  | { kind: 'error'; message: string };

interface Props {
  result: CohortResult;
  timeZone: string;
  onUseStart: (date: string) => void;
}

/** What Check or Save answered: the events and clashes of a dry run, a refusal with its clashes, or a start the program does not allow. */
export function CohortResultView({ result, timeZone, onUseStart }: Props) {
  if (result.kind === 'error') return <Alert color="red">{result.message}</Alert>;
  if (result.kind === 'start') {
    return (
      <Alert color="orange" title="The program cannot start that day" data-testid="start-refused">
        <Text size="sm">{result.message}</Text>
        {result.nextStart !== null && (
          <Group mt="xs">
            <Button size="xs" onClick={() => onUseStart(result.nextStart as string)}>
              Use {formatDate(result.nextStart)}
            </Button>
          </Group>
        )}
      </Alert>
    );
  }
  if (result.kind === 'conflict')
    return (
      <ClashList
        clashes={result.clashes}
        timeZone={timeZone}
        title={`Not saved: the plan clashes ${result.clashes.length} time${result.clashes.length === 1 ? '' : 's'}`}
      />
    );
  if (result.clashes.length > 0)
    return (
      <>
        <ClashList
          clashes={result.clashes}
          timeZone={timeZone}
          title={`${result.clashes.length} clash${result.clashes.length === 1 ? '' : 'es'}: fix them before saving`}
        />
        {result.nextFreeStart !== null ? (
          <Alert color="teal" title="A start free of clashes" data-testid="next-free-start">
            <Text size="sm">
              With the same patients, chairs, rooms and staff, the first start the program allows with no clash is{' '}
              {formatDate(result.nextFreeStart)}.
            </Text>
            <Group mt="xs">
              <Button size="xs" onClick={() => onUseStart(result.nextFreeStart as string)}>
                Use {formatDate(result.nextFreeStart)}
              </Button>
            </Group>
          </Alert>
        ) : (
          <Text size="sm" c="dimmed" data-testid="no-free-start">
            No later start in the next {NEXT_FREE_START_SEARCH_DAYS / 7} weeks is free of these clashes with the same choices: change a
            chair, room or person.
          </Text>
        )}
      </>
    );
  const dosing = result.events.filter((e) => e.kind === 'dosing').length;
  const days = [...new Set(result.events.map((e) => e.date))].sort();
  return (
    <Alert color="teal" title="No clashes" data-testid="plan-clear">
      <Text size="sm">
        {result.events.length} events ({dosing} dosing session{dosing === 1 ? '' : 's'}) from {formatDate(days[0] ?? '')} to{' '}
        {formatDate(days[days.length - 1] ?? '')}. Save to book them.
      </Text>
    </Alert>
  );
}
