import { Box, Stack, Table, Text } from '@mantine/core';
import { EventBlock } from './event-block';
import type { GridRow } from './grid-rows';
import type { ScheduleEvent } from './schedule-api';
import { localDateOf } from '@kairos/core';
import { formatDate } from './site-time';

interface Props {
  rows: GridRow[];
  /** Site-local dates, one column each. */
  days: string[];
  closedDays: Set<string>;
  timeZone: string;
  label: string;
  onOpen: (event: ScheduleEvent) => void;
}

/** Rows of resources or people against days; each cell holds its events in time order. */
export function ScheduleGrid({ rows, days, closedDays, timeZone, label, onOpen }: Props) {
  const single = days.length === 1;
  if (rows.length === 0) {
    return (
      <Text c="dimmed" data-testid="schedule-empty">
        Nothing booked in this period.
      </Text>
    );
  }
  return (
    <Box style={{ overflowX: 'auto' }}>
      <Table
        withTableBorder
        withColumnBorders
        layout="fixed"
        aria-label={label}
        miw={single ? 480 : 760}
        verticalSpacing={4}
        horizontalSpacing={4}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={single ? 150 : 96}>{label}</Table.Th>
            {days.map((d) => (
              <Table.Th key={d} bg={closedDays.has(d) ? 'gray.1' : undefined} fz="xs">
                {formatDate(d, false)}
                {closedDays.has(d) && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · closed
                  </Text>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} data-testid="schedule-row" data-row={row.label}>
              <Table.Td valign="top">
                <Text size="sm" fw={600}>
                  {row.label}
                </Text>
                {row.sublabel !== undefined && (
                  <Text size="xs" c="dimmed">
                    {row.sublabel}
                  </Text>
                )}
              </Table.Td>
              {days.map((d) => (
                <Table.Td key={d} valign="top" bg={closedDays.has(d) ? 'gray.0' : undefined}>
                  <Cell
                    events={row.events.filter((e) => localDateOf(e.startsAt, timeZone) === d)}
                    single={single}
                    timeZone={timeZone}
                    userId={row.userId}
                    onOpen={onOpen}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function Cell({
  events,
  single,
  timeZone,
  userId,
  onOpen,
}: {
  events: ScheduleEvent[];
  single: boolean;
  timeZone: string;
  userId: string | undefined;
  onOpen: (e: ScheduleEvent) => void;
}) {
  const sorted = [...events].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  if (single) {
    return (
      <Box style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))', gap: 6 }}>
        {sorted.map((e) => (
          <EventBlock key={e.id} event={e} timeZone={timeZone} userId={userId} onOpen={onOpen} />
        ))}
      </Box>
    );
  }
  return (
    <Stack gap={4}>
      {sorted.map((e) => (
        <EventBlock key={e.id} event={e} timeZone={timeZone} userId={userId} compact onOpen={onOpen} />
      ))}
    </Stack>
  );
}
