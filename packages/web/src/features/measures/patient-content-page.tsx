import { Alert, Badge, Button, Group, Loader, Paper, Stack, Switch, Tabs, Text, Textarea, Title } from '@mantine/core';
import { PROGRAM_TEMPLATES } from '@kairos/core';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { listSites } from '../settings/settings-api';
import { SiteNav } from '../settings/site-nav';
import { useRoles } from '../../ui/use-roles';
import { getSiteContent, setPortalSettings, writeSiteContent, type SiteContent, type SiteContentItem } from './measures-api';
import { LoadError } from '../../ui/load-error';

type Message = { ok: boolean; text: string };

/** Each program template's days with what happens on them, for the preparation material keys `preparation:<template>:day-<n>`. */
const PREPARATION = Object.values(PROGRAM_TEMPLATES).map((t) => {
  const days = [...new Set(t.events.map((e) => e.day))].sort((a, b) => a - b);
  return {
    id: t.id,
    title: t.title,
    days: days.map((day) => ({
      day,
      key: `preparation:${t.id}:day-${day}`,
      events: t.events.filter((e) => e.day === day).map((e) => e.title),
    })),
  };
});

/**
 * /settings/sites/:siteId/content (administrators and medical directors write): what the site
 * tells its patients in the portal: crisis resources, discharge instructions, preparation material
 * for each program day, and whether patients see their own results. Each part is saved on its own.
 */
