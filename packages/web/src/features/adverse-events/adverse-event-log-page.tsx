import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ADVERSE_EVENT_KINDS, ADVERSE_EVENT_SEVERITIES, type AdverseEventLogItem } from '@kairos/api';
import { isIsoDate, localDateOf } from '@kairos/core';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorText, useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { useRoles } from '../../ui/use-roles';
import { formatDate, formatTime } from '../schedule/site-time';
import {
  adverseEventCsvUrl,
  adverseEventKindLabel,
  adverseEventSeverityLabel,
  getAdverseEventLog,
  type AdverseEventLogFilters,
} from './adverse-events-api';
import { REVIEW_QUEUE_PATH } from './review-queue-badge';

const SEVERITY_COLORS: Record<string, string> = { mild: 'yellow', moderate: 'orange', severe: 'red' };
const FILTER_KEYS = ['from', 'to', 'kind', 'severity', 'review', 'patientId'] as const;

/**
 * /adverse-events: the site's adverse events log for the clinicians who record them (the medical
 * director sees the whole site, the others their care teams' patients): filters kept in the
 * address, the counts by severity and by kind of everything that matches, the events newest first
 * with "Load more", and the same list as a CSV download.
 */
export function AdverseEventLogPage() {
  const { has } = useRoles();
  if (!has('medical-director', 'prescriber', 'nurse', 'therapist')) {
    return (
      <Stack maw={640} data-testid="adverse-event-log-refused">
        <Title order={2}>Adverse events</Title>
        <Alert color="yellow" title="For clinicians">
          The adverse events log is for the medical director, prescribers, nurses and therapists. Adverse events are reported from the
          session console.
        </Alert>
      </Stack>
    );
  }
  return <AdverseEventLog />;
}

