import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, apiSend } from '../api/client';
import { useSignIn } from '../features/sign-in/sign-in-context';
import type { StepUpBody, StepUpResult } from '@kairos/api';
import { FormError } from './form-error';
import { SecondFactorField, asksForSecondFactor } from './second-factor-field';

export interface StepUpDialogProps {
  opened: boolean;
  onClose: () => void;
  /** What the proof is for, recorded with it: lower-case words, digits, dots, colons, dashes (e.g. "dose.double-check"). */
  purpose: string;
  title: string;
  /** 'self': the signed-in user proves their password again; 'other-licensed': a second, licensed person does. */
  who: 'self' | 'other-licensed';
  /** Called with the step-up token to pass with the request that needs it, and who proved it. */
  onVerified: (token: string, user: { id: string; displayName: string; expiresAt: string }) => void;
  /** Shown above the fields: what the person is confirming. */
  description?: string;
}

/**
 * The named person enters their password now, on this screen. A name picked from a list is not
 * a check: only POST /api/step-up's token proves it. Reusable by every feature that needs a
 * double check, a witness or a fresh proof.
 */
export function StepUpDialog({ opened, onClose, purpose, title, who, onVerified, description }: StepUpDialogProps) {
  const { signedIn } = useSignIn();
  const selfEmail = signedIn?.user.email ?? '';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    setEmail(who === 'self' ? selfEmail : '');
    setPassword('');
    setCode('');
    setNeedCode(false);
    setError(undefined);
  }, [opened, who, selfEmail]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await apiSend<StepUpResult>('POST', '/api/step-up', {
        email: email.trim(),
        password,
        purpose,
        ...(needCode ? { code: code.trim() } : {}),
      } satisfies StepUpBody);
      if (who === 'other-licensed' && r.userId === signedIn?.user.id) {
        setError('The second check must come from another person, not from you.');
        setPassword('');
        return;
      }
      setPassword('');
      setCode('');
      setNeedCode(false);
      onVerified(r.stepUpToken, { id: r.userId, displayName: r.displayName, expiresAt: r.expiresAt });
    } catch (err) {
      if (asksForSecondFactor(err)) {
        // The password was right; this person has a second factor: ask for its code.
        setNeedCode(true);
        if (needCode) setError((err as ApiError).message);
      } else {
        // The server's one answer for a wrong password, an unknown or a locked account.
        setError(err instanceof ApiError && err.message !== '' ? err.message : 'The email or password is not correct.');
        setPassword('');
        setNeedCode(false);
      }
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const intro =
    who === 'self'
      ? 'Confirm it is you: enter your password now.'
      : 'A second licensed person (medical director, prescriber or nurse) enters their own email and password now, on this screen.';
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form onSubmit={submit} noValidate data-testid="step-up-dialog">
        <Stack>
          {description !== undefined && <Text>{description}</Text>}
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
          <TextInput
            label="Email"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            readOnly={who === 'self' || needCode}
            data-autofocus={who === 'other-licensed' ? true : undefined}
          />
          <PasswordInput
            label="Password"
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            readOnly={needCode}
            data-autofocus={who === 'self' ? true : undefined}
          />
          {needCode && <SecondFactorField value={code} onChange={setCode} autoFocus />}
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={email.trim() === '' || password === '' || (needCode && code.trim() === '')}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
