import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { checkNoteContent, listMissingFields } from '@kairos/core';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { patientName } from '../patients/patients-api';
import { usePatient } from '../patients/use-patient';
import { useRoles } from '../../ui/use-roles';
import { Amendments } from './amendments';
import { NoteFieldsForm, NoteFieldsView, toContent, toFormValues, type NoteFormValues } from './note-fields';
import { NoteStateBadge } from './note-state-badge';
import { getNote, NOTE_WRITER_ROLES, saveNote, signNote, type Note } from './notes-api';
import { FormError } from '../../ui/form-error';

/** /patients/:pid/notes/:nid: a draft to edit and sign, or a signed note with its amendments. */
export function NotePage() {
  const { pid = '', nid = '' } = useParams();
  const patient = usePatient(pid);
  const { state, data: note, replace } = useResource(`note:${nid}`, () => getNote(nid), 'The note could not be loaded.');
  const { has } = useRoles();
  const mayWrite = has(...NOTE_WRITER_ROLES);
  const name = patient.state.status === 'done' ? patientName(patient.state.patient) : 'Patient';

  const back = (
    <Anchor component={Link} to={`/patients/${pid}`} size="sm">
      ← {name}
    </Anchor>
  );
  if (state.status === 'error') {
    return (
      <Stack maw={720}>
        {back}
        <Alert
          color={state.httpStatus === 403 ? 'red' : 'gray'}
          title={
            state.httpStatus === 403
              ? 'You are not on this patient’s care team'
              : state.httpStatus === 404 || state.httpStatus === 400
                ? 'No such note'
                : 'Something went wrong'
          }
        >
          {state.message}
        </Alert>
      </Stack>
    );
  }
  if (note === undefined) return <Loader aria-label="Loading note" />;
  const who = patient.state.status === 'done' ? patient.state.patient : undefined;
  return (
    <Stack maw={900} data-testid="note-page">
      <Group justify="space-between" className="no-print">
        {back}
        <Group gap="md">
          {note.sessionId !== null && (
            <Anchor component={Link} to={`/sessions/${note.sessionId}`} size="sm">
              The dosing session’s console
            </Anchor>
          )}
          <Button variant="default" size="xs" onClick={() => window.print()}>
            Print
          </Button>
        </Group>
      </Group>
      {who !== undefined && (
        // On paper the note names its patient (the app's header and navigation are not printed).
        <Text size="sm" data-testid="note-patient">
          {patientName(who)} · MRN {who.mrn} · born {who.birthDate}
        </Text>
      )}
      <Group gap="sm" align="center">
        <Title order={2}>{note.template.title}</Title>
        <NoteStateBadge state={note.state} />
      </Group>
      <Text size="sm" c="dimmed">
        {note.template.when} · started {formatInstant(note.createdAt)} by {note.author.name} · form version {note.template.version}
      </Text>
      {note.state === 'signed' ? (
        <SignedNote note={note} mayWrite={mayWrite} onChanged={replace} />
      ) : mayWrite ? (
        <DraftEditor key={`${note.id}:${note.updatedAt}`} note={note} onChanged={replace} />
      ) : (
        <Paper withBorder p="md" radius="md">
          <Alert color="orange" mb="md">
            A draft, not signed yet.
          </Alert>
          <NoteFieldsView template={note.template} content={note.content} />
        </Paper>
      )}
    </Stack>
  );
}

