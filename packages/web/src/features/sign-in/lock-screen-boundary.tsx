import { Box, Button, FocusTrap, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { useSignIn } from './sign-in-context';
import { FormError } from '../../ui/form-error';
import { SecondFactorField, asksForSecondFactor } from '../../ui/second-factor-field';

/**
 * Wraps a screen that must stay in view (the Today board, the infusion console). When the
 * sign-in expires, the screen locks instead of leaving: the content stays rendered and updating,
 * dimmed under an overlay that asks the signed-in user's password again.
 */
export function LockScreenBoundary({ children }: { children: ReactNode }) {
  const { state, registerLockBoundary } = useSignIn();
  useEffect(() => registerLockBoundary(), [registerLockBoundary]);
  const locked = state.status === 'signed-in' && state.locked;
  return (
    <>
      <Box inert={locked} data-locked={locked ? 'true' : undefined}>
        {children}
      </Box>
      {locked && <LockOverlay />}
    </>
  );
}

function LockOverlay() {
  const { signedIn, unlock, signOut } = useSignIn();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await unlock(password, needCode ? code.trim() : undefined);
    } catch (err) {
      if (asksForSecondFactor(err)) {
        setNeedCode(true);
        if (needCode) setError((err as ApiError).message);
      } else {
        setError(err instanceof ApiError && err.message !== '' ? err.message : 'The password is not correct.');
        setPassword('');
      }
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box
      pos="fixed"
      inset={0}
      style={{
        zIndex: 300,
        background: 'rgba(20, 24, 32, 0.45)',
        display: 'flex',
        justifyContent: 'center',
        alignItems: 'flex-start',
        paddingTop: 72,
      }}
      data-testid="lock-screen"
      role="dialog"
      aria-modal="true"
      aria-labelledby="lock-screen-title"
    >
      <FocusTrap active>
        <Paper shadow="xl" p="lg" radius="md" w={380} withBorder>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Title order={3} id="lock-screen-title">
                Screen locked
              </Title>
              <Text size="sm" c="dimmed">
                The board behind stays live. To act on it, {signedIn?.user.displayName ?? 'the signed-in user'} enters their password.
              </Text>
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                readOnly={needCode}
                data-autofocus
              />
              {needCode && <SecondFactorField value={code} onChange={setCode} autoFocus />}
              <FormError error={error} />
              <Group justify="space-between">
                <Button variant="subtle" onClick={() => void signOut('You signed out from a locked screen.')}>
                  Sign out
                </Button>
                <Button type="submit" loading={busy} disabled={password === '' || (needCode && code.trim() === '')}>
                  Unlock
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </FocusTrap>
    </Box>
  );
}
