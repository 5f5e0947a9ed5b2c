import { Alert, Anchor, Badge, Button, Group, Loader, Menu, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { useRoles } from '../../ui/use-roles';
import { useSignIn } from '../sign-in/sign-in-context';
import { roleLabel } from '../sign-in/sign-in-types';
import { listSites, type Site } from './settings-api';
import { CLINICAL_ROLES } from './billing-api';
import { UserActModal, type UserAct } from './user-modals';
import { formatAt, listStaffAccounts, type StaffAccount } from './users-api';

/**
 * /settings/users (administrators): every staff account with its roles, site and status; create an
 * account, change roles or site, set a temporary password, reset the second factor, deactivate or
 * reactivate. Each change asks the administrator to confirm with their own password.
 */
export function UsersPage() {
  const { has } = useRoles();
  return (
    <Stack>
      <Anchor component={Link} to="/settings" size="sm">
        ← All sites
      </Anchor>
      {has('admin') ? (
        <Users />
      ) : (
        <>
          <Title order={2}>Users</Title>
          <Alert color="yellow" title="Administrators only" data-testid="users-refused">
            An administrator creates accounts, gives roles and sites, and deactivates accounts.
          </Alert>
        </>
      )}
    </Stack>
  );
}

function Users() {
  const accounts = useResource('staff-accounts', listStaffAccounts, 'The users could not be loaded.');
  const sites = useResource('sites', listSites, 'The sites could not be loaded.');
  const [open, setOpen] = useState<UserAct>();
  const [notice, setNotice] = useState<string>();
  const siteList = sites.data?.items ?? [];
  return (
    <>
      <Group justify="space-between">
        <Title order={2}>Users</Title>
        <Button
          onClick={() => {
            setNotice(undefined);
            setOpen({ act: 'create' });
          }}
          disabled={siteList.length === 0}
        >
          New user
        </Button>
      </Group>
      <Text size="sm">
        Each person works at one site and sees only its patients and schedule. Every change here asks for your password again and is
        recorded.
      </Text>
      {notice !== undefined && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(undefined)} role="status" data-testid="users-notice">
          {notice}
        </Alert>
      )}
      {accounts.state.status === 'loading' && accounts.data === undefined && <Loader aria-label="Loading users" />}
      <LoadError state={accounts.state} />
      {accounts.data !== undefined && (
        <UsersTable
          accounts={accounts.data.items}
          sites={siteList}
          onAct={(act) => {
            setNotice(undefined);
            setOpen(act);
          }}
        />
      )}
      <UserActModal
        open={open}
        sites={siteList}
        onClose={() => setOpen(undefined)}
        onDone={(_account, what) => {
          setOpen(undefined);
          setNotice(what);
          accounts.reload();
        }}
      />
    </>
  );
}

function UsersTable({ accounts, sites, onAct }: { accounts: StaffAccount[]; sites: Site[]; onAct: (act: UserAct) => void }) {
  const { signedIn } = useSignIn();
  const zoneOf = (siteId: string | null) => sites.find((s) => s.id === siteId)?.timeZone;
  if (accounts.length === 0) return <Text>No users yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table withTableBorder striped aria-label="Users" data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Person</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th>Site</Table.Th>
            <Table.Th>NPI</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Second factor</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((a) => {
            const self = a.id === signedIn?.user.id;
            const clinician = a.roles.some((r) => (CLINICAL_ROLES as readonly string[]).includes(r));
            return (
              <Table.Tr key={a.id} data-email={a.email} data-active={a.active ? 'true' : 'false'}>
                <Table.Td>
                  <Group gap={6}>
                    <Text fw={600} size="sm">
                      {a.displayName}
                    </Text>
                    {self && (
                      <Badge size="sm" color="blue" variant="outline">
                        You
                      </Badge>
                    )}
                    {a.synthetic && (
                      <Badge size="sm" color="gray" variant="outline">
                        Demo
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm">{a.email}</Text>
                </Table.Td>
                <Table.Td>{a.roles.map(roleLabel).join(', ')}</Table.Td>
                <Table.Td>{a.siteName ?? 'No site'}</Table.Td>
                <Table.Td data-testid="user-npi" style={{ whiteSpace: 'nowrap' }}>
                  {a.npi ??
                    (clinician ? (
                      <Text span size="sm" c="dimmed">
                        Not entered
                      </Text>
                    ) : (
                      ''
                    ))}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {a.active ? (
                    <Badge color="green" variant="light" miw="max-content">
                      Active
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light" miw="max-content">
                      Deactivated
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {a.secondFactorEnrolled ? (
                    'Set up'
                  ) : (
                    <Text span size="sm" c="orange">
                      Not set up
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatAt(a.lastSignInAt, zoneOf(a.siteId))}</Table.Td>
                <Table.Td ta="right">
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button size="xs" variant="default" aria-label={`Change ${a.displayName}`}>
                        Change…
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => onAct({ act: 'roles', account: a })}>Change roles</Menu.Item>
                      <Menu.Item onClick={() => onAct({ act: 'site', account: a })}>Change site</Menu.Item>
                      <Menu.Item onClick={() => onAct({ act: 'password', account: a })}>Reset password</Menu.Item>
                      {clinician && <Menu.Item onClick={() => onAct({ act: 'billing', account: a })}>Billing details…</Menu.Item>}
                      {a.secondFactorEnrolled && (
                        <Menu.Item onClick={() => onAct({ act: 'secondFactor', account: a })}>Reset second factor</Menu.Item>
                      )}
                      {a.active ? (
                        !self && (
                          <Menu.Item color="red" onClick={() => onAct({ act: 'deactivate', account: a })}>
                            Deactivate
                          </Menu.Item>
                        )
                      ) : (
                        <Menu.Item onClick={() => onAct({ act: 'reactivate', account: a })}>Reactivate</Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
