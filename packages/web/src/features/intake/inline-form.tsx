import { Alert, Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { fieldErrors } from '../../api/client';
import { errorText } from '../../api/use-resource';

/**
 * A small add form: its fields, an Add button, and the server's answer (field errors are passed
 * to `children`, anything else is shown under the fields). `onSubmit` returns false to refuse.
 */
export function InlineForm({
  submitLabel,
  onSubmit,
  children,
  testId,
}: {
  submitLabel: string;
  onSubmit: () => Promise<boolean | void>;
  children: (errors: Record<string, string>) => ReactNode;
  testId?: string;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setErrors({});
    try {
      await onSubmit();
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      setError(errorText(err, 'Not saved.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid={testId} className="no-print">
      <Stack gap="xs">
        <Group gap="xs" align="flex-end" wrap="wrap">
          {children(errors)}
          <Button type="submit" variant="light" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
        {error !== undefined && (
          <Alert color="red" p="xs" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
