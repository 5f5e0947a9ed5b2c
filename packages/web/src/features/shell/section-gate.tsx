import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, Navigate } from 'react-router';
import { useSignIn } from '../sign-in/sign-in-context';
import type { Role, SectionId } from '@kairos/api';
import { roleLabel } from '../sign-in/sign-in-types';
import { allowedSections, sectionById } from './sections';

/** Renders a section's page only when the sign-in allows that section. */
export function SectionGate({ section, children }: { section: SectionId; children: ReactNode }) {
  const { signedIn } = useSignIn();
  if (signedIn === undefined) return null;
  if (!signedIn.sections.includes(section))
    return <NotAvailable section={section} roles={signedIn.user.roles} sections={signedIn.sections} />;
  return children;
}

function NotAvailable({ section, roles, sections }: { section: SectionId; roles: Role[]; sections: SectionId[] }) {
  const { label } = sectionById(section);
  const first = allowedSections(sections)[0];
  return (
    <Stack data-testid="not-available" maw={640}>
      <Title order={2}>{label}</Title>
      <Alert color="yellow" title={`${label} is not available for your role`}>
        <Text size="sm">
          Your role{roles.length === 1 ? '' : 's'} ({roles.map(roleLabel).join(', ')}) {roles.length === 1 ? 'does' : 'do'} not include{' '}
          {label}. If your work needs it, ask an administrator to review your roles.
        </Text>
      </Alert>
      {first !== undefined && (
        <Text size="sm">
          <Anchor component={Link} to={first.path}>
            Go to {first.label}
          </Anchor>
        </Text>
      )}
    </Stack>
  );
}

/** The start page: the first section this user may open. */
export function HomeRedirect() {
  const { signedIn } = useSignIn();
  const first = allowedSections(signedIn?.sections ?? [])[0];
  if (first !== undefined) return <Navigate to={first.path} replace />;
  return (
    <Stack data-testid="no-sections">
      <Title order={2}>Nothing to show yet</Title>
      <Text c="dimmed">Your account has no sections of Kairos open to it. Ask an administrator to review your roles.</Text>
    </Stack>
  );
}
