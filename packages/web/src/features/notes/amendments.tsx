import { Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { AmendmentBodySchema, type AmendmentBody } from '@kairos/api';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { errorText, formatInstant } from '../../api/use-resource';
import { addAmendment, type Note, type NoteAmendment } from './notes-api';
import { FormError } from '../../ui/form-error';

/** The amendments of a signed note, oldest first, and (for writers) the form to append one. */
export function Amendments({ note, mayWrite, onAdded }: { note: Note; mayWrite: boolean; onAdded: (n: Note) => void }) {
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

function AmendmentItem({ amendment: a, n }: { amendment: NoteAmendment; n: number }) {
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

function AmendmentForm({ noteId, onAdded }: { noteId: string; onAdded: (n: Note) => void }) {
  // The contract's rules (both given, not blank, within their lengths), checked here before sending.
  const form = useForm<AmendmentBody>({ initialValues: { body: '', reason: '' }, validate: zod4Resolver(AmendmentBodySchema) });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      const n = await addAmendment(noteId, values.body.trim(), values.reason.trim());
      form.setValues({ body: '', reason: '' });
      onAdded(n);
    } catch (err) {
      setError(errorText(err, 'The amendment was not added.'));
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} noValidate className="no-print">
      <Stack gap="xs">
        <Textarea
          label="Amendment"
          aria-label="Amendment"
          aria-required
          description="What to add or correct."
          autosize
          minRows={2}
          {...form.getInputProps('body')}
          withAsterisk
        />
        <TextInput
          label="Reason for the amendment"
          aria-label="Reason for the amendment"
          aria-required
          {...form.getInputProps('reason')}
          withAsterisk
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={busy} disabled={!form.isValid()}>
            Add amendment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
