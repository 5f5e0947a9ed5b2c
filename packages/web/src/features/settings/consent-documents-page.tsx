import { Accordion, Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { ConsentDocumentCreateBodySchema, type ConsentDocumentCreateBody } from '@kairos/api';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { useParams } from 'react-router';
import { fieldErrors } from '../../api/client';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { createConsentDocument, listConsentDocuments, listSites } from './settings-api';
import { SiteNav } from './site-nav';
import { useRoles } from '../../ui/use-roles';
import { LoadError } from '../../ui/load-error';
import { FormError } from '../../ui/form-error';

/** /settings/sites/:siteId/consent: the site's consent document versions; a new version becomes current. */
export function ConsentDocumentsPage() {
  const { siteId = '' } = useParams();
  const { has } = useRoles();
  const docs = useResource(`consent:${siteId}`, () => listConsentDocuments(siteId), 'The consent documents could not be loaded.');
  const sites = useResource('sites', listSites);
  const [writing, setWriting] = useState(false);
  const siteName = sites.data?.items.find((s) => s.id === siteId)?.name;
  const items = [...(docs.data?.items ?? [])].sort((a, b) => b.version - a.version);
  const current = items.find((d) => d.current);
  const canWrite = has('admin', 'medical-director');

  return (
    <Stack>
      <SiteNav siteId={siteId} siteName={siteName} tab="consent" />
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          Patients sign the current version, on a clinic tablet or through their portal link. A new version becomes current; earlier
          signatures keep the version they signed.
        </Text>
        {canWrite && !writing && <Button onClick={() => setWriting(true)}>New version</Button>}
      </Group>
      {writing && (
        <NewConsentForm
          initial={
            current === undefined
              ? { title: 'Informed consent for ketamine-assisted psychotherapy', body: '' }
              : { title: current.title, body: current.body }
          }
          onCancel={() => setWriting(false)}
          onSubmit={async (v) => {
            await createConsentDocument(siteId, v);
            setWriting(false);
            docs.reload();
          }}
        />
      )}
      {docs.state.status === 'loading' && docs.data === undefined && <Loader aria-label="Loading consent documents" />}
      <LoadError state={docs.state} />
      {docs.data !== undefined && items.length === 0 && (
        <Alert color="yellow">No consent document yet: patients at this site cannot sign consent until one is written.</Alert>
      )}
      {items.length > 0 && (
        <Accordion variant="separated" defaultValue={current?.id ?? null} data-testid="consent-documents">
          {items.map((d) => (
            <Accordion.Item key={d.id} value={d.id}>
              <Accordion.Control>
                <Group gap="sm">
                  <Text fw={600}>
                    Version {d.version}: {d.title}
                  </Text>
                  {d.current && (
                    <Badge color="teal" size="sm">
                      current
                    </Badge>
                  )}
                  <Text size="xs" c="dimmed">
                    {formatInstant(d.createdAt)}
                  </Text>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Text style={{ whiteSpace: 'pre-wrap' }}>{d.body}</Text>
                <Text size="xs" c="dimmed" mt="sm">
                  Document hash <Code>{d.hash}</Code>
                </Text>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}

function NewConsentForm({
  initial,
  onSubmit,
  onCancel,
}: {
  initial: ConsentDocumentCreateBody;
  onSubmit: (v: ConsentDocumentCreateBody) => Promise<void>;
  onCancel: () => void;
}) {
  // The contract's rules (title 3 to 200 characters, text at least 20), checked here before sending.
  const form = useForm<ConsentDocumentCreateBody>({ initialValues: initial, validate: zod4Resolver(ConsentDocumentCreateBodySchema) });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({ title: values.title.trim(), body: values.body.trim() });
    } catch (err) {
      const byField = fieldErrors(err);
      form.setErrors(byField);
      if (Object.keys(byField).length === 0) setError(errorText(err, 'The document was not saved.'));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} noValidate data-testid="new-consent">
        <Stack gap="sm">
          <Title order={4}>New consent version</Title>
          <TextInput label="Title" required {...form.getInputProps('title')} />
          <Textarea label="Text the patient reads and signs" required autosize minRows={8} maxRows={24} {...form.getInputProps('body')} />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Publish as current version
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
