import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  FHIR_EXPORT_LEVEL_WORDS,
  FHIR_EXPORT_RETENTION_HOURS,
  fhirTypeWords,
  type FhirExport,
  type FhirExportLevel,
  type FhirExportList,
  type FhirExportStartBody,
  type ProgramCohorts,
} from '@kairos/api';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { apiFetch, apiSend, fieldErrors } from '../../api/client';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { FormError } from '../../ui/form-error';
import { LoadError } from '../../ui/load-error';
import { useRoles } from '../../ui/use-roles';
import { listSites } from './settings-api';
import { SiteNav } from './site-nav';

const listExports = (siteId: string): Promise<FhirExportList> => apiFetch(`/api/sites/${encodeURIComponent(siteId)}/fhir-exports`);
const listCohorts = (siteId: string): Promise<ProgramCohorts> =>
  apiFetch(`/api/sites/${encodeURIComponent(siteId)}/program-outcomes/cohorts`);

/**
 * /settings/sites/:siteId/fhir-exports (the medical director): FHIR bulk exports of the site's
 * records for another system (docs/fhir.md). Start one (everything, every patient, or one cohort;
 * some types only; only what changed since a time), follow it while it is written, download its
 * files (one per type, NDJSON), cancel it; and set how long files are kept.
 */
export function FhirExportsPage() {
  const { siteId = '' } = useParams();
  const { has } = useRoles();
  const sites = useResource('sites', listSites);
  const siteName = sites.data?.items.find((s) => s.id === siteId)?.name;
  return (
    <Stack>
      <SiteNav siteId={siteId} siteName={siteName} tab="exports" />
      {has('medical-director') ? (
        <Exports siteId={siteId} />
      ) : (
        <Alert color="yellow" title="For the medical director" data-testid="exports-refused">
          A FHIR export holds every patient’s records of the site. The medical director asks for it.
        </Alert>
      )}
    </Stack>
  );
}