function DraftEditor({ note, onChanged }: { note: Note; onChanged: (n: Note) => void }) {
  const initial = useMemo(() => toFormValues(note.template, note.content), [note]);
  const [values, setValues] = useState<NoteFormValues>(initial);
  const [busy, setBusy] = useState<'save' | 'sign'>();
  const [error, setError] = useState<string>();
  const [signing, setSigning] = useState(false);
  const content = toContent(note.template, values);
  const dirty = JSON.stringify(content) !== JSON.stringify(toContent(note.template, initial));
  const check = checkNoteContent(note.template, content);
  const fieldErrors: Record<string, string> = Object.fromEntries(check.problems.map((p) => [p.field, p.message]));

  const save = async (): Promise<Note | undefined> => {
    setBusy('save');
    setError(undefined);
    try {
      return await saveNote(note.id, content);
    } catch (e) {
      setError(errorText(e, 'The draft was not saved.'));
      return undefined;
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <NoteFieldsForm template={note.template} values={values} onChange={setValues} errors={fieldErrors} />
      </Paper>
      {check.missing.length > 0 && (
        <Alert color="yellow" title="Required before signing" data-testid="missing-fields">
          <Text size="sm">Fill in {listMissingFields(check.missing)} to sign this note.</Text>
        </Alert>
      )}
      <FormError error={error} />
      <Group justify="space-between" className="no-print">
        <Text size="xs" c="dimmed">
          {dirty ? 'Unsaved changes' : `Draft saved ${formatInstant(note.updatedAt)}`}
        </Text>
        <Group gap="sm">
          <Button
            variant="default"
            loading={busy === 'save'}
            disabled={!dirty || busy !== undefined}
            onClick={async () => {
              const saved = await save();
              if (saved !== undefined) onChanged(saved);
            }}
          >
            Save draft
          </Button>
          <Button
            color="green"
            loading={busy === 'sign'}
            disabled={!check.complete || busy !== undefined}
            onClick={async () => {
              // Sign what is on the screen: save first when it changed.
              if (dirty && (await save()) === undefined) return;
              setSigning(true);
            }}
          >
            Sign note
          </Button>
        </Group>
      </Group>
      <StepUpDialog
        opened={signing}
        onClose={() => setSigning(false)}
        purpose="note.sign"
        who="self"
        title={`Sign: ${note.template.title}`}
        description="Signing locks the note. Later changes are amendments, kept beside it."
        onVerified={(token) => {
          setSigning(false);
          setBusy('sign');
          setError(undefined);
          signNote(note.id, token).then(
            (signed) => {
              setBusy(undefined);
              onChanged(signed);
            },
            (e: unknown) => {
              setBusy(undefined);
              const missing = e instanceof ApiError ? (e.details.missing as { label: string }[] | undefined) : undefined;
              setError(
                missing !== undefined && missing.length > 0
                  ? `Not signed: fill in ${missing.map((m) => m.label).join(', ')}.`
                  : errorText(e, 'The note was not signed.'),
              );
            },
          );
        }}
      />
    </Stack>
  );
}

function SignedNote({ note, mayWrite, onChanged }: { note: Note; mayWrite: boolean; onChanged: (n: Note) => void }) {
  return (
    <Stack>
      <Paper withBorder p="md" radius="md" bg="green.0" data-testid="signature">
        <Stack gap={4}>
          <Text size="sm">
            <b>Signed</b> by {note.signedBy?.name ?? '—'} on {formatInstant(note.signedAt)}. Locked: changes are amendments.
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="content-hash">
              sha256 {note.contentHash}
            </Text>
            {note.hashVerified === true ? (
              <Badge size="xs" color="green" variant="outline">
                verified
              </Badge>
            ) : (
              <Badge size="xs" color="red">
                does not match
              </Badge>
            )}
          </Group>
          {note.pdf !== null && (
            <Group gap="md" mt={4} className="no-print">
              <Anchor href={note.pdf.patient} target="_blank" rel="noopener" size="sm">
                Care plan PDF for the patient
              </Anchor>
              <Anchor href={note.pdf.referrer} target="_blank" rel="noopener" size="sm">
                Care plan PDF for the referring clinician
              </Anchor>
            </Group>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <NoteFieldsView template={note.template} content={note.content} />
      </Paper>
      <Amendments note={note} mayWrite={mayWrite} onAdded={onChanged} />
    </Stack>
  );
}
