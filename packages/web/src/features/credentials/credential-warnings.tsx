import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useResource } from '../../api/use-resource';
import { useRoles } from '../../ui/use-roles';
import { useSignIn } from '../sign-in/sign-in-context';
import { credentialWarnings, type CredentialWarning } from './credentials-api';

/** The warnings the signed-in person may see (the medical director: the site's staff; anyone else: their own). */
function useCredentialWarnings(): CredentialWarning[] {
  return useResource('credential-warnings', credentialWarnings, 'The credential warnings could not be loaded.').data?.items ?? [];
}

/**
 * On Today, for the medical director: the staff's credentials that expire within 60 days or have
 * expired, soonest first, with the way to the site's Staff credentials page. Nothing when none.
 */
export function StaffCredentialWarnings({ siteId }: { siteId: string | undefined }) {
  const { has } = useRoles();
  return has('medical-director') && siteId !== undefined ? <DirectorWarnings siteId={siteId} /> : null;
}

function DirectorWarnings({ siteId }: { siteId: string }) {
  const warnings = useCredentialWarnings();
  if (warnings.length === 0) return null;
  const expired = warnings.some((w) => w.expired);
  return (
    <Alert color={expired ? 'red' : 'orange'} title="Staff credentials" data-testid="staff-credential-warnings">
      <Stack gap={4}>
        {warnings.map((w) => (
          <Text size="sm" key={w.credentialId}>
            {w.message}
          </Text>
        ))}
        <Anchor component={Link} to={`/settings/sites/${siteId}/credentials`} size="sm">
          Open the staff’s credentials
        </Anchor>
      </Stack>
    </Alert>
  );
}

/** In My day: the signed-in person's own credentials that expire within 60 days or have expired. */
export function MyCredentialWarnings() {
  const { signedIn } = useSignIn();
  const mine = useCredentialWarnings().filter((w) => w.userId === signedIn?.user.id);
  if (mine.length === 0) return null;
  return (
    <Alert color={mine.some((w) => w.expired) ? 'red' : 'orange'} title="Your credentials" data-testid="my-credential-warnings" p="xs">
      <Stack gap={2}>
        {mine.map((w) => (
          <Text size="sm" key={w.credentialId}>
            {w.message}. Tell the medical director when it is renewed.
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
