import { Anchor, Badge, Button, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useResource } from '../../api/use-resource';
import { createSite, listSites, WEEKDAY_LABELS, type Site } from './settings-api';
import { EMPTY_SITE, SiteForm } from './site-form';
import { useRoles } from '../../ui/use-roles';
import { LoadError } from '../../ui/load-error';
import { useSignIn } from '../sign-in/sign-in-context';

/** /settings: the sites, each with its rooms, protocol and consent documents; admins create sites and open the users. */
export function SitesPage() {
  const { state, data } = useResource('sites', listSites, 'The sites could not be loaded.');
  const { has } = useRoles();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Settings: sites</Title>
        <Group gap="sm">
          {has('admin', 'medical-director') && (
            <Button component={Link} to="/settings/audit" variant="default">
              Audit trail
            </Button>
          )}
          {has('admin') && (
            <Button component={Link} to="/settings/users" variant="default">
              Users
            </Button>
          )}
          {has('admin') && <Button onClick={() => setCreating(true)}>New site</Button>}
        </Group>
      </Group>
      {state.status === 'loading' && data === undefined && <Loader aria-label="Loading sites" />}
      <LoadError state={state} />
      {data !== undefined && <SitesTable sites={data.items} admin={has('admin')} billing={has('admin', 'coordinator')} />}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New site" size="lg" centered>
        {creating && (
          <SiteForm
            initial={EMPTY_SITE}
            submitLabel="Create site"
            onCancel={() => setCreating(false)}
            onSubmit={async (v) => {
              const site = await createSite(v);
              setCreating(false);
              await navigate(`/settings/sites/${site.id}`);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function SitesTable({ sites, admin, billing }: { sites: Site[]; admin: boolean; billing: boolean }) {
  // A coordinator holds no Settings section: of a site's pages, they open its billing only.
  const { signedIn } = useSignIn();
  const settings = signedIn?.sections.includes('settings') === true;
  if (sites.length === 0) return <Text c="dimmed">No sites yet.</Text>;
  return (
    <Table withTableBorder striped aria-label="Sites">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Site</Table.Th>
          <Table.Th>Time zone</Table.Th>
          <Table.Th>Working days</Table.Th>
          <Table.Th>Rooms</Table.Th>
          <Table.Th>Configuration</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sites.map((s) => (
          <Table.Tr key={s.id}>
            <Table.Td>
              <Group gap="xs">
                <Anchor component={Link} to={settings ? `/settings/sites/${s.id}` : `/settings/sites/${s.id}/billing`}>
                  {s.name}
                </Anchor>
                {s.synthetic && (
                  <Badge size="sm" color="orange" variant="light">
                    Synthetic
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td ff="monospace">{s.timeZone}</Table.Td>
            <Table.Td>{s.workingDays.map((d) => WEEKDAY_LABELS[d]).join(' ')}</Table.Td>
            <Table.Td>
              {s.rooms.filter((r) => r.active).length} active,{' '}
              {s.rooms.reduce((n, r) => n + r.chairs.filter((c) => c.active && r.active).length, 0)} chairs
            </Table.Td>
            <Table.Td>
              <Group gap="sm">
                {settings && (
                  <Anchor component={Link} to={`/settings/sites/${s.id}/protocol`} size="sm">
                    Protocol
                  </Anchor>
                )}
                {settings && (
                  <Anchor component={Link} to={`/settings/sites/${s.id}/consent`} size="sm">
                    Consent documents
                  </Anchor>
                )}
                {admin && (
                  <Anchor component={Link} to={`/settings/sites/${s.id}/devices`} size="sm">
                    Devices
                  </Anchor>
                )}
                {billing && (
                  <Anchor component={Link} to={`/settings/sites/${s.id}/billing`} size="sm">
                    Billing
                  </Anchor>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
