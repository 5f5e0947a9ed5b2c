import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorText, formatInstant } from '../../api/use-resource';
import { addAmendment, type Amendment, type Note } from './notes-api';

/** The amendments of a signed note, oldest first, and (for writers) the form to append one. */
export function Amendments({ note, mayWrite, onAdded }: { note: Note; mayWrite: boolean; onAdded(n: Note): void }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid="amendments">
      <Stack gap="sm">
        <Title order={4}>Amendments</Title>
        <Text size="sm" c="dimmed">
          A signed note is never edited: corrections and additions are appended here, each with its reason, author, time and hash.
        </Text>
        {note.amendments.length === 0 && (
          <Text size="sm" c="dimmed">
            No amendments.
          </Text>
        )}
        {note.amendments.map((a, i) => (
          <AmendmentItem key={a.id} amendment={a} n={i + 1} />
        ))}
        {mayWrite && <AmendmentForm noteId={note.id} onAdded={onAdded} />}
      </Stack>
    </Paper>
  );
}

function AmendmentItem({ amendment: a, n }: { amendment: Amendment; n: number }) {
  return (
    <Paper withBorder p="sm" radius="sm" bg="gray.0" data-testid="amendment">
      <Text size="xs" c="dimmed">
        Amendment {n} · {formatInstant(a.at)} · {a.by.name}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mt={4}>
        {a.body}
      </Text>
      <Text size="xs" mt={4}>
        <b>Reason:</b> {a.reason}
      </Text>
      <Text size="xs" c={a.hashVerified ? 'dimmed' : 'red'} ff="monospace" mt={2} style={{ wordBreak: 'break-all' }}>
        sha256 {a.contentHash}
        {a.hashVerified ? '' : ' (does not match: report to the medical director)'}
      </Text>
    </Paper>
  );
}

function AmendmentForm({ noteId, onAdded }: { noteId: string; onAdded(n: Note): void }) {
  const [body, setBody] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (body.trim() === '' || reason.trim() === '') return;
    setBusy(true);
    setError(undefined);
    try {
      const n = await addAmendment(noteId, body.trim(), reason.trim());
      setBody('');
      setReason('');
      onAdded(n);
    } catch (err) {
      setError(errorText(err, 'The amendment was not added.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="no-print">
      <Stack gap="xs">
        <Textarea label="Amendment" aria-label="Amendment" aria-required description="What to add or correct." autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} withAsterisk />
        <TextInput label="Reason for the amendment" aria-label="Reason for the amendment" aria-required value={reason} onChange={(e) => setReason(e.currentTarget.value)} withAsterisk />
        {error !== undefined && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={busy} disabled={body.trim() === '' || reason.trim() === ''}>
            Add amendment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
