import { Button, Group, NativeSelect, SegmentedControl, Text, TextInput } from '@mantine/core';
import type { Site } from './schedule-api';
import { addDaysToIsoDate } from '@kairos/core';
import { formatDate } from './site-time';

export type ScheduleView = 'day' | 'week';

interface Props {
  sites: Site[];
  site: Site;
  view: ScheduleView;
  /** The day shown, or the Monday of the week shown. */
  first: string;
  date: string;
  today: string;
  onChange: (changes: Record<string, string>) => void;
}

/** Site, day or week, and moving through dates. */
export function ScheduleToolbar({ sites, site, view, first, date, today, onChange }: Props) {
  const step = view === 'week' ? 7 : 1;
  const label = view === 'week' ? `${formatDate(first, false)} – ${formatDate(addDaysToIsoDate(first, 6))}` : formatDate(first);
  return (
    <Group gap="sm" align="flex-end">
      <NativeSelect
        label="Site"
        value={site.id}
        onChange={(e) => onChange({ site: e.currentTarget.value })}
        data={sites.map((s) => ({ value: s.id, label: s.name }))}
        w={260}
      />
      <SegmentedControl
        value={view}
        onChange={(v) => onChange({ view: v })}
        data={[
          { value: 'day', label: 'Day' },
          { value: 'week', label: 'Week' },
        ]}
        aria-label="Day or week"
      />
      <Group gap={4}>
        <Button
          variant="default"
          onClick={() => onChange({ date: addDaysToIsoDate(date, -step) })}
          aria-label={view === 'week' ? 'Previous week' : 'Previous day'}
        >
          ‹
        </Button>
        <Button variant="default" onClick={() => onChange({ date: today })}>
          Today
        </Button>
        <Button
          variant="default"
          onClick={() => onChange({ date: addDaysToIsoDate(date, step) })}
          aria-label={view === 'week' ? 'Next week' : 'Next day'}
        >
          ›
        </Button>
      </Group>
      <TextInput
        type="date"
        label="Go to date"
        value={date}
        onChange={(e) => e.currentTarget.value !== '' && onChange({ date: e.currentTarget.value })}
        w={150}
      />
      <Text fw={600} pb={6} data-testid="schedule-range">
        {label}
      </Text>
    </Group>
  );
}
