import { Badge, Paper, Table, Text, Title } from '@mantine/core';
import { useResource } from '../../api/use-resource';
import { kindColor, kindName, roleName } from './labels';
import { getPatientSchedule, listPatientEnrollments, listSites, type ScheduleEvent } from './schedule-api';
import { formatWhen } from './site-time';
import { LoadError } from '../../ui/load-error';

interface Loaded {
  items: ScheduleEvent[];
  /** The time zone of each event's site, by enrollment. */
  zones: Map<string, string>;
}

async function loadPatientSchedule(patientId: string): Promise<Loaded> {
  const [schedule, enrollments, sites] = await Promise.all([
    getPatientSchedule(patientId),
    listPatientEnrollments(patientId),
    listSites().catch(() => ({ items: [] })),
  ]);
  const zoneOfSite = new Map(sites.items.map((s) => [s.id, s.timeZone]));
  const zones = new Map(
    enrollments.items.flatMap((e) => (zoneOfSite.has(e.siteId) ? [[e.id, zoneOfSite.get(e.siteId) as string] as const] : [])),
  );
  return { items: schedule.items, zones };
}

/** A patient's booked events (for the patient page): when at the site, what, where and with whom; cancelled ones struck through. */
export function PatientSchedule({ patientId }: { patientId: string }) {
  const { state, data } = useResource(
    `patient-schedule|${patientId}`,
    () => loadPatientSchedule(patientId),
    'The schedule could not be loaded.',
  );
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <Paper withBorder p="md" radius="md" data-testid="patient-schedule">
      <Title order={4} mb="sm">
        Schedule
      </Title>
      <LoadError state={state} />
      {data !== undefined && data.items.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing booked yet.
        </Text>
      )}
      {data !== undefined && data.items.length > 0 && (
        <Table fz="sm" striped aria-label="Patient schedule" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When (at the site)</Table.Th>
              <Table.Th>Event</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th>Staff</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((e) => (
              <Row key={e.id} event={e} timeZone={data.zones.get(e.enrollmentId) ?? browserZone} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function Row({ event, timeZone }: { event: ScheduleEvent; timeZone: string }) {
  const cancelled = event.state === 'cancelled';
  return (
    <Table.Tr
      style={cancelled ? { textDecoration: 'line-through', opacity: 0.6 } : undefined}
      data-state={event.state}
      title={cancelled ? `Cancelled: ${event.cancelReason ?? ''}` : undefined}
    >
      <Table.Td>{formatWhen(event.startsAt, event.endsAt, timeZone)}</Table.Td>
      <Table.Td>
        <Badge size="xs" variant="light" color={cancelled ? 'gray' : kindColor(event.kind)} mr={6}>
          {cancelled ? 'Cancelled' : kindName(event.kind)}
        </Badge>
        {event.title}
      </Table.Td>
      <Table.Td>{event.chair !== null ? `${event.chair.name}, ${event.chair.room}` : (event.room?.name ?? '—')}</Table.Td>
      <Table.Td>{event.staff.map((s) => `${roleName(s.role)}: ${s.name}`).join(' · ')}</Table.Td>
    </Table.Tr>
  );
}
