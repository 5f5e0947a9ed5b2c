import { Alert, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { PortalConsentBodySchema } from '@kairos/api';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { errorText, formatInstant } from '../../api/use-resource';
import { signPortalConsent, type PortalConsent } from './portal-api';

function Signed({ at, name }: { at: string; name?: string }) {
  return (
    <Alert color="teal" title="Consent signed" data-testid="portal-signed" styles={{ title: { fontSize: 'var(--mantine-font-size-lg)' } }}>
      <Text fz="lg">
        {name === undefined ? 'You' : name} signed on <b>{formatInstant(at)}</b>. Thank you. The clinic will be in touch about the next
        steps.
      </Text>
    </Alert>
  );
}

/** The typed name: the contract's rule (2 to 200 characters), checked here before sending. */
const TypedNameSchema = PortalConsentBodySchema.pick({ typedName: true });

/** The consent document, the typed name, "I agree and sign"; or when it was signed. */
export function PortalConsentView({ consent, onSigned }: { consent: PortalConsent; onSigned: () => void }) {
  const form = useForm({ initialValues: { typedName: '' }, validate: zod4Resolver(TypedNameSchema) });
  const [busy, setBusy] = useState(false);
  const [justSigned, setJustSigned] = useState<string>();
  const { document: doc, signed } = consent;

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    try {
      const r = await signPortalConsent(doc.id, values.typedName.trim());
      setJustSigned(r.signedAt);
      onSigned();
    } catch (err) {
      form.setFieldError('typedName', errorText(err, 'Your signature was not saved. Try again.'));
    } finally {
      setBusy(false);
    }
  });

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
        <Signed at={justSigned} name={form.values.typedName.trim()} />
      ) : signed !== null ? (
        <Signed at={signed.signedAt} name={signed.typedName} />
      ) : (
        <Paper p="lg" radius="md" withBorder>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <TextInput label="Type your full name to sign" size="xl" autoComplete="name" {...form.getInputProps('typedName')} />
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
