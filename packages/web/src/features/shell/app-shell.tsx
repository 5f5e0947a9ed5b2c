import { AppShell, Badge, Group, NavLink, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import type { Health } from '@kairos/api';
import { apiFetch } from '../../api/client';
import { IdleWarning } from '../sign-in/idle-warning';
import { useSignIn } from '../sign-in/sign-in-context';
import { UserMenu } from '../sign-in/user-menu';
import { HeaderPatientSearch } from './header-patient-search';
import { allowedSections } from './sections';

export { SECTIONS } from './sections';

function useHealth(): Health | undefined {
  const [health, setHealth] = useState<Health>();
  useEffect(() => {
    apiFetch<Health>('/api/health').then(setHealth, () => setHealth(undefined));
  }, []);
  return health;
}

export function KairosShell() {
  const health = useHealth();
  const { signedIn } = useSignIn();
  const location = useLocation();
  const mode = signedIn?.mode ?? health?.mode;
  const protocol = signedIn?.protocol;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Title order={3}>Kairos</Title>
            {signedIn?.sections.includes('patients') === true && <HeaderPatientSearch />}
          </Group>
          <Group gap="sm" wrap="nowrap">
            {mode === 'demo' && (
              <Badge color="orange" variant="filled" data-testid="demo-badge">
                Demo mode: synthetic data
              </Badge>
            )}
            {protocol !== undefined && protocol !== null && (
              <Badge
                color={protocol.signed ? 'teal.9' : 'red.9'}
                variant={protocol.signed ? 'outline' : 'filled'}
                data-testid="protocol-badge"
                title={
                  protocol.signed
                    ? 'The protocol version a medical director signed is in force at your site.'
                    : 'No protocol version is signed at your site: the shipped defaults apply, and no infusion can start until a medical director signs one.'
                }
              >
                {protocol.signed ? `Protocol version ${protocol.version} signed` : 'Protocol not signed'}
              </Badge>
            )}
            <Badge color={health ? 'teal' : 'gray'} variant="light" data-testid="health-badge">
              {health ? `server ok · ${health.engine}` : 'server …'}
            </Badge>
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {allowedSections(signedIn?.sections ?? []).map((s) => (
          <NavLink key={s.path} component={RouterNavLink} to={s.path} label={s.label} active={location.pathname.startsWith(s.path)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
      <IdleWarning />
    </AppShell>
  );
}
