import { Button, Popover, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { errorText } from '../../api/use-resource';

/** "Remove" with a mandatory reason: the entry is retired, and stays in the history. */
export function RetireFactButton({ label, onRetire }: { label: string; onRetire: (reason: string) => Promise<void> }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus>
      <Popover.Target>
        <Button
          size="compact-xs"
          variant="subtle"
          color="gray"
          onClick={() => setOpened((o) => !o)}
          aria-label={`Remove ${label}`}
          className="no-print"
        >
          Remove
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim() === '') return;
            setBusy(true);
            setError(undefined);
            onRetire(reason.trim()).then(
              () => {
                setBusy(false);
                setOpened(false);
                setReason('');
              },
              (err: unknown) => {
                setBusy(false);
                setError(errorText(err, 'Not removed.'));
              },
            );
          }}
        >
          <Stack gap="xs" w={260}>
            <Text size="sm">Remove {label}? It stays in the record’s history.</Text>
            <TextInput label="Reason" size="xs" value={reason} onChange={(e) => setReason(e.currentTarget.value)} required data-autofocus />
            {error !== undefined && (
              <Text size="xs" c="red">
                {error}
              </Text>
            )}
            <Button size="xs" color="red" type="submit" loading={busy} disabled={reason.trim() === ''}>
              Remove
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
