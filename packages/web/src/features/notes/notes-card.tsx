import { Anchor, Badge, Button, Loader, Menu, Table, Text } from '@mantine/core';
import type { NoteTemplateId } from '@kairos/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { SectionCard } from '../../ui/section-card';
import { useRoles } from '../../ui/use-roles';
import { createNote, listNoteTemplates, listPatientNotes, NOTE_WRITER_ROLES } from './notes-api';
import { NoteStateBadge } from './note-state-badge';
import { LoadError } from '../../ui/load-error';
import { FormError } from '../../ui/form-error';

/** The patient page's Notes card: every note with its state, and New note by template. */
export function NotesCard({ patientId }: { patientId: string }) {
  const notes = useResource(`notes:${patientId}`, () => listPatientNotes(patientId), 'The notes could not be loaded.');
  const templates = useResource('note-templates', listNoteTemplates, 'The note templates could not be loaded.');
  const { has } = useRoles();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const mayWrite = has(...NOTE_WRITER_ROLES);

  const start = async (template: NoteTemplateId) => {
    setCreating(true);
    setError(undefined);
    try {
      const note = await createNote(patientId, template);
      await navigate(`/patients/${patientId}/notes/${note.id}`);
    } catch (e) {
      setError(errorText(e, 'The note could not be created.'));
      setCreating(false);
    }
  };

  const action = mayWrite ? (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" loading={creating} className="no-print">
          New note
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Template</Menu.Label>
        {(templates.data?.items ?? []).map((t) => (
          <Menu.Item key={t.id} onClick={() => void start(t.id)}>
            {t.title}
            <Text size="xs" c="dimmed">
              {t.when}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  ) : undefined;

  const items = notes.data?.items;
  return (
    <SectionCard title="Notes" testId="notes-card" action={action}>
      <FormError error={error} />
      <LoadError state={notes.state} />
      {items === undefined && notes.state.status === 'loading' && <Loader size="sm" aria-label="Loading notes" />}
      {items !== undefined && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No notes yet.
        </Text>
      )}
      {items !== undefined && items.length > 0 && (
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="notes-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Note</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Written by</Table.Th>
              <Table.Th>Signed</Table.Th>
              <Table.Th>Amendments</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/patients/${patientId}/notes/${n.id}`} size="sm">
                    {n.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {formatInstant(n.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <NoteStateBadge state={n.state} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{n.author}</Text>
                </Table.Td>
                <Table.Td>
                  {n.signedAt === null ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    <Text size="sm">
                      {n.signedBy}, {formatInstant(n.signedAt)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {n.amendments > 0 ? (
                    <Badge variant="light">{n.amendments}</Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      0
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}
