import { Alert, Badge, Button, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { addDaysToIsoDate, isIsoDate, localDateOf, localDaysToUtcRange } from '@kairos/core';
import { useSearchParams } from 'react-router';
import { AdverseEventLogLink, ReviewQueueBadge } from '../adverse-events/review-queue-badge';
import { LockScreenBoundary } from '../sign-in/lock-screen-boundary';
import { formatDate } from '../schedule/site-time';
import { useSites } from '../schedule/use-schedule-data';
import { LiveIndicator } from '../dosing-session/live-indicator';
import { listBoard, type DosingBoardItem } from '../dosing-session/dosing-session-api';
import { useLiveView } from '../../api/use-live-view';
import { useServerNow, useServerSkewMs } from '../dosing-session/use-server-now';
import { BoardCard, OverdueSessions } from './board-card';
import { EmergencyAccessReview } from './emergency-access-review';
import { StockAlerts } from './stock-alerts';
import { StaffCredentialWarnings } from '../credentials/credential-warnings';
import { TodayQuestionnaires, TodayRiskTasks } from './today-measures';
import { LoadError } from '../../ui/load-error';
import { applyVitalsToBoard } from './board-live';
import { MyDay } from './my-day';

/** Events of the whole site arrive here: one refetch per second at most. */
const BOARD_DEBOUNCE_MS = 1000;

/**
 * The Today board. It must stay in view at the nurses' station, so it locks instead of signing
 * out when the sign-in expires.
 */
export function TodayPage() {
  return (
    <LockScreenBoundary>
      <TodayBoard />
    </LockScreenBoundary>
  );
}

/** Sessions left open from an earlier day first (oldest first), then by chair. */
const byChair = (a: DosingBoardItem, b: DosingBoardItem) =>
  Number(b.fromEarlierDay) - Number(a.fromEarlierDay) ||
  (a.fromEarlierDay ? a.startsAt.localeCompare(b.startsAt) : 0) ||
  (a.chair?.name ?? '~').localeCompare(b.chair?.name ?? '~', undefined, { numeric: true }) ||
  a.startsAt.localeCompare(b.startsAt);

function TodayBoard() {
  const { sites, state: sitesState } = useSites();
  const [params, setParams] = useSearchParams();
  // Ticks every second: the board visibly stays live (also under the lock screen).
  const clockNow = useServerNow(1000);
  const serverNow = clockNow;
  const skew = useServerSkewMs();
  const site = sites.find((s) => s.id === params.get('site')) ?? sites[0];
  const timeZone = site?.timeZone ?? 'UTC';
  const today = localDateOf(new Date(serverNow), timeZone);
  const asked = params.get('date');
  const date = asked !== null && isIsoDate(asked) ? asked : today;
  const range = localDaysToUtcRange(date, 1, timeZone);
  const key = site === undefined ? '' : `${site.id}|${range.from}`;
  const board = useLiveView(
    key,
    () => (site === undefined ? Promise.resolve({ items: [] as DosingBoardItem[] }) : listBoard(site.id, range.from, range.to)),
    site === undefined ? undefined : { siteId: site.id },
    { debounceMs: BOARD_DEBOUNCE_MS, applyEvent: applyVitalsToBoard },
  );

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const items = [...(board.data?.items ?? [])].sort(byChair);

  return (
    <Stack>
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Title order={2}>Today</Title>
          <Text c="dimmed" size="sm">
            {formatDate(date)}
            {date !== today && ' (not today)'} · dosing sessions by chair
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          {sites.length > 1 && (
            <NativeSelect
              aria-label="Site"
              data={sites.map((s) => ({ value: s.id, label: s.name }))}
              value={site?.id ?? ''}
              onChange={(e) => go({ site: e.currentTarget.value })}
            />
          )}
          <Button variant="default" onClick={() => go({ date: addDaysToIsoDate(date, -1) })} aria-label="Previous day">
            ‹
          </Button>
          <Button variant="default" onClick={() => go({ date: null })} disabled={date === today}>
            Today
          </Button>
          <Button variant="default" onClick={() => go({ date: addDaysToIsoDate(date, 1) })} aria-label="Next day">
            ›
          </Button>
          <Stack gap={0} align="flex-end">
            <Badge variant="light" size="lg" data-testid="board-clock">
              {new Date(clockNow).toLocaleTimeString('en-GB', {
                hour: '2-digit',
                minute: '2-digit',
                second: '2-digit',
                hourCycle: 'h23',
                timeZone,
              })}
            </Badge>
            <div data-testid="board-updated">
              <LiveIndicator
                status={board.status}
                updatedAt={board.updatedAt === undefined ? undefined : board.updatedAt + skew}
                timeZone={timeZone}
              />
            </div>
          </Stack>
        </Group>
      </Group>
      <LoadError state={sitesState} />
      {site !== undefined && (
        <MyDay siteId={site.id} timeZone={timeZone} range={range} day={date} today={today} board={board.data?.items ?? []} />
      )}
      <Group gap="md" align="center">
        <ReviewQueueBadge lastEvent={board.lastEvent} />
        <AdverseEventLogLink />
      </Group>
      <OverdueSessions items={items} />
      <EmergencyAccessReview lastEvent={board.lastEvent} />
      <StockAlerts siteId={site?.id} />
      <StaffCredentialWarnings siteId={site?.id} />
      {site !== undefined && date === today && <TodayRiskTasks siteId={site.id} lastEvent={board.lastEvent} />}
      {board.error !== undefined && (
        <Alert color="red" title="The board could not be updated" data-testid="board-error">
          {board.error} What is shown may be out of date.
        </Alert>
      )}
      {board.data !== undefined && items.length === 0 && (
        <Text c="dimmed" data-testid="board-empty">
          No dosing sessions {date === today ? 'today' : 'on this day'} at {site?.name ?? 'this site'}.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {items.map((item) => (
          <BoardCard key={item.sessionId} item={item} timeZone={timeZone} nowMs={serverNow} />
        ))}
      </SimpleGrid>
      {site !== undefined && date === today && <TodayQuestionnaires siteId={site.id} lastEvent={board.lastEvent} />}
    </Stack>
  );
}