export function PatientContentPage() {
  const { siteId = '' } = useParams();
  const { has } = useRoles();
  const sites = useResource('sites', listSites);
  const content = useResource(`site-content:${siteId}`, () => getSiteContent(siteId), 'The patient content could not be loaded.');
  const siteName = sites.data?.items.find((s) => s.id === siteId)?.name;
  const canWrite = has('admin', 'medical-director');
  const data = content.data;
  const itemOf = (key: string) => data?.items.find((i) => i.key === key);
  const saved = (item: SiteContentItem) => {
    if (data === undefined) return;
    content.replace({ ...data, items: [...data.items.filter((i) => i.key !== item.key), item] });
  };

  return (
    <Stack data-testid="patient-content">
      <SiteNav siteId={siteId} siteName={siteName} tab="content" />
      <Text c="dimmed" size="sm">
        What patients of this site read in their portal. Each part is saved on its own.
        {!canWrite && ' Only an administrator or a medical director can change it.'}
      </Text>
      {content.state.status === 'loading' && data === undefined && <Loader aria-label="Loading patient content" />}
      <LoadError state={content.state} />
      {data !== undefined && (
        <>
          <PortalResults
            siteId={siteId}
            content={data}
            canWrite={canWrite}
            onSaved={(showResults) => content.replace({ ...data, portal: { showResults } })}
          />
          <ContentField
            siteId={siteId}
            contentKey="crisis-resources"
            label="Crisis resources"
            description="Always one tap away in the portal, and shown at once when a questionnaire answer raises a risk. Include phone numbers and when to call the emergency number. Until this is written, the portal shows a general emergency message."
            item={itemOf('crisis-resources')}
            canWrite={canWrite}
            minRows={5}
            onSaved={saved}
          />
          <ContentField
            siteId={siteId}
            contentKey="discharge-instructions"
            label="Discharge instructions"
            description="Given at discharge after a dosing session and shown in the portal: travel home, what to expect, whom to call."
            item={itemOf('discharge-instructions')}
            canWrite={canWrite}
            minRows={5}
            onSaved={saved}
          />
          <Paper withBorder p="md" radius="md" data-testid="preparation-material">
            <Stack gap="sm">
              <Title order={4}>Preparation material</Title>
              <Text size="sm" c="dimmed">
                Shown to the patient in the portal before each program day.
              </Text>
              <Tabs defaultValue={PREPARATION[0]?.id ?? null}>
                <Tabs.List>
                  {PREPARATION.map((t) => (
                    <Tabs.Tab key={t.id} value={t.id}>
                      {t.title}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
                {PREPARATION.map((t) => (
                  <Tabs.Panel key={t.id} value={t.id} pt="sm">
                    <Stack gap="sm">
                      {t.days.map((d) => (
                        <ContentField
                          key={d.key}
                          siteId={siteId}
                          contentKey={d.key}
                          label={`${t.title}, day ${d.day}`}
                          heading={`Day ${d.day}`}
                          description={d.events.join(' · ')}
                          item={itemOf(d.key)}
                          canWrite={canWrite}
                          minRows={3}
                          onSaved={saved}
                          nested
                        />
                      ))}
                    </Stack>
                  </Tabs.Panel>
                ))}
              </Tabs>
            </Stack>
          </Paper>
        </>
      )}
    </Stack>
  );
}

/** "Show patients their results in the portal": saved as soon as it is switched. */
function PortalResults({
  siteId,
  content,
  canWrite,
  onSaved,
}: {
  siteId: string;
  content: SiteContent;
  canWrite: boolean;
  onSaved: (showResults: boolean) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>();
  const change = async (showResults: boolean) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await setPortalSettings(siteId, showResults);
      onSaved(saved.showResults);
      setMessage({ ok: true, text: `“Show patients their results in the portal” saved: ${saved.showResults ? 'on' : 'off'}.` });
    } catch (err) {
      setMessage({ ok: false, text: `“Show patients their results in the portal” not saved: ${errorText(err)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" radius="md" data-testid="portal-results">
      <Stack gap="xs">
        <Title order={4}>Results in the portal</Title>
        <Switch
          label="Show patients their results in the portal"
          description="Patients see their PCL-5, PHQ-9 and GAD-7 totals over time. Off: they answer questionnaires but do not see scores."
          checked={content.portal.showResults}
          disabled={!canWrite || busy}
          onChange={(e) => void change(e.currentTarget.checked)}
        />
        <FieldMessage message={message} />
      </Stack>
    </Paper>
  );
}

/** One text of the site's content with its own Save, and a message naming it. */
function ContentField({
  siteId,
  contentKey,
  label,
  heading,
  description,
  item,
  canWrite,
  minRows,
  onSaved,
  nested = false,
}: {
  siteId: string;
  contentKey: string;
  /** The field's full name, used in messages. */
  label: string;
  /** A shorter heading, when the context names the rest. */
  heading?: string;
  description: string;
  item: SiteContentItem | undefined;
  canWrite: boolean;
  minRows: number;
  onSaved: (item: SiteContentItem) => void;
  nested?: boolean;
}) {
  const [body, setBody] = useState(item?.body ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>();
  const changed = body.trim() !== (item?.body ?? '').trim();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (body.trim() === '') {
      setMessage({ ok: false, text: `${label} not saved: write the text first (it cannot be empty).` });
      return;
    }
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await writeSiteContent(siteId, contentKey, body.trim());
      onSaved(saved);
      setBody(saved.body);
      setMessage({ ok: true, text: `${label} saved.` });
    } catch (err) {
      setMessage({ ok: false, text: `${label} not saved: ${errorText(err)}` });
    } finally {
      setBusy(false);
    }
  };
  const fields = (
    <form onSubmit={submit} noValidate data-testid={`content-${contentKey}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <Title order={nested ? 5 : 4}>{heading ?? label}</Title>
          {item === undefined ? (
            <Badge color="gray" variant="light">
              not written yet
            </Badge>
          ) : (
            <Text size="xs" c="dimmed">
              Last saved {formatInstant(item.updatedAt)}
              {item.updatedBy !== null ? ` by ${item.updatedBy}` : ''}
            </Text>
          )}
        </Group>
        <Textarea
          aria-label={label}
          description={description}
          autosize
          minRows={minRows}
          maxRows={20}
          maxLength={20000}
          readOnly={!canWrite}
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value);
            setMessage(undefined);
          }}
        />
        {canWrite && (
          <Group gap="sm">
            <Button type="submit" size="xs" loading={busy} disabled={!changed}>
              Save {heading !== undefined ? heading.toLowerCase() : label.toLowerCase()}
            </Button>
            {changed && (
              <Text size="xs" c="dimmed">
                Unsaved changes
              </Text>
            )}
          </Group>
        )}
        <FieldMessage message={message} />
      </Stack>
    </form>
  );
  return nested ? (
    <Paper withBorder p="sm" radius="sm">
      {fields}
    </Paper>
  ) : (
    <Paper withBorder p="md" radius="md">
      {fields}
    </Paper>
  );
}

function FieldMessage({ message }: { message: Message | undefined }) {
  if (message === undefined) return null;
  return (
    <Alert color={message.ok ? 'green' : 'red'} p="xs" role={message.ok ? 'status' : 'alert'}>
      {message.text}
    </Alert>
  );
}
