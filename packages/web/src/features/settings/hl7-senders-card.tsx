import { Badge, Button, Group, Loader, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Hl7SenderCreateBodySchema, type Hl7Sender, type Hl7SenderCreateBody, type Hl7SenderList } from '@kairos/api';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { apiFetch, apiSend, fieldErrors } from '../../api/client';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { FormError } from '../../ui/form-error';

/** The HL7 v2 senders of the administrator's site, and the port the HL7 listener takes messages on (null: off). */
export const listHl7Senders = (): Promise<Hl7SenderList> => apiFetch('/api/hl7-senders');
export const createHl7Sender = (input: Hl7SenderCreateBody): Promise<Hl7Sender> => apiSend('POST', '/api/hl7-senders', input);
/** Removes a sender from the list: its messages are rejected from then on. */
export const removeHl7Sender = (id: string): Promise<void> => apiSend('DELETE', `/api/hl7-senders/${encodeURIComponent(id)}`);

/**
 * The site's HL7 v2 senders (MLLP carries no credentials): the addresses, or networks, its monitors
 * or their gateway send ORU^R01 messages from. A message from an address on no list is rejected.
 */
export function Hl7SendersCard({ siteId }: { siteId: string }) {
  const senders = useResource('hl7-senders', listHl7Senders, 'The HL7 senders could not be loaded.');
  const [removing, setRemoving] = useState<Hl7Sender>();
  const items = (senders.data?.items ?? [])
    .filter((s) => s.siteId === siteId)
    .sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));
  const port = senders.data?.listenerPort;

  return (
    <Stack data-testid="hl7-senders">
      <Title order={3}>HL7 v2 monitors (MLLP)</Title>
      {senders.data !== undefined && (
        <Text size="sm" c="dimmed" data-testid="hl7-listener">
          {port === null || port === undefined
            ? 'Monitors or their gateway can send HL7 v2 ORU^R01 messages to this server, but the HL7 listener is off: the server’s KAIROS_HL7_PORT setting turns it on. '
            : `Monitors or their gateway send HL7 v2 ORU^R01 messages to this server on port ${String(port)}. `}
          A message is taken only from an address on this list.
        </Text>
      )}
      <NewSenderForm siteId={siteId} onAdded={() => senders.reload()} />
      {senders.state.status === 'loading' && senders.data === undefined && <Loader aria-label="Loading HL7 senders" />}
      <LoadError state={senders.state} />
      {senders.data !== undefined && items.length === 0 && <Text c="dimmed">No HL7 senders listed for this site yet.</Text>}
      {items.length > 0 && (
        <Table withTableBorder striped aria-label="HL7 senders" data-testid="hl7-sender-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id} data-address={s.address} data-removed={s.revokedAt !== null ? 'true' : 'false'}>
                <Table.Td fw={600}>{s.name}</Table.Td>
                <Table.Td>{s.address}</Table.Td>
                <Table.Td>{formatInstant(s.createdAt)}</Table.Td>
                <Table.Td>
                  {s.revokedAt === null ? (
                    <Badge color="green" variant="light">
                      Listed
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      Removed on {formatInstant(s.revokedAt)}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {s.revokedAt === null && (
                    <Button size="xs" color="red" variant="light" onClick={() => setRemoving(s)}>
                      Remove…
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <RemoveModal
        sender={removing}
        onClose={() => setRemoving(undefined)}
        onRemoved={() => {
          setRemoving(undefined);
          senders.reload();
        }}
      />
    </Stack>
  );
}

type SenderInput = Pick<Hl7SenderCreateBody, 'name' | 'address'>;

function NewSenderForm({ siteId, onAdded }: { siteId: string; onAdded: () => void }) {
  // The contract's rules (a name of 1 to 100 characters, an address of 2 to 50), checked here before
  // sending; whether the address is one, and free, the server says beside the field.
  const form = useForm<SenderInput>({
    initialValues: { name: '', address: '' },
    validate: zod4Resolver(Hl7SenderCreateBodySchema.pick({ name: true, address: true })),
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      await createHl7Sender({ siteId, name: values.name.trim(), address: values.address.trim() });
      form.setValues({ name: '', address: '' });
      onAdded();
    } catch (err) {
      // The server's words beside the field they name: "The address must be an IP address (10.20.0.15) or …".
      const byField = fieldErrors(err);
      const known: Partial<Record<keyof SenderInput, string>> = {};
      if (byField.name !== undefined) known.name = `The name ${byField.name}.`;
      if (byField.address !== undefined) known.address = `The address ${byField.address}.`;
      form.setErrors(known);
      if (Object.keys(known).length === 0) setError(errorText(err, 'The sender was not added.'));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} noValidate data-testid="new-hl7-sender-form">
        <Stack gap="sm">
          <Title order={4}>Add a sender</Title>
          <Group align="flex-start">
            <TextInput
              label="Name"
              description="Which monitor or gateway sends from it"
              placeholder="e.g. Chair 3 gateway"
              maxLength={100}
              {...form.getInputProps('name')}
              style={{ flex: 1 }}
            />
            <TextInput
              label="Address"
              description="An IP address, or a network in CIDR form"
              placeholder="10.20.0.15 or 10.20.0.0/24"
              maxLength={50}
              {...form.getInputProps('address')}
              style={{ flex: 1 }}
            />
          </Group>
          <FormError error={error} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Add sender
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RemoveModal({ sender, onClose, onRemoved }: { sender: Hl7Sender | undefined; onClose: () => void; onRemoved: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const remove = async () => {
    if (sender === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await removeHl7Sender(sender.id);
      onRemoved();
    } catch (err) {
      setError(errorText(err, 'The sender was not removed.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={sender !== undefined} onClose={onClose} title="Remove this HL7 sender?" centered>
      <Stack data-testid="remove-hl7-sender-dialog">
        <Text>
          <b>{sender?.name}</b> ({sender?.address}) comes off this site’s list at once: HL7 messages from this address are rejected from
          then on. To take them again, add the address anew.
        </Text>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => void remove()}>
            Remove sender
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
