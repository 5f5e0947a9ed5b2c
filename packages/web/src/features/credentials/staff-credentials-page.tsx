import { Anchor, Badge, Button, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import type { Role } from '@kairos/api';
import { useState } from 'react';
import { useParams } from 'react-router';
import { errorText, useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { ReasonModal } from '../../ui/reason-modal';
import { listSites } from '../settings/settings-api';
import { SiteNav } from '../settings/site-nav';
import { roleLabel } from '../sign-in/sign-in-types';
import { CredentialForm } from './credential-form';
import { credentialDocumentUrl, listSiteCredentials, removeCredential, type Credential, type StaffCredentials } from './credentials-api';
import { credentialStatus } from './credential-words';

/**
 * /settings/sites/:siteId/credentials: every active staff member of the site with their licences,
 * DEA registrations, ACLS and BLS, each with its status (current, expiring within 60 days,
 * expired); the administrator or the medical director records a credential with its scanned copy
 * and removes one entered by mistake, with a reason.
 */
export function StaffCredentialsPage() {
  const { siteId = '' } = useParams();
  const sites = useResource('sites', listSites);
  const site = { data: sites.data?.items.find((s) => s.id === siteId) };
  const staff = useResource(
    `staff-credentials-${siteId}`,
    () => listSiteCredentials(siteId),
    'The staff’s credentials could not be loaded.',
  );
  const [managing, setManaging] = useState<string>();
  const person = staff.data?.items.find((p) => p.userId === managing);

  return (
    <Stack>
      <SiteNav siteId={siteId} siteName={site.data?.name} tab="credentials" />
      <Text size="sm" c="dimmed">
        A dosing session needs an IV runner with a current nursing or prescriber licence and ACLS, a prescriber with a current licence and
        DEA registration for {site.data?.state ?? 'the site’s state'} to order the dose, and a therapist with a current licence. Warnings
        start 60 days before an expiry.{' '}
        {site.data?.state === null && 'Set the site’s state on its Site tab: until then a licence from any state counts.'}
      </Text>
      <LoadError state={staff.state} />
      {staff.data === undefined && staff.state.status === 'loading' && <Loader aria-label="Loading the staff’s credentials" />}
      {staff.data !== undefined && (
        <Table withTableBorder striped aria-label="Staff credentials" data-testid="staff-credentials">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Staff member</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Credentials</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {staff.data.items.map((p) => (
              <Table.Tr key={p.userId} data-person={p.displayName}>
                <Table.Td fw={600}>{p.displayName}</Table.Td>
                <Table.Td>{p.roles.map((r) => roleLabel(r as Role)).join(', ')}</Table.Td>
                <Table.Td>
                  <CredentialBadges credentials={p.credentials} />
                </Table.Td>
                <Table.Td ta="right">
                  <Button size="xs" variant="light" onClick={() => setManaging(p.userId)} aria-label={`Credentials of ${p.displayName}`}>
                    Credentials…
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={person !== undefined}
        onClose={() => setManaging(undefined)}
        title={`Credentials of ${person?.displayName ?? ''}`}
        size="xl"
      >
        {person !== undefined && (
          <PersonCredentials person={person} siteState={site.data?.state ?? null} onChanged={() => staff.reload()} />
        )}
      </Modal>
    </Stack>
  );
}

/** A credential's status in words (never cut short), coloured. */
function StatusBadge({ credential, size = 'md' }: { credential: Credential; size?: 'sm' | 'md' }) {
  const status = credentialStatus(credential);
  return (
    <Badge
      color={status.color}
      variant="light"
      size={size}
      tt="none"
      styles={{ root: { height: 'auto', maxWidth: 'none' }, label: { overflow: 'visible', whiteSpace: 'normal' } }}
    >
      {status.text}
    </Badge>
  );
}

/** One line a credential: what it is and its status, coloured. */
export function CredentialBadges({ credentials }: { credentials: Credential[] }) {
  if (credentials.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None recorded
      </Text>
    );
  return (
    <Stack gap={2}>
      {credentials.map((c) => {
        return (
          <Group key={c.id} gap="xs" wrap="nowrap">
            <Text size="sm">{c.label}</Text>
            <StatusBadge credential={c} size="sm" />
          </Group>
        );
      })}
    </Stack>
  );
}

function PersonCredentials({
  person,
  siteState,
  onChanged,
}: {
  person: StaffCredentials;
  siteState: string | null;
  onChanged: () => void;
}) {
  const [removing, setRemoving] = useState<Credential>();
  const [error, setError] = useState<string>();
  return (
    <Stack data-testid="person-credentials">
      {person.credentials.length === 0 ? (
        <Text c="dimmed">No credentials recorded.</Text>
      ) : (
        <Table withTableBorder aria-label={`Credentials of ${person.displayName}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Credential</Table.Th>
              <Table.Th>Number</Table.Th>
              <Table.Th>Issued</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Copy</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {person.credentials.map((c) => {
              return (
                <Table.Tr key={c.id} data-kind={c.kind}>
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td>{c.number ?? '—'}</Table.Td>
                  <Table.Td>{c.issuedOn ?? '—'}</Table.Td>
                  <Table.Td>{c.expiresOn}</Table.Td>
                  <Table.Td>
                    <StatusBadge credential={c} />
                  </Table.Td>
                  <Table.Td>
                    {c.document === null ? (
                      '—'
                    ) : (
                      <Anchor href={credentialDocumentUrl(c.id)} download={c.document.fileName}>
                        {c.document.fileName}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" color="red" variant="subtle" onClick={() => setRemoving(c)}>
                      Remove…
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Title order={4}>Record a credential</Title>
      <CredentialForm userId={person.userId} siteState={siteState} onAdded={onChanged} />
      <ReasonModal
        opened={removing !== undefined}
        onClose={() => setRemoving(undefined)}
        title={`Remove ${removing?.label ?? 'this credential'}?`}
        label="Why is it removed? (It stays on the record with your reason and no longer counts.)"
        confirm="Remove"
        color="red"
        error={error}
        onSubmit={(reason) => {
          if (removing === undefined) return;
          removeCredential(removing.id, reason)
            .then(() => {
              setRemoving(undefined);
              setError(undefined);
              onChanged();
            })
            .catch((err: unknown) => setError(errorText(err)));
        }}
      />
    </Stack>
  );
}
