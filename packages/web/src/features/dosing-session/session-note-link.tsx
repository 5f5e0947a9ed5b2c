import { Anchor, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useRoles } from '../../ui/use-roles';
import { createNote, listPatientNotes, NOTE_WRITER_ROLES } from '../notes/notes-api';

/**
 * The session's note from the console: opens the dosing-session note written for this session, or
 * starts it (prefilled by the server from the session's record: the intention set at the chair).
 * Shown to the roles that write notes.
 */
export function SessionNoteLink({ sessionId, patientId }: { sessionId: string; patientId: string }) {
  const { has } = useRoles();
  const mayWrite = has(...NOTE_WRITER_ROLES);
  const navigate = useNavigate();
  const notes = useResource(`notes:${patientId}`, () => listPatientNotes(patientId), 'The notes could not be loaded.');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  if (!mayWrite || notes.data === undefined) return null;
  const existing = notes.data.items.find((n) => n.sessionId === sessionId && n.template === 'dosing-session');
  if (existing !== undefined) {
    return (
      <Anchor component={Link} to={`/patients/${patientId}/notes/${existing.id}`} size="sm" data-testid="session-note-link">
        Open the session note ({existing.state === 'signed' ? 'signed' : 'draft'})
      </Anchor>
    );
  }
  const start = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const note = await createNote(patientId, 'dosing-session', sessionId);
      notes.reload();
      void navigate(`/patients/${patientId}/notes/${note.id}`);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'The note could not be started.');
      setBusy(false);
    }
  };
  return (
    <Group gap="xs">
      <Button variant="light" size="xs" loading={busy} onClick={() => void start()} data-testid="session-note-start">
        Write the session note
      </Button>
      {problem !== undefined && (
        <Text size="sm" c="red" role="alert">
          {problem}
        </Text>
      )}
    </Group>
  );
}
