import { Alert, Button, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { addDaysToIsoDate, isIsoDate, isSiteWorkingDay, localDateOf, localDaysToUtcRange, mondayOfWeek } from '@kairos/core';
import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useSignIn } from '../sign-in/sign-in-context';
import { CalendarFeedButton } from './calendar-feed';
import { EventDialog } from './event-dialog';
import { resourceRows, staffRows } from './grid-rows';
import { canManageSchedule, type ScheduleEvent, type Site } from './schedule-api';
import { ScheduleGrid } from './schedule-grid';
import { ScheduleToolbar, type ScheduleView } from './schedule-toolbar';
import { useSchedule, useSites, useStaffPools } from './use-schedule-data';
import { LoadError } from '../../ui/load-error';

/** /schedule: a site's events by day or week, per chair and room or per staff member. */
export function SchedulePage() {
  const { sites, state } = useSites();
  const [params] = useSearchParams();
  if (state.status === 'error') return <LoadError state={state} />;
  if (state.status === 'loading' && sites.length === 0) return <Loader aria-label="Loading sites" />;
  const site = sites.find((s) => s.id === params.get('site')) ?? sites[0];
  if (site === undefined) return <Text c="dimmed">No site is set up yet: an administrator adds sites, rooms and chairs in Settings.</Text>;
  return <SiteSchedule sites={sites} site={site} />;
}

function SiteSchedule({ sites, site }: { sites: Site[]; site: Site }) {
  const { signedIn } = useSignIn();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const tz = site.timeZone;
  const today = localDateOf(new Date(), tz);
  const date = isIsoDate(params.get('date') ?? '') ? (params.get('date') as string) : today;
  const view: ScheduleView = params.get('view') === 'week' ? 'week' : 'day';
  const by = params.get('by') === 'staff' ? 'staff' : 'resources';
  const first = view === 'week' ? mondayOfWeek(date) : date;
  const days = Array.from({ length: view === 'week' ? 7 : 1 }, (_, i) => addDaysToIsoDate(first, i));
  const { from, to } = localDaysToUtcRange(first, days.length, tz);
  const schedule = useSchedule(site, from, to);
  const { pools } = useStaffPools();
  const [open, setOpen] = useState<ScheduleEvent>();
  const [opened, setOpened] = useState(false);
  const [notice, setNotice] = useState<string | undefined>((location.state as { notice?: string } | null)?.notice);
  const canManage = canManageSchedule(signedIn?.user.roles ?? []);
  const events = schedule.data?.items ?? [];
  const closed = new Set(days.filter((d) => !isSiteWorkingDay(d, site)));
  const change = (changes: Record<string, string>) => setParams({ site: site.id, date, view, by, ...changes });

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Schedule</Title>
        <Group gap="sm">
          <CalendarFeedButton />
          {canManage && (
            <Button component={Link} to={`/schedule/cohort?site=${site.id}`}>
              Schedule a cohort
            </Button>
          )}
        </Group>
      </Group>
      <ScheduleToolbar sites={sites} site={site} view={view} first={first} date={date} today={today} onChange={change} />
      {notice !== undefined && (
        <Alert color="teal" withCloseButton onClose={() => setNotice(undefined)} data-testid="schedule-notice">
          {notice}
        </Alert>
      )}
      <LoadError state={schedule.state} />
      <Tabs value={by} onChange={(v) => change({ by: v ?? 'resources' })}>
        <Tabs.List>
          <Tabs.Tab value="resources">Chairs and rooms</Tabs.Tab>
          <Tabs.Tab value="staff">Staff</Tabs.Tab>
          <Text size="xs" c="dimmed" ml="auto" pt={8}>
            Times at {site.name} ({tz}){schedule.state.status === 'loading' ? ' · loading…' : ''}
          </Text>
        </Tabs.List>
      </Tabs>
      <ScheduleGrid
        rows={by === 'staff' ? staffRows(events) : resourceRows(site, events)}
        days={days}
        closedDays={closed}
        timeZone={tz}
        label={by === 'staff' ? 'Staff' : 'Chair or room'}
        onOpen={(e) => {
          setOpen(e);
          setOpened(true);
        }}
      />
      <EventDialog
        event={open}
        opened={opened}
        site={site}
        pools={pools}
        canManage={canManage}
        onClose={() => setOpened(false)}
        onChanged={(message) => {
          setOpened(false);
          setNotice(message);
          schedule.reload();
        }}
      />
    </Stack>
  );
}
