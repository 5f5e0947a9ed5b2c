import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, apiSend } from '../../api/client';
import { useSignIn } from '../sign-in/sign-in-context';
import type { StepUpResult } from '../sign-in/sign-in-types';

/** The roles that decide as a prescriber at the chair. */
const PRESCRIBING = ['prescriber', 'medical-director'];

/** Whether the signed-in user decides as a prescriber (prescriber or medical director). */
export function useIsPrescriber(): boolean {
  const { signedIn } = useSignIn();
  return (signedIn?.user.roles ?? []).some((r) => PRESCRIBING.includes(r));
}

export interface PrescriberDialogProps {
  opened: boolean;
  title: string;
  /** The step-up proof's purpose (e.g. "rate.change"), recorded with it. */
  purpose: string;
  /** What is decided and why it needs a prescriber, in words. */
  description?: ReactNode;
  /** When given, the dialog asks the reason (at least 3 characters) under this label. */
  reasonLabel?: string;
  /** When given, asks an optional note instead (e.g. acknowledging an alert). Ignored with `reasonLabel`. */
  noteLabel?: string;
  confirm: string;
  color?: string;
  /**
   * Whether a prescriber's proof is asked: false when the signed-in prescriber decides on their
   * own screen (the server takes their session). When the signed-in user is a prescriber, the proof
   * is their own password; otherwise a prescriber enters their own email and password here.
   */
  proof: boolean;
  onClose: () => void;
  /** Does the act; resolves to undefined when it is done (the dialog closes), else the problem in words (the dialog stays). */
  onSubmit: (input: { reason?: string; stepUpToken?: string }) => Promise<string | undefined>;
}

/**
 * A prescriber's decision at the chair: the reason, and (on a nurse's tablet) the prescriber's own
 * email and password typed here, now, for a step-up proof of `purpose` (POST /api/step-up). A name
 * picked from a list is not a proof; the server checks the proof's owner is a prescriber.
 */
export function PrescriberDialog({
  opened,
  title,
  purpose,
  description,
  reasonLabel,
  noteLabel,
  confirm,
  color,
  proof,
  onClose,
  onSubmit,
}: PrescriberDialogProps) {
  const { signedIn } = useSignIn();
  const self = useIsPrescriber();
  const selfEmail = signedIn?.user.email ?? '';
  const [reason, setReason] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    setReason('');
    setEmail(self ? selfEmail : '');
    setPassword('');
    setError(undefined);
  }, [opened, self, selfEmail]);

  const asksReason = reasonLabel !== undefined;
  const asksNote = !asksReason && noteLabel !== undefined;
  const ready = (!asksReason || reason.trim().length >= 3) && (!proof || (email.trim() !== '' && password !== ''));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      let stepUpToken: string | undefined;
      if (proof) {
        try {
          stepUpToken = (await apiSend<StepUpResult>('POST', '/api/step-up', { email: email.trim(), password, purpose })).stepUpToken;
        } catch (err) {
          // The server's one answer for a wrong password, an unknown or a locked account.
          setError(err instanceof ApiError && err.message !== '' ? err.message : 'The email or password is not correct.');
          setPassword('');
          return;
        }
      }
      const text = reason.trim();
      const problem = await onSubmit({ ...(text === '' ? {} : { reason: text }), ...(stepUpToken === undefined ? {} : { stepUpToken }) });
      setPassword('');
      if (problem === undefined) onClose();
      else setError(problem);
    } finally {
      setBusy(false);
    }
  };

  const intro = self
    ? 'Confirm it is you: enter your password now. The decision is recorded as yours.'
    : 'A prescriber (or the medical director) enters their own email and password now, on this screen. The decision is recorded as theirs.';
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered size="lg">
      <form onSubmit={submit} noValidate data-testid="prescriber-dialog" data-purpose={purpose}>
        <Stack>
          {description !== undefined && <div>{typeof description === 'string' ? <Text>{description}</Text> : description}</div>}
          {asksReason && (
            <Textarea
              label={reasonLabel}
              description="required"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              size="lg"
              data-autofocus
            />
          )}
          {asksNote && (
            <Textarea
              label={noteLabel}
              description="optional"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              size="lg"
            />
          )}
          {proof && (
            <Stack gap="xs" data-testid="prescriber-proof">
              <Text size="sm" c="dimmed">
                {intro}
              </Text>
              <TextInput
                label="Email"
                type="email"
                autoComplete="off"
                size="lg"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                readOnly={self}
                data-autofocus={!asksReason && !self ? true : undefined}
              />
              <PasswordInput
                label="Password"
                autoComplete="off"
                size="lg"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                data-autofocus={!asksReason && self ? true : undefined}
              />
            </Stack>
          )}
          {error !== undefined && (
            <Alert color="red" role="alert" data-testid="prescriber-dialog-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" size="lg" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" size="lg" color={color} loading={busy} disabled={!ready}>
              {confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