function AdverseEventLog() {
  const { has } = useRoles();
  const [params, setParams] = useSearchParams();
  const filters: AdverseEventLogFilters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v !== null && v !== '') filters[k] = v;
  }
  const key = JSON.stringify(filters);
  const log = useResource(`adverse-event-log|${key}`, () => getAdverseEventLog(filters), 'The adverse events log could not be loaded.');
  // Pages after the first, loaded with "Load more"; cleared when the filters change.
  const [more, setMore] = useState<{ key: string; items: AdverseEventLogItem[]; next: string | null }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>();
  useEffect(() => {
    setMore(undefined);
    setMoreError(undefined);
  }, [key]);

  const set = (k: (typeof FILTER_KEYS)[number], v: string | null) => {
    const next = new URLSearchParams(params);
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
    setParams(next, { replace: true });
  };

  const data = log.data;
  const extra = more?.key === key ? more : undefined;
  const items = [...(data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra === undefined ? (data?.next ?? null) : extra.next;
  const timeZone = data?.site.timeZone ?? 'UTC';
  const patientName = filters.patientId === undefined ? undefined : items.find((i) => i.patient.id === filters.patientId)?.patient.name;
  const badDates = filters.from !== undefined && filters.to !== undefined && filters.from > filters.to;

  const loadMore = async () => {
    if (next === null) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await getAdverseEventLog(filters, next);
      setMore({ key, items: [...(extra?.items ?? []), ...page.items], next: page.next });
    } catch (e) {
      setMoreError(errorText(e, 'More events could not be loaded. Try again.'));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Stack data-testid="adverse-event-log">
      <Group justify="space-between" align="flex-end">
        <div>
          <Anchor component={Link} to="/today" size="sm">
            ‹ Today
          </Anchor>
          <Title order={2}>Adverse events</Title>
          <Text size="sm" c="dimmed">
            {has('medical-director') ? 'Every adverse event' : 'Adverse events of your care teams’ patients'}
            {data !== undefined && ` at ${data.site.name}`}, newest first. Times are the site’s ({timeZone.replace(/_/g, ' ')}). Kinds and
            severities are shown as corrected.
          </Text>
        </div>
        <Group gap="sm">
          {has('medical-director') && (
            <Button component={Link} to={REVIEW_QUEUE_PATH} variant="default">
              Review queue
            </Button>
          )}
          <Button
            component="a"
            href={badDates ? undefined : adverseEventCsvUrl(filters)}
            download
            data-testid="adverse-event-csv"
            disabled={badDates}
          >
            Export CSV
          </Button>
        </Group>
      </Group>

      <Paper withBorder p="sm" radius="md">
        <Group align="flex-end" gap="sm" wrap="wrap" data-testid="adverse-event-filters">
          <TextInput
            type="date"
            label="From"
            value={filters.from ?? ''}
            onChange={(e) => set('from', isIsoDate(e.currentTarget.value) ? e.currentTarget.value : null)}
          />
          <TextInput
            type="date"
            label="To"
            value={filters.to ?? ''}
            onChange={(e) => set('to', isIsoDate(e.currentTarget.value) ? e.currentTarget.value : null)}
            error={badDates ? 'Before “From”' : undefined}
          />
          <NativeSelect
            label="Kind"
            value={filters.kind ?? ''}
            onChange={(e) => set('kind', e.currentTarget.value)}
            data={[{ value: '', label: 'Any kind' }, ...ADVERSE_EVENT_KINDS.map((k) => ({ value: k, label: adverseEventKindLabel(k) }))]}
          />
          <NativeSelect
            label="Severity"
            value={filters.severity ?? ''}
            onChange={(e) => set('severity', e.currentTarget.value)}
            data={[
              { value: '', label: 'Any severity' },
              ...ADVERSE_EVENT_SEVERITIES.map((s) => ({ value: s, label: adverseEventSeverityLabel(s) })),
            ]}
          />
          <NativeSelect
            label="Review"
            value={filters.review ?? ''}
            onChange={(e) => set('review', e.currentTarget.value)}
            data={[
              { value: '', label: 'Reviewed or not' },
              { value: 'reviewed', label: 'Reviewed' },
              { value: 'not-reviewed', label: 'Not reviewed' },
            ]}
          />
          {filters.patientId !== undefined && (
            <Button variant="light" onClick={() => set('patientId', null)} data-testid="adverse-event-patient-filter">
              {patientName ?? 'One patient'} ✕
            </Button>
          )}
          {Object.keys(filters).length > 0 && (
            <Button variant="subtle" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              Clear filters
            </Button>
          )}
        </Group>
      </Paper>

      {log.state.status === 'loading' && data === undefined && <Loader aria-label="Loading adverse events" />}
      <LoadError state={log.state} />
      {data !== undefined && <Counts log={data} />}

      {data !== undefined && items.length === 0 && (
        <Text c="dimmed" data-testid="adverse-event-log-empty">
          No adverse events match these filters.
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="sm" data-testid="adverse-event-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Severity</Table.Th>
                <Table.Th>Review</Table.Th>
                <Table.Th>Reported by</Table.Th>
                <Table.Th>Session</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Row key={a.id} a={a} timeZone={timeZone} onPatient={(id) => set('patientId', id)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {moreError !== undefined && (
        <Alert color="red" title="Not loaded">
          {moreError}
        </Alert>
      )}
      {data !== undefined && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed" data-testid="adverse-event-shown">
            Showing {items.length} of {data.total}
          </Text>
          {next !== null && (
            <Button variant="default" onClick={() => void loadMore()} loading={loadingMore} data-testid="adverse-event-load-more">
              Load more
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

function Counts({
  log,
}: {
  log: { total: number; byKind: { kind: string; count: number }[]; bySeverity: { severity: string; count: number }[] };
}) {
  const kinds = log.byKind.filter((k) => k.count > 0).sort((a, b) => b.count - a.count);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" data-testid="adverse-event-counts" data-total={log.total}>
      <Paper withBorder p="md" radius="md">
        <Text fw={700}>
          {log.total} adverse event{log.total === 1 ? '' : 's'} match
        </Text>
        <Text size="xs" c="dimmed" tt="uppercase" mt="xs">
          By severity
        </Text>
        <Group gap="sm" mt={4} data-testid="adverse-event-counts-severity">
          {log.bySeverity.map((s) => (
            <Badge
              key={s.severity}
              size="lg"
              variant={s.count > 0 ? 'light' : 'outline'}
              color={s.count > 0 ? (SEVERITY_COLORS[s.severity] ?? 'gray') : 'gray'}
              data-severity={s.severity}
              data-count={s.count}
            >
              {adverseEventSeverityLabel(s.severity)}: {s.count}
            </Badge>
          ))}
        </Group>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Text size="xs" c="dimmed" tt="uppercase">
          By kind
        </Text>
        {kinds.length === 0 ? (
          <Text size="sm" c="dimmed">
            None
          </Text>
        ) : (
          <Table withRowBorders={false} verticalSpacing={2} data-testid="adverse-event-counts-kind">
            <Table.Tbody>
              {kinds.map((k) => (
                <Table.Tr key={k.kind} data-kind={k.kind}>
                  <Table.Td>{adverseEventKindLabel(k.kind)}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {k.count}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </SimpleGrid>
  );
}

function Row({ a, timeZone, onPatient }: { a: AdverseEventLogItem; timeZone: string; onPatient: (id: string) => void }) {
  return (
    <Table.Tr data-testid="adverse-event-row" data-kind={a.kind} data-severity={a.severity}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {formatDate(localDateOf(a.occurredAt, timeZone))}
        <Text size="sm" c="dimmed">
          {formatTime(a.occurredAt, timeZone)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/patients/${a.patient.id}`} fw={600}>
          {a.patient.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {a.patient.mrn} ·{' '}
          <Anchor component="button" type="button" size="xs" onClick={() => onPatient(a.patient.id)}>
            only this patient
          </Anchor>
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={600}>
          {adverseEventKindLabel(a.kind)}
        </Text>
        {a.description !== null && a.description !== '' && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {a.description}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge color={SEVERITY_COLORS[a.severity] ?? 'gray'} variant="filled">
            {adverseEventSeverityLabel(a.severity)}
          </Badge>
          {a.serious && (
            <Badge color="red" variant="outline">
              serious
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm">
            {a.reviewedAt !== null
              ? `Reviewed by ${a.reviewedBy ?? 'the medical director'}, ${formatDate(localDateOf(a.reviewedAt, timeZone), false)}`
              : a.serious
                ? 'Awaiting review'
                : 'Not reviewed (not serious)'}
          </Text>
          {a.corrections > 0 && (
            <Badge color="grape" variant="light" size="sm" data-testid="adverse-event-corrected">
              corrected{a.corrections > 1 ? ` ${a.corrections} times` : ''}
            </Badge>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{a.reportedBy}</Text>
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/sessions/${a.sessionId}`} size="sm">
          Open the session
        </Anchor>
      </Table.Td>
    </Table.Tr>
  );
}
