import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { getJournal, shareJournalEntry, writeJournalEntry, type JournalEntry } from './portal-api';
import { BackHome, PortalProblem } from './portal-common';

function Entry({ entry, onChanged }: { entry: JournalEntry; onChanged: (e: JournalEntry) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await shareJournalEntry(entry.id, !entry.shared));
    } catch (e) {
      setError(errorText(e, 'That did not work. Try again.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper component="article" p="md" radius="md" withBorder data-testid="journal-entry" data-shared={entry.shared}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fz="xs" c="dimmed">
            {formatInstant(entry.createdAt)}
          </Text>
          {entry.shared ? (
            <Badge color="teal" size="lg" variant="filled">
              Shared with your therapist
            </Badge>
          ) : (
            <Badge color="gray" size="lg" variant="light">
              Private
            </Badge>
          )}
        </Group>
        <Text lh={1.6} style={{ whiteSpace: 'pre-wrap' }}>
          {entry.body}
        </Text>
        {error !== undefined && <Alert color="red">{error}</Alert>}
        <Button size="lg" variant={entry.shared ? 'default' : 'light'} color="teal" fullWidth loading={busy} onClick={() => void toggle()}>
          {entry.shared ? 'Stop sharing' : 'Share with my therapist'}
        </Button>
      </Stack>
    </Paper>
  );
}

/** /portal/journal: private entries, each optionally shared with the therapist; newest first. */
export function PortalJournalPage() {
  const journal = useResource('portal-journal', getJournal, 'Your journal could not be loaded.');
  const [body, setBody] = useState('');
  const [share, setShare] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (body.trim() === '') {
      setError('Write something first.');
      return;
    }
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const entry = await writeJournalEntry(body, share);
      journal.replace({ items: [entry, ...(journal.data?.items ?? [])] });
      setBody('');
      setShare(false);
      setSaved(true);
    } catch (err) {
      setError(errorText(err, 'Your entry was not saved. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  if (journal.data === undefined) return <PortalProblem state={journal.state} />;
  const items = journal.data.items;
  const replaceEntry = (next: JournalEntry) => journal.replace({ items: items.map((x) => (x.id === next.id ? next : x)) });

  return (
    <Stack gap="lg" data-testid="portal-journal">
      <Title order={1} fz={30}>
        My journal
      </Title>
      <Alert color="yellow" variant="light" data-testid="journal-not-monitored">
        <Text fw={600}>Your journal is not monitored. For urgent help use Crisis resources: tap Get help now at the top.</Text>
      </Alert>
      <Paper p="md" radius="md" withBorder>
        <form onSubmit={(e) => void save(e)} noValidate>
          <Stack gap="md">
            <Textarea
              label="New entry"
              description="Private unless you share it."
              size="lg"
              autosize
              minRows={5}
              maxRows={14}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={error}
            />
            <Checkbox
              size="lg"
              label="Share with my therapist"
              checked={share}
              onChange={(e) => setShare(e.currentTarget.checked)}
              styles={{ body: { alignItems: 'center', minHeight: 44 } }}
            />
            <Text fz="xs" c="dimmed">
              Your therapist can read shared entries, usually before your next visit. You can stop sharing an entry at any time.
            </Text>
            <Button type="submit" size="lg" color="teal" fullWidth loading={busy}>
              Save
            </Button>
            {saved && (
              <Text c="teal" fw={600} role="status" data-testid="journal-saved">
                Saved.
              </Text>
            )}
          </Stack>
        </form>
      </Paper>
      <Title order={2} fz={24}>
        My entries
      </Title>
      {items.length === 0 ? (
        <Text>No entries yet.</Text>
      ) : (
        items.map((entry) => <Entry key={entry.id} entry={entry} onChanged={replaceEntry} />)
      )}
      <BackHome />
    </Stack>
  );
}
