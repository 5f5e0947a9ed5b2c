import { Alert, Badge, Button, Code, CopyButton, Group, Loader, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import {
  DeviceTokenCreateBodySchema,
  type DeviceToken,
  type DeviceTokenCreateBody,
  type DeviceTokenCreated,
  type DeviceTokenList,
} from '@kairos/api';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { useParams } from 'react-router';
import { apiFetch, apiSend } from '../../api/client';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { listSites } from './settings-api';
import { SiteNav } from './site-nav';
import { Hl7SendersCard } from './hl7-senders-card';
import { useRoles } from '../../ui/use-roles';
import { LoadError } from '../../ui/load-error';
import { FormError } from '../../ui/form-error';

/** The device tokens (docs/api-sessions.md, Devices): never the tokens themselves. */
export const listDeviceTokens = (): Promise<DeviceTokenList> => apiFetch('/api/device-tokens');
/** The one answer that carries the token, right after it is created. */
export const createDeviceToken = (siteId: string, name: string): Promise<DeviceTokenCreated> =>
  apiSend('POST', '/api/device-tokens', { siteId, name });
export const revokeDeviceToken = (id: string): Promise<void> => apiSend('DELETE', `/api/device-tokens/${encodeURIComponent(id)}`);

/**
 * /settings/sites/:siteId/devices (administrators): the site's device tokens, with which monitors
 * post vital signs (scope: vitals ingestion only). A new token is shown once, with a copy button;
 * tokens are revoked after a confirmation. Below them, the addresses the site's HL7 v2 (MLLP) monitors
 * send from (hl7-senders-card.tsx).
 */
export function DeviceTokensPage() {
  const { siteId = '' } = useParams();
  const { has } = useRoles();
  const sites = useResource('sites', listSites);
  const siteName = sites.data?.items.find((s) => s.id === siteId)?.name;
  return (
    <Stack>
      <SiteNav siteId={siteId} siteName={siteName} tab="devices" />
      {has('admin') ? (
        <>
          <DeviceTokens siteId={siteId} siteName={siteName} />
          <Hl7SendersCard siteId={siteId} />
        </>
      ) : (
        <Alert color="yellow" title="Administrators only" data-testid="devices-refused">
          Device tokens and the list of HL7 monitor addresses let monitors send vital signs for this site. An administrator manages them.
        </Alert>
      )}
    </Stack>
  );
}

function DeviceTokens({ siteId, siteName }: { siteId: string; siteName: string | undefined }) {
  const tokens = useResource('device-tokens', listDeviceTokens, 'The device tokens could not be loaded.');
  const [created, setCreated] = useState<DeviceTokenCreated>();
  const [revoking, setRevoking] = useState<DeviceToken>();
  const items = (tokens.data?.items ?? [])
    .filter((t) => t.siteId === siteId)
    .sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));

  return (
    <Stack data-testid="device-tokens">
      <Title order={3}>Device tokens</Title>
      <Text size="sm" c="dimmed">
        A monitor or integration posts vital signs to this site’s dosing sessions with a device token (<Code>Authorization: Bearer …</Code>{' '}
        on <Code>POST /api/device/sessions/:id/vitals</Code>). A token can do nothing else, and only at this site.
      </Text>
      {created === undefined ? (
        <NewTokenForm
          siteId={siteId}
          onCreated={(t) => {
            setCreated(t);
            tokens.reload();
          }}
        />
      ) : (
        <ShownOnce token={created} siteName={siteName} onDone={() => setCreated(undefined)} />
      )}
      {tokens.state.status === 'loading' && tokens.data === undefined && <Loader aria-label="Loading device tokens" />}
      <LoadError state={tokens.state} />
      {tokens.data !== undefined && items.length === 0 && <Text c="dimmed">No device tokens for this site yet.</Text>}
      {items.length > 0 && (
        <Table withTableBorder striped aria-label="Device tokens" data-testid="device-token-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Scope</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((t) => (
              <Table.Tr key={t.id} data-token-id={t.id} data-revoked={t.revokedAt !== null ? 'true' : 'false'}>
                <Table.Td fw={600}>{t.name}</Table.Td>
                <Table.Td>{t.scope === 'vitals' ? 'vital signs' : t.scope}</Table.Td>
                <Table.Td>{formatInstant(t.createdAt)}</Table.Td>
                <Table.Td>
                  {t.revokedAt === null ? (
                    <Badge color="green" variant="light">
                      active
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      revoked {formatInstant(t.revokedAt)}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {t.revokedAt === null && (
                    <Button size="xs" color="red" variant="light" onClick={() => setRevoking(t)}>
                      Revoke…
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <RevokeModal
        token={revoking}
        onClose={() => setRevoking(undefined)}
        onRevoked={() => {
          setRevoking(undefined);
          tokens.reload();
        }}
      />
    </Stack>
  );
}

function NewTokenForm({ siteId, onCreated }: { siteId: string; onCreated: (t: DeviceTokenCreated) => void }) {
  // The contract's rule (a name of 1 to 100 characters), checked here before sending.
  const form = useForm<Pick<DeviceTokenCreateBody, 'name'>>({
    initialValues: { name: '' },
    validate: zod4Resolver(DeviceTokenCreateBodySchema.pick({ name: true })),
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await createDeviceToken(siteId, values.name.trim()));
      form.setValues({ name: '' });
    } catch (err) {
      setError(errorText(err, 'The token was not created.'));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} noValidate data-testid="new-device-token-form">
        <Stack gap="sm">
          <Title order={4}>New device token</Title>
          <Group align="flex-end">
            <TextInput
              label="Name"
              description="Which monitor or integration uses it"
              placeholder="e.g. Chair 1 monitor"
              maxLength={100}
              {...form.getInputProps('name')}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={busy} disabled={!form.isValid()}>
              Create token
            </Button>
          </Group>
          <FormError error={error} />
        </Stack>
      </form>
    </Paper>
  );
}

/** The token, once: copy it now; it is stored hashed and cannot be shown again. */
function ShownOnce({ token, siteName, onDone }: { token: DeviceTokenCreated; siteName: string | undefined; onDone: () => void }) {
  return (
    <Alert color="orange" variant="light" title={`Token for “${token.name}” created: copy it now`} data-testid="new-device-token">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          You will not see this token again. Kairos keeps only a fingerprint of it: if it is lost, revoke it and create a new one.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code
            block
            fz="md"
            aria-label="Device token"
            style={{ flex: 1, userSelect: 'all', wordBreak: 'break-all' }}
            data-testid="new-device-token-value"
          >
            {token.token}
          </Code>
          <CopyButton value={token.token}>
            {({ copied, copy }) => (
              <Button color={copied ? 'teal' : 'blue'} onClick={copy} miw={110}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          Scope: vital signs for {siteName ?? 'this site'}’s dosing sessions only.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            I have copied it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function RevokeModal({ token, onClose, onRevoked }: { token: DeviceToken | undefined; onClose: () => void; onRevoked: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const revoke = async () => {
    if (token === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await revokeDeviceToken(token.id);
      onRevoked();
    } catch (err) {
      setError(errorText(err, 'The token was not revoked.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={token !== undefined} onClose={onClose} title="Revoke this device token?" centered>
      <Stack data-testid="revoke-dialog">
        <Text>
          <b>{token?.name}</b> stops working at once: a monitor using it can no longer post readings, and a revoked token cannot be
          restored.
        </Text>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => void revoke()}>
            Revoke token
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
