import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { RecoveryCodes, SecondFactorCodeBody, SecondFactorStatus } from '@kairos/api';
import { ApiError, apiFetch, apiSend, fieldErrors } from '../../api/client';
import { formatInstant, useResource } from '../../api/use-resource';
import { FormError } from '../../ui/form-error';
import { LoadError } from '../../ui/load-error';
import { SecondFactorField } from '../../ui/second-factor-field';
import { RecoveryCodeList, SecondFactorSetup } from './second-factor-setup';
import { useSignIn } from './sign-in-context';
import { PasswordChangeForm } from './password-change-form';

const dateText = (iso: string): string => formatInstant(iso);

/** An act on the second factor that needs a current code: new recovery codes, or removal. */
function CodeAct({
  label,
  confirmLabel,
  color,
  onCode,
}: {
  label: string;
  confirmLabel: string;
  color?: string;
  onCode: (code: string) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <Button variant="default" color={color} onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onCode(code.trim());
      setOpen(false);
    } catch (err) {
      const field = fieldErrors(err).code;
      setError(field !== undefined ? `The code is ${field}.` : err instanceof ApiError ? err.message : 'That did not work. Try again.');
    } finally {
      setCode('');
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs" maw={420}>
        <SecondFactorField value={code} onChange={setCode} autoFocus />
        <FormError error={error} />
        <Group>
          <Button variant="default" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" color={color} loading={busy} disabled={code.trim() === ''}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Your own sign-in security: the second factor (set up, recovery codes, removal). */
export function AccountSecurityPage() {
  const { refresh } = useSignIn();
  const status = useResource(
    'account-second-factor',
    () => apiFetch<SecondFactorStatus>('/api/account/second-factor'),
    'Your sign-in security could not be loaded.',
  );
  const [codes, setCodes] = useState<string[]>();
  const [notice, setNotice] = useState<string>();

  const reload = async () => {
    await refresh();
    status.reload();
  };

  return (
    <Stack maw={720}>
      <Title order={2}>Sign-in security</Title>
      {notice !== undefined && (
        <Alert color="teal" data-testid="account-security-notice">
          {notice}
        </Alert>
      )}
      <Card withBorder>
        <Stack>
          <Group justify="space-between">
            <Title order={4}>Second factor: authenticator app</Title>
            {status.data !== undefined && (
              <Badge color={status.data.enrolled ? 'teal' : status.data.required ? 'red' : 'gray'} data-testid="second-factor-state">
                {status.data.enrolled ? 'on' : status.data.required ? 'required: not set up' : 'off'}
              </Badge>
            )}
          </Group>
          <LoadError state={status.state} />
          {codes !== undefined ? (
            <RecoveryCodeList
              codes={codes}
              doneLabel="Done"
              onDone={() => {
                setCodes(undefined);
                status.reload();
              }}
            />
          ) : status.data === undefined ? null : status.data.enrolled ? (
            <Stack>
              <Text>
                On since {status.data.enrolledAt === null ? 'enrolment' : dateText(status.data.enrolledAt)}. Signing in and confirming acts
                (double checks, signatures) ask for the app&apos;s code after your password.
              </Text>
              <Text data-testid="recovery-codes-left">
                {status.data.recoveryCodesLeft} of 10 recovery codes left
                {status.data.recoveryCodesLeft <= 3 ? ': make new ones before they run out.' : '.'}
              </Text>
              <Group align="flex-start">
                <CodeAct
                  label="New recovery codes"
                  confirmLabel="Make new codes"
                  onCode={async (code) => {
                    const r = await apiSend<RecoveryCodes>('POST', '/api/account/second-factor/recovery-codes', {
                      code,
                    } satisfies SecondFactorCodeBody);
                    setCodes(r.recoveryCodes);
                    setNotice('New recovery codes made: the old ones no longer work.');
                  }}
                />
                <CodeAct
                  label="Remove the authenticator app"
                  confirmLabel="Remove"
                  color="red"
                  onCode={async (code) => {
                    await apiSend('POST', '/api/account/second-factor/removal', { code } satisfies SecondFactorCodeBody);
                    setNotice(
                      status.data?.required === true
                        ? 'Removed. This clinic requires a second factor: set up a new one to go on.'
                        : 'Removed. Your other sign-ins have ended; signing in now needs only your password.',
                    );
                    await reload();
                  }}
                />
              </Group>
            </Stack>
          ) : (
            <SecondFactorSetup
              doneLabel="Done"
              onDone={() => {
                setNotice('Your authenticator app is set up.');
                void reload();
              }}
            />
          )}
        </Stack>
      </Card>
      <Card withBorder>
        <Stack>
          <Title order={4}>Password</Title>
          <Text size="sm">Changing it ends your sign-ins on other devices; this one stays.</Text>
          <PasswordChangeForm submitLabel="Change password" onDone={() => setNotice('Your password is changed.')} />
        </Stack>
      </Card>
    </Stack>
  );
}

/** A sign-in whose password an administrator chose: its owner chooses their own before anything else. */
export function PasswordChangeRequiredPage() {
  const { refresh, signOut, signedIn } = useSignIn();
  return (
    <Stack maw={720} mx="auto" p="xl" data-testid="password-change-required">
      <Title order={2}>Choose your own password</Title>
      <Text>
        {signedIn?.user.displayName ?? 'You'}: an administrator set the password you signed in with. Choose one only you know to go on.
      </Text>
      <Card withBorder>
        <PasswordChangeForm submitLabel="Save and continue" onDone={() => void refresh()} />
      </Card>
      <Group>
        <Button variant="subtle" onClick={() => void signOut('You signed out.')}>
          Sign out
        </Button>
      </Group>
    </Stack>
  );
}

/** A sign-in that must set up its second factor before anything else (production). */
export function SecondFactorRequiredPage() {
  const { refresh, signOut, signedIn } = useSignIn();
  return (
    <Stack maw={720} mx="auto" p="xl">
      <Title order={2}>Set up your second factor</Title>
      <Text>
        {signedIn?.user.displayName ?? 'You'}: this clinic requires a second factor for every staff sign-in, because Kairos holds health
        records. Set up an authenticator app to go on.
      </Text>
      <Card withBorder>
        <SecondFactorSetup doneLabel="Continue to Kairos" onDone={() => void refresh()} />
      </Card>
      <Group>
        <Button variant="subtle" onClick={() => void signOut('You signed out.')}>
          Sign out
        </Button>
      </Group>
    </Stack>
  );
}
