import { Anchor, Badge, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorText, useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { NoneRecorded } from '../../ui/section-card';
import { useRoles } from '../../ui/use-roles';
import { listSites } from '../settings/settings-api';
import { roleLabel } from '../sign-in/sign-in-types';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_ACTION_LABELS,
  auditCsvHref,
  listAllStaff,
  listAuditEvents,
  NO_FILTERS,
  searchPatientsByText,
  type AuditEvent,
  type AuditFilterValues,
  type PatientSummary,
} from './audit-api';
import { ROLES, type Role } from '@kairos/api';

const OUTCOME_WORDS: Record<AuditEvent['outcome'], string> = { allowed: 'Allowed', denied: 'Refused', failed: 'Failed' };
const OUTCOME_COLORS: Record<AuditEvent['outcome'], string> = { allowed: 'gray', denied: 'red', failed: 'orange' };
const ACTOR_WORDS: Record<AuditEvent['actorKind'], string> = {
  staff: '',
  patient: 'The patient (portal)',
  device: 'A monitor',
  system: 'Kairos (timed work)',
  nobody: 'Nobody signed in',
};

/** The action picker: groups first, then every labelled action, by its words. */
const ACTION_OPTIONS = [
  { group: 'Groups of actions', items: AUDIT_ACTION_GROUPS.map((g) => ({ value: g.action, label: g.label })) },
  {
    group: 'One action',
    items: Object.entries(AUDIT_ACTION_LABELS)
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  },
];

/** "20 Nov 2026, 23:30:15" in `timeZone`. */
function formatInZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
const rolesInWords = (roles: string[]): string => roles.map((r) => (isRole(r) ? roleLabel(r) : r)).join(', ');

/**
 * /settings/audit: the audit trail. The medical director sees their site's events with patients by
 * name and may filter by patient; administrators see every site's events without patient data
 * (the server decides both). Filters, a table in the site's time zone, "Load more" (older events)
 * and "Export CSV" of the same filters.
 */