const STATE_WORDS: Record<FhirExport['state'], { label: string; color: string }> = {
  'in-progress': { label: 'Being written', color: 'blue' },
  complete: { label: 'Ready', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
  expired: { label: 'Files deleted', color: 'gray' },
};

function Exports({ siteId }: { siteId: string }) {
  const list = useResource(`fhir-exports:${siteId}`, () => listExports(siteId), 'The exports could not be loaded.');
  const writing = list.data?.items.some((x) => x.state === 'in-progress') ?? false;
  const { reload } = list;
  // While an export is being written, follow it.
  useEffect(() => {
    if (!writing) return undefined;
    const t = setInterval(reload, 1500);
    return () => clearInterval(t);
  }, [writing, reload]);
  return (
    <Stack data-testid="fhir-exports">
      <Text size="sm" c="dimmed">
        A FHIR export gives another system (a health system, a registry, an analytics partner) the site’s records in FHIR R4: one file per
        kind of record, one record a line (NDJSON). The files are yours only: nobody else may download them, and every download is on the
        audit trail. Psychotherapy notes are never exported.
      </Text>
      <LoadError state={list.state} />
      {list.data === undefined && list.state.status === 'loading' && <Loader aria-label="Loading exports" />}
      {list.data !== undefined && (
        <>
          <NewExport siteId={siteId} list={list.data} onStarted={reload} />
          <ExportTable items={list.data.items} onChanged={reload} />
          <Retention siteId={siteId} hours={list.data.retentionHours} onSaved={reload} />
        </>
      )}
    </Stack>
  );
}

function NewExport({ siteId, list, onStarted }: { siteId: string; list: FhirExportList; onStarted: () => void }) {
  const [level, setLevel] = useState<FhirExportLevel>('patient');
  const [groupId, setGroupId] = useState<string | null>(null);
  const [types, setTypes] = useState<string[]>([]);
  const [since, setSince] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const cohorts = useResource(`fhir-export-cohorts:${siteId}`, () => listCohorts(siteId), 'The cohorts could not be loaded.');
  const available = level === 'system' ? list.exportableTypes.system : list.exportableTypes.patient;
  const start = async () => {
    setBusy(true);
    setError(undefined);
    setFields({});
    const sinceInstant = since === '' ? undefined : new Date(since);
    const body: FhirExportStartBody = {
      level,
      ...(level === 'group' && groupId !== null ? { groupId } : {}),
      ...(types.length > 0 ? { types: types.filter((t) => available.includes(t)) } : {}),
      ...(sinceInstant !== undefined && !Number.isNaN(sinceInstant.getTime()) ? { since: sinceInstant.toISOString() } : {}),
    };
    try {
      await apiSend('POST', `/api/sites/${encodeURIComponent(siteId)}/fhir-exports`, body);
      onStarted();
    } catch (e) {
      setFields(fieldErrors(e));
      setError(errorText(e, 'The export could not be started.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3}>New export</Title>
        <Select
          label="What to export"
          data={(['patient', 'group', 'system'] as const).map((l) => ({ value: l, label: FHIR_EXPORT_LEVEL_WORDS[l] }))}
          value={level}
          onChange={(v) => setLevel(v ?? 'patient')}
          allowDeselect={false}
          data-testid="export-level"
        />
        {level === 'group' && (
          <Select
            label="Cohort"
            placeholder="Choose a cohort"
            searchable
            data={(cohorts.data?.cohorts ?? []).map((c) => ({ value: c.id, label: `${c.label} (${c.members} patients)` }))}
            value={groupId}
            onChange={setGroupId}
            error={fields.groupId}
            data-testid="export-cohort"
          />
        )}
        <MultiSelect
          label="Kinds of record"
          description="Leave empty for every kind"
          data={available.map((t) => ({ value: t, label: fhirTypeWords(t) }))}
          value={types.filter((t) => available.includes(t))}
          onChange={setTypes}
          searchable
          clearable
          error={fields.types}
        />
        <TextInput
          type="datetime-local"
          label="Only what changed since (optional)"
          value={since}
          onChange={(e) => setSince(e.currentTarget.value)}
          error={fields.since}
        />
        <FormError error={error} />
        <Group>
          <Button onClick={() => void start()} loading={busy} disabled={level === 'group' && groupId === null} data-testid="export-start">
            Start the export
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ExportTable({ items, onChanged }: { items: FhirExport[]; onChanged: () => void }) {
  const [error, setError] = useState<string>();
  if (items.length === 0) return <Text c="dimmed">You have not asked for an export at this site yet.</Text>;
  const cancel = async (x: FhirExport) => {
    setError(undefined);
    try {
      await apiSend('DELETE', `/api/fhir-exports/${encodeURIComponent(x.id)}`);
      onChanged();
    } catch (e) {
      setError(errorText(e, 'The export could not be cancelled.'));
    }
  };
  return (
    <Stack gap="xs">
      <Title order={3}>Your exports</Title>
      <FormError error={error} />
      <Table striped data-testid="export-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Asked for</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Files</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((x) => (
            <Table.Tr key={x.id} data-testid="export-row" data-state={x.state}>
              <Table.Td>{formatInstant(x.createdAt)}</Table.Td>
              <Table.Td>
                <Text size="sm">{x.level === 'group' ? `The cohort ${x.cohort ?? ''}` : FHIR_EXPORT_LEVEL_WORDS[x.level]}</Text>
                <Text size="xs" c="dimmed">
                  {x.types.map(fhirTypeWords).join(', ')}
                  {x.since === null ? '' : ` · changed since ${formatInstant(x.since)}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={STATE_WORDS[x.state].color} variant="light">
                  {STATE_WORDS[x.state].label}
                </Badge>
                {x.state === 'in-progress' && x.progress !== null && (
                  <Text size="xs" c="dimmed">
                    {x.progress}
                  </Text>
                )}
                {x.state === 'complete' && x.expiresAt !== null && <Text size="xs">Files deleted {formatInstant(x.expiresAt)}</Text>}
                {x.state === 'failed' && x.error !== null && (
                  <Text size="xs" c="red.8">
                    {x.error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {x.state === 'complete' && x.files.length === 0 && <Text size="sm">Nothing matched</Text>}
                <Stack gap={2}>
                  {x.files.map((f) => (
                    <Anchor key={f.type} href={f.url} download={`${f.type}.ndjson`} size="sm" data-testid="export-file">
                      {fhirTypeWords(f.type)} ({f.count})
                    </Anchor>
                  ))}
                </Stack>
              </Table.Td>
              <Table.Td>
                {(x.state === 'in-progress' || x.state === 'complete') && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => void cancel(x)}>
                    {x.state === 'complete' ? 'Delete the files' : 'Cancel'}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Retention({ siteId, hours, onSaved }: { siteId: string; hours: number; onSaved: () => void }) {
  const [value, setValue] = useState<number | string>(hours);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      await apiSend('PUT', `/api/sites/${encodeURIComponent(siteId)}/fhir-export-settings`, { retentionHours: Number(value) });
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(fieldErrors(e).retentionHours ?? errorText(e, 'The setting could not be saved.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3}>How long files are kept</Title>
        <Text size="sm" c="dimmed">
          An export’s files are deleted this many hours after it is ready ({FHIR_EXPORT_RETENTION_HOURS.default} unless the site sets
          otherwise; at most {FHIR_EXPORT_RETENTION_HOURS.max}, a week).
        </Text>
        <Group align="end">
          <NumberInput
            label="Hours"
            min={FHIR_EXPORT_RETENTION_HOURS.min}
            max={FHIR_EXPORT_RETENTION_HOURS.max}
            allowDecimal={false}
            clampBehavior="none"
            value={value}
            onChange={setValue}
            w={120}
            data-testid="export-retention"
          />
          <Button onClick={() => void save()} loading={busy} variant="light">
            Save
          </Button>
          {saved && (
            <Text size="sm" c="green.8">
              Saved
            </Text>
          )}
        </Group>
        <FormError error={error} />
      </Stack>
    </Paper>
  );
}
