import { Alert, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorText, formatInstant } from '../../api/use-resource';
import { signPortalConsent, type PortalConsent } from './portal-api';

function Signed({ at, name }: { at: string; name?: string }) {
  return (
    <Alert color="teal" title="Consent signed" data-testid="portal-signed" styles={{ title: { fontSize: 'var(--mantine-font-size-lg)' } }}>
      <Text fz="lg">
        {name === undefined ? 'You' : name} signed on <b>{formatInstant(at)}</b>. Thank you. The clinic will be in touch about the next steps.
      </Text>
    </Alert>
  );
}

/** The consent document, the typed name, "I agree and sign"; or when it was signed. */
export function PortalConsentView({ consent, onSigned }: { consent: PortalConsent; onSigned(): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [justSigned, setJustSigned] = useState<string>();
  const { document: doc, signed } = consent;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') {
      setError('Type your full name to sign.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await signPortalConsent(doc.id, name.trim());
      setJustSigned(r.signedAt);
      onSigned();
    } catch (err) {
      setError(errorText(err, 'Your signature was not saved. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" data-testid="portal-consent">
      <Text c="dimmed" fz="md">
        {consent.enrollment.programTitle}
      </Text>
      <Paper p="lg" radius="md" withBorder>
        <Stack gap="md">
          <Title order={2} fz={24}>
            {doc.title}
          </Title>
          <Text size="sm" c="dimmed">
            Version {doc.version}
          </Text>
          <Text fz="lg" lh={1.6} style={{ whiteSpace: 'pre-wrap' }}>
            {doc.body}
          </Text>
        </Stack>
      </Paper>
      {justSigned !== undefined ? (
        <Signed at={justSigned} name={name.trim()} />
      ) : signed !== null ? (
        <Signed at={signed.signedAt} name={signed.typedName} />
      ) : (
        <Paper p="lg" radius="md" withBorder>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <TextInput label="Type your full name to sign" size="xl" value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="name" error={error} />
              <Text size="sm" c="dimmed">
                By signing you confirm you have read this document and agree to it. The time of signing is recorded.
              </Text>
              <Button type="submit" size="xl" fullWidth loading={busy} color="teal">
                I agree and sign
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}
