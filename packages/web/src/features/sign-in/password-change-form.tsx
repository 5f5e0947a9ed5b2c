import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { PasswordChangeBody } from '@kairos/api';
import { ApiError, apiSend, fieldErrors } from '../../api/client';
import { FormError } from '../../ui/form-error';

/** Choose a new password, proving the current one (`PUT /api/session/password`); the server's policy names what is wrong. */
export function PasswordChangeForm({ submitLabel, onDone }: { submitLabel: string; onDone: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; repeat?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setErrors({ repeat: 'The two new passwords are not the same.' });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await apiSend('PUT', '/api/session/password', { currentPassword: current, newPassword: next } satisfies PasswordChangeBody);
      setCurrent('');
      setNext('');
      setRepeat('');
      onDone();
    } catch (err) {
      const fields = fieldErrors(err);
      if (err instanceof ApiError && err.details.field === 'currentPassword') setErrors({ current: 'This is not your current password.' });
      else if (fields.newPassword !== undefined) setErrors({ next: `The new password ${fields.newPassword}.` });
      else setErrors({ form: err instanceof ApiError ? err.message : 'Your password could not be changed. Try again.' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="password-change-form">
      <Stack gap="sm" maw={420}>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errors.current}
        />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={errors.next}
        />
        <PasswordInput
          label="New password again"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={errors.repeat}
        />
        <FormError error={errors.form} />
        <Group>
          <Button type="submit" loading={busy} disabled={current === '' || next === '' || repeat === ''}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
