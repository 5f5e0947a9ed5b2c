import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { kindName, roleName } from './labels';
import { ReasonForm } from './reason-form';
import { RescheduleForm } from './reschedule-form';
import { cancelCohort, cancelEvent, type ScheduleEvent, type Site } from './schedule-api';
import { formatTimeRange, formatWhen } from './site-time';
import type { StaffPools } from './use-schedule-data';

interface Props {
  /** The event shown; it stays set while the dialog closes, so the closing dialog keeps its content. */
  event: ScheduleEvent | undefined;
  opened: boolean;
  site: Site;
  pools: StaffPools | undefined;
  canManage: boolean;
  onClose: () => void;
  /** After a change: the schedule reloads. */
  onChanged: (message: string) => void;
}

type Mode = 'view' | 'reschedule' | 'cancel-event' | 'cancel-cohort';

/** An event's details; for schedulers: reschedule it, cancel it, or cancel its whole cohort, each with a reason. */
export function EventDialog({ event, opened, site, pools, canManage, onClose, onChanged }: Props) {
  const [mode, setMode] = useState<Mode>('view');
  const close = () => {
    setMode('view');
    onClose();
  };
  const done = (message: string) => {
    setMode('view');
    onChanged(message);
  };
  return (
    <Modal opened={opened && event !== undefined} onClose={close} title={event?.title ?? ''} size="lg" centered>
      {event !== undefined && mode === 'view' && <EventDetails event={event} timeZone={site.timeZone} />}
      {event !== undefined && mode === 'view' && canManage && event.state === 'scheduled' && (
        <Group mt="md" justify="flex-end">
          <Button variant="default" color="red" onClick={() => setMode('cancel-cohort')}>
            Cancel cohort
          </Button>
          <Button variant="light" color="red" onClick={() => setMode('cancel-event')}>
            Cancel event
          </Button>
          <Button onClick={() => setMode('reschedule')}>Reschedule</Button>
        </Group>
      )}
      {event !== undefined && mode === 'reschedule' && (
        <RescheduleForm
          event={event}
          site={site}
          pools={pools}
          onCancel={() => setMode('view')}
          onDone={() => done('The event was rescheduled.')}
        />
      )}
      {event !== undefined && mode === 'cancel-event' && (
        <ReasonForm
          label="Why is this event cancelled?"
          submitLabel="Cancel this event"
          onCancel={() => setMode('view')}
          onSubmit={async (reason) => {
            await cancelEvent(event.id, reason);
            done('The event was cancelled.');
          }}
        />
      )}
      {event !== undefined && mode === 'cancel-cohort' && (
        <Stack gap="sm">
          <Alert color="orange">
            Every remaining event of this cohort is cancelled, for every patient in it, and their enrollments go back to eligible.
          </Alert>
          <ReasonForm
            label="Why is the whole cohort cancelled?"
            submitLabel="Cancel the cohort"
            onCancel={() => setMode('view')}
            onSubmit={async (reason) => {
              await cancelCohort(event.cohortId, reason);
              done('The cohort was cancelled.');
            }}
          />
        </Stack>
      )}
    </Modal>
  );
}

function EventDetails({ event, timeZone }: { event: ScheduleEvent; timeZone: string }) {
  const rows: [string, ReactNode][] = [
    ['When', `${formatWhen(event.startsAt, event.endsAt, timeZone)} (${timeZone})`],
    ['Kind', `${kindName(event.kind)} · program day ${event.programDay}`],
    [
      'Patient',
      event.patient.id === null ? (
        `${event.patient.name} (not on your care team)`
      ) : (
        <Anchor component={Link} to={`/patients/${event.patient.id}`}>
          {event.patient.name} · MRN {event.patient.mrn}
        </Anchor>
      ),
    ],
    ['Where', event.chair !== null ? `${event.chair.name}, ${event.chair.room}` : (event.room?.name ?? '—')],
  ];
  return (
    <Stack gap="xs">
      {event.state === 'cancelled' && (
        <Alert color="gray" title="Cancelled">
          {event.cancelReason ?? 'No reason recorded.'}
        </Alert>
      )}
      <Table variant="vertical" withTableBorder fz="sm">
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th w={120}>{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
          {event.staff.map((s) => (
            <Table.Tr key={s.role}>
              <Table.Th>{roleName(s.role)}</Table.Th>
              <Table.Td>
                {s.name}{' '}
                <Text span size="xs" c="dimmed">
                  {formatTimeRange(s.startsAt, s.endsAt, timeZone)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Badge variant="light" color={event.state === 'cancelled' ? 'gray' : 'teal'}>
        {event.state}
      </Badge>
    </Stack>
  );
}