export function AuditPage() {
  const { has } = useRoles();
  const director = has('medical-director');
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const set = (key: keyof AuditFilterValues) => (value: string | null) => setFilters((f) => ({ ...f, [key]: value ?? '' }));

  const events = useInfiniteQuery({
    queryKey: ['audit-events', filters],
    queryFn: ({ pageParam }) => listAuditEvents(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const pages = events.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const first = pages[0];
  const datesWrong = filters.from !== '' && filters.to !== '' && filters.from > filters.to;

  return (
    <Stack>
      <Anchor component={Link} to="/settings" size="sm">
        ← Settings
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Audit trail</Title>
        <Button component="a" href={auditCsvHref(filters)} download variant="default" data-testid="audit-export" disabled={datesWrong}>
          Export CSV
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {director
          ? 'Everything recorded at your site: who did what, to which patient, when, and whether it was allowed. Reading this page is recorded too.'
          : 'Everything recorded at every site: who did what, when, and whether it was allowed. Administrators see no patient data: an event about a patient says only that it concerned one. Reading this page is recorded too.'}
      </Text>

      <Group align="flex-end" gap="sm" wrap="wrap" data-testid="audit-filters">
        {director && <PatientPicker value={filters.patientId} onChange={set('patientId')} />}
        <StaffPicker value={filters.userId} onChange={set('userId')} />
        <Select
          label="Action"
          placeholder="Any action"
          data={ACTION_OPTIONS}
          value={filters.action === '' ? null : filters.action}
          onChange={set('action')}
          searchable
          clearable
          w={260}
          data-testid="audit-action"
        />
        <Select
          label="Outcome"
          placeholder="Any"
          data={[
            { value: 'allowed', label: 'Allowed' },
            { value: 'denied', label: 'Refused' },
            { value: 'failed', label: 'Failed' },
          ]}
          value={filters.outcome === '' ? null : filters.outcome}
          onChange={set('outcome')}
          clearable
          w={130}
        />
        {!director && <SitePicker value={filters.siteId} onChange={set('siteId')} />}
        <TextInput type="date" label="From" value={filters.from} onChange={(e) => set('from')(e.currentTarget.value)} w={160} />
        <TextInput
          type="date"
          label="To"
          value={filters.to}
          onChange={(e) => set('to')(e.currentTarget.value)}
          error={datesWrong ? 'Before “From”' : undefined}
          w={160}
        />
        <Button variant="subtle" onClick={() => setFilters(NO_FILTERS)}>
          Clear filters
        </Button>
      </Group>
      {first !== undefined && (
        <Text size="xs" c="dimmed">
          Dates and times are in {first.timeZone === 'UTC' ? 'UTC (all sites)' : `the site’s time zone, ${first.timeZone}`}. The export
          holds at most 50,000 events: narrow the dates for more.
        </Text>
      )}

      {events.status === 'pending' && <Loader aria-label="Loading the audit trail" />}
      {events.status === 'error' && (
        <LoadError state={{ status: 'error', message: errorText(events.error, 'The audit trail could not be loaded.') }} />
      )}
      {events.status === 'success' && items.length === 0 && <NoneRecorded text="No events match these filters." />}
      {items.length > 0 && first !== undefined && <EventsTable items={items} timeZone={first.timeZone} />}
      {events.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
            Load more (older events)
          </Button>
        </Group>
      )}
      {events.status === 'success' && !events.hasNextPage && items.length > 0 && (
        <Text size="xs" c="dimmed">
          That is every matching event ({items.length}).
        </Text>
      )}
    </Stack>
  );
}

function EventsTable({ items, timeZone }: { items: AuditEvent[]; timeZone: string }) {
  return (
    <Table aria-label="Audit events" striped withTableBorder verticalSpacing="xs" data-testid="audit-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Who</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th>Patient</Table.Th>
          <Table.Th>Outcome</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((e) => (
          <Table.Tr key={e.id} data-action={e.action}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <Text size="sm">{formatInZone(e.at, timeZone)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" fw={500}>
                {e.person?.displayName ?? ACTOR_WORDS[e.actorKind]}
              </Text>
              {e.roles.length > 0 && e.actorKind === 'staff' && (
                <Text size="xs" c="dimmed">
                  {rolesInWords(e.roles)}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {/* Words only on the page; the action's code is in the CSV export, for whoever needs it. */}
              <Text size="sm">{e.actionLabel}</Text>
            </Table.Td>
            <Table.Td>
              {e.patient !== null ? (
                <>
                  <Text size="sm">{e.patient.name}</Text>
                  <Text size="xs" c="dimmed">
                    MRN {e.patient.mrn}
                  </Text>
                </>
              ) : e.patientWithheld ? (
                <Text size="sm" c="dimmed">
                  A patient (not shown)
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Badge color={OUTCOME_COLORS[e.outcome]} variant="light">
                {OUTCOME_WORDS[e.outcome]}
              </Badge>
              {e.reason !== null && (
                <Text size="xs" c="dimmed">
                  {e.reason}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Searches the site's patients by name, MRN or date of birth; picks one. */
function PatientPicker({ value, onChange }: { value: string; onChange: (id: string | null) => void }) {
  const [search, setSearch] = useState('');
  const [typed, setTyped] = useState('');
  const [picked, setPicked] = useState<PatientSummary | undefined>(undefined);
  // Asks the server only after typing pauses.
  useEffect(() => {
    const t = setTimeout(() => setTyped(search), 250);
    return () => clearTimeout(t);
  }, [search]);
  const found = useResource(
    `audit-patient-search:${typed}`,
    () => (typed.trim().length < 2 ? Promise.resolve({ items: [], total: 0 }) : searchPatientsByText(typed)),
    'Patients could not be searched.',
  );
  const options = useMemo(() => {
    const list = [...(found.data?.items ?? [])];
    if (picked !== undefined && !list.some((p) => p.id === picked.id)) list.unshift(picked);
    return list.map((p) => ({ value: p.id, label: `${p.givenName} ${p.familyName} (${p.mrn})` }));
  }, [found.data, picked]);
  return (
    <Select
      label="Patient"
      placeholder="Type a name or MRN"
      data={options}
      value={value === '' ? null : value}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage={typed.trim().length < 2 ? 'Type at least 2 letters' : 'No patient found'}
      onChange={(id) => {
        setPicked(found.data?.items.find((p) => p.id === id) ?? (id === null ? undefined : picked));
        onChange(id);
      }}
      w={260}
      data-testid="audit-patient"
    />
  );
}

function StaffPicker({ value, onChange }: { value: string; onChange: (id: string | null) => void }) {
  const staff = useResource('audit-staff', listAllStaff, 'The staff list could not be loaded.');
  const options = (staff.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.displayName} (${s.roles.map(roleLabel).join(', ')})` }));
  return (
    <Select
      label="Person"
      placeholder="Anyone"
      data={options}
      value={value === '' ? null : value}
      onChange={onChange}
      searchable
      clearable
      w={240}
    />
  );
}

function SitePicker({ value, onChange }: { value: string; onChange: (id: string | null) => void }) {
  const sites = useResource('sites', listSites, 'The sites could not be loaded.');
  const options = (sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  return (
    <Select label="Site" placeholder="All sites" data={options} value={value === '' ? null : value} onChange={onChange} clearable w={200} />
  );
}
