import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/use-resource';

interface Props {
  label: string;
  submitLabel: string;
  color?: string;
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
}

/** Asks for a reason (at least 3 characters, as the server requires) before a change. */
export function ReasonForm({ label, submitLabel, color = 'red', onSubmit, onCancel }: Props) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setError('Give a reason (at least 3 characters).');
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(reason.trim());
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <Textarea
          label={label}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          required
          data-autofocus
        />
        {error !== undefined && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Back
          </Button>
          <Button type="submit" color={color} loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
