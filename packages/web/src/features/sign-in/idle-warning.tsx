import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { endMs, formatCountdown, warningLeadMs } from './sign-in-clock';
import { useSignIn } from './sign-in-context';
import { useNow } from '../../ui/use-now';

/**
 * Warns before the sign-in ends for lack of activity, with a countdown and "Stay signed in"
 * (a keepalive). On a screen that must stay in view, the warning says it will lock instead.
 */
export function IdleWarning() {
  const { state, keepAlive, signOut, lockable } = useSignIn();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const active = state.status === 'signed-in' && !state.locked;
  const now = useNow(1000, active);
  if (state.status !== 'signed-in' || state.locked) return null;

  const d = state.deadlines;
  const left = endMs(d) - now;
  const absoluteFirst = d.absoluteMs <= d.idleMs;
  const opened = left > 0 && left <= warningLeadMs(d);

  const stay = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await keepAlive();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Kairos could not extend the session.');
    } finally {
      setBusy(false);
    }
  };

  const what = lockable ? 'This screen locks' : 'You will be signed out';
  return (
    <Modal
      opened={opened}
      onClose={() => void stay()}
      title="Are you still there?"
      centered
      withCloseButton={false}
      closeOnClickOutside={false}
    >
      <Stack data-testid="idle-warning">
        {absoluteFirst ? (
          <Text>
            Your session reaches its time limit in <strong data-testid="idle-countdown">{formatCountdown(left)}</strong>. Save your work;
            you will then sign in again.
          </Text>
        ) : (
          <Text>
            {what} in <strong data-testid="idle-countdown">{formatCountdown(left)}</strong> because there has been no activity. Patient
            records stay private on an unattended screen.
          </Text>
        )}
        {error !== undefined && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void signOut()}>
            Sign out now
          </Button>
          {!absoluteFirst && (
            <Button onClick={() => void stay()} loading={busy} data-autofocus>
              Stay signed in
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
