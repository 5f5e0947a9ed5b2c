import { Alert } from '@mantine/core';

/** The error of a form or an act, announced to screen readers; nothing when there is none. */
export function FormError({ error }: { error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <Alert color="red" role="alert">
      {error}
    </Alert>
  );
}
