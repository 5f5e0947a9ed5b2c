import { TextInput } from '@mantine/core';

/** The code of a second factor: the 6 digits an authenticator app shows, or a recovery code. */
export function SecondFactorField({
  value,
  onChange,
  autoFocus,
  error,
}: {
  value: string;
  onChange: (code: string) => void;
  autoFocus?: boolean;
  error?: string | undefined;
}) {
  return (
    <TextInput
      label="Code from your authenticator app"
      description="The 6 digits the app shows now, or one of your recovery codes"
      autoComplete="one-time-code"
      spellCheck={false}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data-autofocus={autoFocus === true ? true : undefined}
      autoFocus={autoFocus}
      error={error}
      data-testid="second-factor-code"
    />
  );
}

/** Whether an API error asks for the second-factor code (the password was right). */
export function asksForSecondFactor(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SECOND_FACTOR_REQUIRED';
}
