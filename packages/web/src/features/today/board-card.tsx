import { DOSING_ROUTE_LABELS } from '@kairos/core';
import { Alert, Badge, Card, Group, List, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatTime } from '../schedule/site-time';
import { AlertLevelBadge, PauseRecommendedBadge } from '../dosing-session/alert-level-badge';
import { alertTitle, describeVitals, formatClock, LEVEL_INFO, STATE_COLORS, STATE_LABELS } from '../dosing-session/labels';
import { StatusIcon } from '../dosing-session/status-icon';
import type { DosingBoardItem } from '../dosing-session/dosing-session-api';
import type { MonitoringKind } from '@kairos/core';

const ROLE_SHORT: Record<DosingBoardItem['staff'][number]['role'], string> = {
  'licensed-iv-runner': 'IV',
  therapist: 'Therapist',
  prescriber: 'Prescriber',
};
const KIND_LABELS: Record<MonitoringKind, string> = { vitals: 'Vital signs', moaas: 'MOAA/S', cadss6: 'CADSS-6' };

/** One dosing session on the Today board; the whole card opens the console. */
export function BoardCard({ item, timeZone, nowMs }: { item: DosingBoardItem; timeZone: string; nowMs?: number }) {
  const overdue = item.state === 'discharged' || item.state === 'aborted' ? [] : item.overdue;
  // The board refetches on events only: time-derived numbers are counted here from the server's clock.
  const started = item.infusionStartedAt === null ? undefined : Date.parse(item.infusionStartedAt);
  // A session left open is as old as its infusion (it may have started before or after its booking).
  const openedAt = item.infusionStartedAt ?? item.startsAt;
  const minutesSinceStart =
    started !== undefined && nowMs !== undefined ? Math.max(0, Math.floor((nowMs - started) / 60_000)) : item.minutesSinceStart;
  const minutesPastDue = (o: DosingBoardItem['overdue'][number]) =>
    nowMs === undefined ? o.minutesPastDue : Math.max(o.minutesPastDue, (nowMs - Date.parse(o.item.dueAt)) / 60_000);
  const alerts = [...item.openAlerts].sort((a, b) => LEVEL_INFO[b.level].rank - LEVEL_INFO[a.level].rank);
  const urgent =
    item.pauseRecommended ||
    alerts.some((a) => a.level !== 'warn') ||
    overdue.length > 0 ||
    item.overdueSession !== null ||
    item.fromEarlierDay;
  return (
    <Card
      component={Link}
      to={`/sessions/${item.sessionId}`}
      withBorder
      shadow={urgent ? 'md' : 'xs'}
      radius="md"
      padding="md"
      data-testid="board-card"
      data-session-id={item.sessionId}
      data-state={item.state}
      style={{ borderWidth: urgent ? 3 : 1, borderColor: urgent ? 'var(--mantine-color-red-6)' : undefined }}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            <Text fw={700} size="lg">
              {item.chair?.name ?? 'No chair'}
            </Text>
            {item.chair !== null && (
              <Text size="xs" c="dimmed">
                {item.chair.room}
              </Text>
            )}
          </div>
          <Badge size="lg" color={STATE_COLORS[item.state]} variant="light" data-testid="board-state">
            {STATE_LABELS[item.state]}
          </Badge>
        </Group>
        {item.route !== 'IV' && (
          <Badge variant="outline" color="gray" data-testid="board-route">
            {DOSING_ROUTE_LABELS[item.route]}
          </Badge>
        )}
        <Text fw={600}>
          {item.patient.name}
          {item.patient.mrn !== null && (
            <Text span size="sm" c="dimmed">
              {' '}
              · {item.patient.mrn}
            </Text>
          )}
        </Text>
        {item.fromEarlierDay && (
          <Text size="sm" fw={700} c="red" data-testid="board-earlier-day">
            <StatusIcon name="clock" /> From {formatDay(openedAt, timeZone)}, {ageText(openedAt, nowMs)} ago: still open
          </Text>
        )}
        {item.overdueSession !== null && (
          <Text size="sm" fw={700} c="red" data-testid="board-session-overdue">
            <StatusIcon name="escalate" /> Session overdue: {item.overdueSession.reason}
          </Text>
        )}
        <Text size="sm">
          Booked {formatTime(item.startsAt, timeZone)}
          {minutesSinceStart !== null && (
            <Text span fw={700}>
              {' '}
              · {minutesSinceStart} min since {item.route === 'IV' ? 'infusion start' : item.route === 'IM' ? 'the injection' : 'the dose'}
            </Text>
          )}
        </Text>
        <Text size="sm" c="dimmed">
          {item.staff.map((s) => `${ROLE_SHORT[s.role]}: ${s.name}`).join(' · ') || 'No staff booked'}
        </Text>
        <Text size="sm" data-testid="board-vitals">
          {item.latestVitals === null
            ? 'No vital signs yet'
            : `${describeVitals(item.latestVitals)} at ${formatClock(item.latestVitals.measuredAt, timeZone)}`}
        </Text>
        {item.pauseRecommended && <PauseRecommendedBadge />}
        {item.holds.slice(0, 2).map((h) => (
          <Text key={h} size="sm" fw={600} c="red" data-testid="board-hold" lineClamp={2}>
            On hold: {h}
          </Text>
        ))}
        {alerts.length > 0 && (
          <Stack gap={4} data-testid="board-alerts">
            {alerts.slice(0, 3).map((a) => (
              <Group key={a.id} gap="xs" wrap="nowrap">
                <AlertLevelBadge level={a.level} size="sm" />
                <Text size="sm" lineClamp={1}>
                  {alertTitle(a, timeZone)}
                </Text>
              </Group>
            ))}
            {alerts.length > 3 && (
              <Text size="xs" c="dimmed">
                and {alerts.length - 3} more open alerts
              </Text>
            )}
          </Stack>
        )}
        {overdue.slice(0, 2).map((o) => (
          <Text key={`${o.item.kind}-${o.item.dueAt}`} size="sm" fw={600} c="red" data-testid="board-overdue">
            <StatusIcon name="clock" /> Overdue: {KIND_LABELS[o.item.kind]}, {Math.floor(minutesPastDue(o))} min past due
          </Text>
        ))}
        {overdue.length > 2 && (
          <Text size="sm" fw={600} c="red">
            and {overdue.length - 2} more overdue
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function formatDay(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone });
}

/** "3 h", "2 days" since `iso`. */
function ageText(iso: string, nowMs: number | undefined): string {
  const minutes = Math.max(0, ((nowMs ?? Date.now()) - Date.parse(iso)) / 60_000);
  if (minutes < 120) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} days`;
}

/**
 * Sessions overdue by the protocol's rule (infusing 30 min past the planned time, observing 6 h after
 * the infusion), named at the top of Today so the medical director (and everyone) sees them first.
 */
export function OverdueSessions({ items }: { items: readonly DosingBoardItem[] }) {
  const late = items.filter((i) => i.overdueSession !== null);
  if (late.length === 0) return null;
  return (
    <Alert color="red" title={`${late.length} session${late.length === 1 ? '' : 's'} overdue`} data-testid="overdue-sessions">
      <List size="sm">
        {late.map((i) => (
          <List.Item key={i.sessionId}>
            <Link to={`/sessions/${i.sessionId}`}>
              {i.chair?.name ?? 'No chair'}: {i.patient.name}
            </Link>{' '}
            ({i.overdueSession?.reason})
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
