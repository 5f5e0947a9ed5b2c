import { Anchor, Loader, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { formatInstant, useResource } from '../../api/use-resource';
import { NoneRecorded, SectionCard } from '../../ui/section-card';
import { listSharedJournal } from './measures-api';
import { LoadError } from '../../ui/load-error';

const FIRST = 3;

/** Shared journal (patient page): the journal entries the patient chose to share with the care team, newest first. */
export function SharedJournalCard({ patientId }: { patientId: string }) {
  const journal = useResource(`journal:${patientId}`, () => listSharedJournal(patientId), 'The shared journal could not be loaded.');
  const [showAll, setShowAll] = useState(false);
  const items = [...(journal.data?.items ?? [])].sort((a, b) => b.sharedAt.localeCompare(a.sharedAt));
  const shown = showAll ? items : items.slice(0, FIRST);
  return (
    <SectionCard title="Shared journal" testId="shared-journal">
      <Text size="xs" c="dimmed">
        Entries the patient wrote in their portal and chose to share. Entries they keep private are not shown.
      </Text>
      {journal.state.status === 'loading' && journal.data === undefined && <Loader size="sm" aria-label="Loading shared journal" />}
      <LoadError state={journal.state} />
      {journal.data !== undefined && items.length === 0 && <NoneRecorded text="Nothing shared yet." />}
      <Stack gap="xs">
        {shown.map((e) => (
          <Paper key={e.id} withBorder p="sm" radius="sm" data-testid="journal-entry">
            <Text size="xs" c="dimmed" mb={4}>
              Written {formatInstant(e.createdAt)}
              {e.sharedAt !== e.createdAt ? ` · shared ${formatInstant(e.sharedAt)}` : ''}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {e.body}
            </Text>
          </Paper>
        ))}
      </Stack>
      {items.length > FIRST && (
        <Anchor component="button" type="button" size="sm" onClick={() => setShowAll((s) => !s)}>
          {showAll ? 'Show the latest only' : `Show all ${items.length} entries`}
        </Anchor>
      )}
    </SectionCard>
  );
}
