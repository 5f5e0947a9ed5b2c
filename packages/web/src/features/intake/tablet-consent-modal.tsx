import { Alert, Button, Group, Modal, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { listConsentDocuments } from '../settings/settings-api';
import { signConsentOnTablet, type Enrollment } from './intake-api';
import { FormError } from '../../ui/form-error';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { ApiError } from '../../api/client';

/** The staff member hands the tablet to the patient, who reads the current consent and types their name. */
export function TabletConsentModal({
  enrollment,
  opened,
  onClose,
  onSigned,
}: {
  enrollment: Enrollment;
  opened: boolean;
  onClose: () => void;
  onSigned: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Consent, signed on this tablet" size="xl" centered>
      {opened && <TabletConsent enrollment={enrollment} onClose={onClose} onSigned={onSigned} />}
    </Modal>
  );
}

function TabletConsent({ enrollment, onClose, onSigned }: { enrollment: Enrollment; onClose: () => void; onSigned: () => void }) {
  const docs = useResource(`consent:${enrollment.siteId}`, () => listConsentDocuments(enrollment.siteId));
  const doc = docs.data?.items.find((d) => d.current);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [signed, setSigned] = useState<{ signedAt: string; documentVersion: number }>();
  // The server refused the typed name: a staff member may confirm why it differs.
  const [nameRefused, setNameRefused] = useState(false);
  const [reason, setReason] = useState('');
  const [witnessing, setWitnessing] = useState(false);

  const submit = (witness?: { reason: string; stepUpToken: string }) => {
    setBusy(true);
    setError(undefined);
    signConsentOnTablet(enrollment.id, name.trim(), witness).then(
      (r) => {
        setBusy(false);
        setSigned(r);
        onSigned();
      },
      (err: unknown) => {
        setBusy(false);
        setNameRefused(err instanceof ApiError && err.status === 400 && JSON.stringify(err.details).includes('typedName'));
        setError(errorText(err, 'The signature was not saved.'));
      },
    );
  };

  if (signed !== undefined) {
    return (
      <Stack>
        <Alert color="teal" title="Signed">
          Consent version {signed.documentVersion} signed {formatInstant(signed.signedAt)}. Please hand the tablet back to the staff member.
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>Close</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() === '') {
          setError('Type your full name to sign.');
          return;
        }
        submit();
      }}
    >
      <Stack>
        {doc !== undefined ? (
          <>
            <Title order={3}>{doc.title}</Title>
            <Text size="xs" c="dimmed">
              Version {doc.version}
            </Text>
            <ScrollArea.Autosize mah="45vh" type="auto">
              <Text size="lg" style={{ whiteSpace: 'pre-wrap' }}>
                {doc.body}
              </Text>
            </ScrollArea.Autosize>
          </>
        ) : (
          <Text c="dimmed">
            {docs.state.status === 'loading'
              ? 'Loading the consent document…'
              : 'The consent document could not be shown here; the server signs the current version of the site.'}
          </Text>
        )}
        <TextInput
          size="lg"
          label="Type your full name to sign"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          autoComplete="off"
        />
        <FormError error={error} />
        {nameRefused && (
          <Stack gap="xs" data-testid="consent-witness">
            <Text size="sm">
              For staff: if the patient’s name has changed since registration (or is written differently on their documents), confirm with
              your own password that the patient in front of you signed, and say why the names differ.
            </Text>
            <TextInput label="Why the names differ" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Group justify="flex-end">
              <Button variant="light" disabled={reason.trim().length < 3} onClick={() => setWitnessing(true)}>
                Confirm as staff witness
              </Button>
            </Group>
            <StepUpDialog
              opened={witnessing}
              onClose={() => setWitnessing(false)}
              purpose="consent.witness-name"
              title="Confirm the patient’s signature"
              who="self"
              description={`You confirm that the patient signed as “${name.trim()}”: ${reason.trim()}`}
              onVerified={(token) => {
                setWitnessing(false);
                submit({ reason: reason.trim(), stepUpToken: token });
              }}
            />
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" size="lg" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" size="lg" loading={busy}>
            I agree and sign
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
