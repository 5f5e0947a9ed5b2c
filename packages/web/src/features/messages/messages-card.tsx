import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { formatInstant, useResource } from '../../api/use-resource';
import { getPatientMessages, type MessageKind, type PatientMessage } from './messages-api';
import { LoadError } from '../../ui/load-error';

const KIND_NAMES: Record<MessageKind, string> = {
  'portal-link': 'Portal link',
  'pre-session': 'Session instructions',
  'follow-up-questionnaire': 'Follow-up questionnaires',
  // To a prescriber (not the patient) when an alarm of this patient's session went unacknowledged.
  escalation: 'Unacknowledged alarm, to a prescriber',
};

/** The state as a badge with words (never colour alone), and what happened. */
function DeliveryState({ m, maxAttempts }: { m: PatientMessage; maxAttempts: number }) {
  if (m.state === 'sent') {
    return (
      <Stack gap={2}>
        <Badge color="green" variant="light">
          Sent
        </Badge>
        <Text size="xs" c="dimmed">
          {formatInstant(m.sentAt)}
          {m.attempts > 1 ? ` · after ${m.attempts} attempts` : ''}
        </Text>
      </Stack>
    );
  }
  if (m.state === 'failed') {
    return (
      <Stack gap={2}>
        <Badge color="red" variant="light">
          Failed
        </Badge>
        <Text size="xs" c="red">
          {m.attempts > 0 ? `${m.attempts} attempt${m.attempts === 1 ? '' : 's'}` : 'not attempted'}
          {m.lastError !== null ? `: ${m.lastError}` : ''}
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap={2}>
      <Badge color="blue" variant="light">
        Queued
      </Badge>
      <Text size="xs" c={m.lastError !== null ? 'orange' : 'dimmed'}>
        {m.attempts > 0
          ? `attempt ${m.attempts} of ${maxAttempts} failed: ${m.lastError ?? 'unknown error'}; next try ${formatInstant(m.nextAttemptAt)}`
          : 'waiting to be sent'}
      </Text>
    </Stack>
  );
}

/** Messages to the patient (portal links, session instructions, questionnaires) and whether each was delivered. */
export function MessagesCard({ patientId }: { patientId: string }) {
  const { state, data, reload } = useResource(
    `patient-messages|${patientId}`,
    () => getPatientMessages(patientId),
    'The messages could not be loaded.',
  );
  return (
    <Paper withBorder p="md" radius="md" data-testid="patient-messages">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Messages</Title>
          <Button size="xs" variant="light" className="no-print" onClick={reload} loading={state.status === 'loading'}>
            Refresh
          </Button>
        </Group>
        <LoadError state={state} />
        {data !== undefined && data.email === null && (
          <Text size="sm" c="dimmed" data-testid="messages-no-email">
            No email address: Kairos sends this patient no messages (portal links, session instructions, questionnaires). Add an address in
            the patient’s details to start.
          </Text>
        )}
        {data !== undefined && data.delivery === 'off' && (
          <Alert color="yellow" title="Email is not set up on this server">
            Messages wait in the queue until an administrator sets KAIROS_SMTP_URL.
          </Alert>
        )}
        {data !== undefined && data.delivery === 'capture' && (
          <Text size="xs" c="dimmed">
            Demo/test mode: mail goes to the local capture server, not to the patient.
          </Text>
        )}
        {data !== undefined && data.items.length === 0 && data.email !== null && (
          <Text size="sm" c="dimmed">
            No messages yet.
          </Text>
        )}
        {data !== undefined && data.items.length > 0 && (
          <Table fz="sm" striped aria-label="Messages to the patient" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created</Table.Th>
                <Table.Th>Message</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Delivery</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((m) => (
                <Table.Tr key={m.id} data-state={m.state}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(m.createdAt)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {KIND_NAMES[m.kind]}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td>{m.to}</Table.Td>
                  <Table.Td>
                    <DeliveryState m={m} maxAttempts={data.maxAttempts} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
