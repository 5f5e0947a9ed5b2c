import { Alert, Anchor, Button, Center, Code, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError, apiFetch } from '../../api/client';
import { landingPath, safeNextPath } from './sign-in-clock';
import { sectionOfSegment } from '../shell/sections';
import { useSignIn } from './sign-in-context';
import type { DemoInfo } from '@kairos/api';
import { roleLabel } from './sign-in-types';
import { SecondFactorField, asksForSecondFactor } from '../../ui/second-factor-field';

function useDemoInfo(): DemoInfo | undefined {
  const [info, setInfo] = useState<DemoInfo>();
  useEffect(() => {
    apiFetch<DemoInfo>('/api/demo-info').then(setInfo, () => setInfo(undefined));
  }, []);
  return info;
}

/** Demo mode only: the demo accounts and their password; picking one fills the email. */
function DemoHint({ info, onPick }: { info: DemoInfo; onPick: (email: string) => void }) {
  const password = info.demoPassword ?? 'kairos-demo-2026';
  const users = info.demoUsers ?? [];
  return (
    <Alert color="orange" data-testid="demo-hint">
      <Text size="sm">
        Demo mode: sign in as {users.length > 0 ? 'one of the demo users below' : 'a demo user'} with password <Code>{password}</Code>.
        Every record is synthetic.
      </Text>
      {users.length > 0 && (
        <Stack gap={2} mt="xs">
          {users.map((u) => (
            <Text key={u.email} size="sm">
              <Anchor component="button" type="button" size="sm" ff="monospace" onClick={() => onPick(u.email)}>
                {u.email}
              </Anchor>{' '}
              {u.roles.map(roleLabel).join(', ')}
            </Text>
          ))}
        </Stack>
      )}
    </Alert>
  );
}

function signInErrorText(e: unknown): string {
  // The server gives one answer whether the account exists, is locked or the password is wrong.
  if (e instanceof ApiError && e.message !== '') return e.message;
  if (e instanceof ApiError && e.status === 401) return 'The email or password is not correct.';
  return 'Signing in failed. Try again.';
}

export function SignInPage() {
  const { state, signIn } = useSignIn();
  const [params] = useSearchParams();
  const info = useDemoInfo();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const next = safeNextPath(params.get('next'));

  if (state.status === 'signed-in') return <Navigate to={landingPath(next, state.signedIn.sections, sectionOfSegment)} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email.trim(), password, needCode ? code.trim() : undefined);
    } catch (err) {
      if (asksForSecondFactor(err)) {
        // The password was right: keep it, and ask for the code.
        setNeedCode(true);
        if (needCode) setError(signInErrorText(err));
      } else {
        setError(signInErrorText(err));
        setPassword('');
      }
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const notice = state.status === 'signed-out' ? state.message : undefined;
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={420} component="main">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2}>Sign in to Kairos</Title>
            {notice !== undefined && (
              <Alert color="blue" data-testid="sign-in-notice">
                {notice}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              readOnly={needCode}
            />
            {needCode && <SecondFactorField value={code} onChange={setCode} autoFocus />}
            {error !== undefined && (
              <Alert color="red" role="alert" data-testid="sign-in-error">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} disabled={email.trim() === '' || password === '' || (needCode && code.trim() === '')}>
              {needCode ? 'Confirm code' : 'Sign in'}
            </Button>
            {needCode && (
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => {
                  setNeedCode(false);
                  setPassword('');
                  setCode('');
                  setError(undefined);
                }}
              >
                Use another account
              </Anchor>
            )}
            {info?.mode === 'demo' && <DemoHint info={info} onPick={setEmail} />}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
