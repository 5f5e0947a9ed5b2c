import { AppShell, Badge, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { apiFetch, type Health } from '../../api/client';

/** The staff app's main sections, in the order of the navigation. */
export const SECTIONS = [
  { path: '/today', label: 'Today', soon: 'The Today board: every dosing session of the day, chair by chair, with live vitals and alarms.' },
  { path: '/patients', label: 'Patients', soon: 'The patient list and each patient’s record, screening and enrollments.' },
  { path: '/schedule', label: 'Schedule', soon: 'Cohorts, rooms, chairs and staff, by day and by week.' },
  { path: '/outcomes', label: 'Outcomes', soon: 'PCL-5, PHQ-9 and GAD-7 trajectories, response, remission and durability.' },
  { path: '/inventory', label: 'Inventory', soon: 'The ketamine stock ledger: receipts, draws, waste with witness, counts.' },
  { path: '/settings', label: 'Settings', soon: 'Sites, rooms and chairs, the protocol configuration, users and devices.' },
] as const;

function useHealth(): Health | undefined {
  const [health, setHealth] = useState<Health>();
  useEffect(() => {
    apiFetch<Health>('/api/health').then(setHealth, () => setHealth(undefined));
  }, []);
  return health;
}

export function KairosShell() {
  const health = useHealth();
  const location = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={3}>Kairos</Title>
          <Group gap="xs">
            {health?.mode === 'demo' && (
              <Badge color="orange" variant="filled" data-testid="demo-badge">
                Demo mode: synthetic data, protocol not signed
              </Badge>
            )}
            <Badge color={health ? 'teal' : 'gray'} variant="light" data-testid="health-badge">
              {health ? `server ok · ${health.engine}` : 'server …'}
            </Badge>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {SECTIONS.map((s) => (
          <NavLink key={s.path} component={RouterNavLink} to={s.path} label={s.label} active={location.pathname.startsWith(s.path)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

export function ComingSoon({ title, text }: { title: string; text: string }) {
  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <Text c="dimmed">Not built yet. This page will show: {text}</Text>
    </Stack>
  );
}
