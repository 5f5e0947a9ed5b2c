import { Button, Group, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useSignIn } from './sign-in-context';
import { roleLabel } from './sign-in-types';

/** The signed-in user's name and roles, and Sign out, for the header. */
export function UserMenu() {
  const { signedIn, signOut } = useSignIn();
  const navigate = useNavigate();
  if (signedIn === undefined) return null;
  const { displayName, roles } = signedIn.user;
  return (
    <Group gap="xs" wrap="nowrap" data-testid="user-menu">
      <div style={{ textAlign: 'right', lineHeight: 1.15 }}>
        <Text size="sm" fw={600} data-testid="user-name" truncate maw={220}>
          {displayName}
        </Text>
        <Text size="xs" c="dimmed" data-testid="user-roles" truncate maw={220}>
          {roles.map(roleLabel).join(', ')}
        </Text>
      </div>
      <Button component={Link} to="/account/security" variant="subtle" size="xs" data-testid="account-security-link">
        Security
      </Button>
      <Button
        variant="default"
        size="xs"
        onClick={async () => {
          await signOut('You signed out.');
          await navigate('/sign-in', { replace: true });
        }}
      >
        Sign out
      </Button>
    </Group>
  );
}
