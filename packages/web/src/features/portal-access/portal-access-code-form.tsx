import { Alert, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/use-resource';
import { openPortalAccess } from './portal-access-api';

/** The code the clinic gave the patient (8 characters), for when the link was not opened. */
export function PortalAccessCodeForm({ onEntered, notice }: { onEntered: () => void; notice?: string }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const clean = code.replace(/[\s-]/g, '').toUpperCase();
    if (clean === '') {
      setError('Enter the code from the clinic.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await openPortalAccess({ code: clean });
      onEntered();
    } catch (err) {
      setError(errorText(err, 'That code did not work. Check it, or ask the clinic for a new one.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper p="lg" radius="md" withBorder>
      <form onSubmit={submit} noValidate data-testid="portal-code-form">
        <Stack gap="lg">
          <Title order={2}>Welcome</Title>
          {notice !== undefined && <Alert color="yellow">{notice}</Alert>}
          <Text fz="lg">Enter the code the clinic gave you.</Text>
          <TextInput
            label="Your code"
            size="xl"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            styles={{ input: { fontFamily: 'monospace', letterSpacing: 4, textTransform: 'uppercase' } }}
            error={error}
          />
          <Button type="submit" size="xl" fullWidth loading={busy} color="teal">
            Continue
          </Button>
          <Text size="sm" c="dimmed">
            A code works once and expires after a few days. If yours does not work, call the clinic for a new one.
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
