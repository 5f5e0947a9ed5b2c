import { Alert, Badge, Button, Checkbox, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { adverseEventKindLabel } from '../adverse-events/adverse-events-api';
import { AdverseEventCorrections, CORRECT_ADVERSE_EVENT_ROLES, CorrectAdverseEventButton } from '../adverse-events/correct-adverse-event';
import { useRoles } from '../../ui/use-roles';
import { describeMedication, readMedicationDraft, type MedicationDraft } from './chair-words';
import { formatClock } from './labels';
import { blankMedication, MedicationFields } from './medication-fields';
import {
  ADVERSE_EVENT_KINDS,
  listAdverseEvents,
  recordMedication,
  reportAdverseEvent,
  type AdministrationBody,
  type AdverseEvent,
  type AdverseEventKind,
  type AdverseEventSeverity,
} from './dosing-session-api';
import { useAct } from './use-act';

const SEVERITIES: { value: AdverseEventSeverity; label: string }[] = [
  { value: 'mild', label: 'mild' },
  { value: 'moderate', label: 'moderate' },
  { value: 'severe', label: 'severe' },
];

/**
 * Adverse events of the session: the list with each event's treatments (and "Add treatment…"),
 * and a form to report one with the treatments given (serious ones go to the medical director).
 * The list is loaded again when `refreshKey` changes (an adverse-event or medication live event).
 */
export function AdverseEventsCard({
  sessionId,
  serverNowMs,
  timeZone,
  refreshKey,
  canReport = true,
}: {
  sessionId: string;
  serverNowMs: () => number;
  timeZone: string | undefined;
  refreshKey?: string;
  canReport?: boolean;
}) {
  const [items, setItems] = useState<AdverseEvent[]>([]);
  const [adding, setAdding] = useState<string>();
  const canCorrect = useRoles().has(...CORRECT_ADVERSE_EVENT_ROLES);
  const load = useCallback(() => {
    listAdverseEvents(sessionId).then(
      (r) => setItems(r.items),
      () => undefined,
    );
  }, [sessionId]);
  useEffect(load, [load, refreshKey]);

  return (
    <Paper withBorder p="md" radius="md" data-testid="adverse-events">
      <Title order={4} mb="sm">
        Adverse events
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          None reported.
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.id} data-testid="adverse-event" data-kind={a.kind}>
                <Table.Td valign="top">{formatClock(a.occurredAt, timeZone)}</Table.Td>
                <Table.Td valign="top">
                  <Text size="sm" fw={600}>
                    {adverseEventKindLabel(a.kind)}
                  </Text>
                  {a.description !== null && a.description !== '' && <Text size="sm">{a.description}</Text>}
                  <Text size="sm">Action taken: {a.actionTaken}</Text>
                  {a.resolvedAt !== null && a.resolvedAt !== undefined && (
                    <Text size="sm">Resolved at {formatClock(a.resolvedAt, timeZone)}</Text>
                  )}
                  <AdverseEventCorrections event={a} timeZone={timeZone} />
                  {(a.treatments ?? []).map((t) => (
                    <Text key={t.id} size="sm" data-testid="adverse-event-treatment">
                      Treatment: <b>{describeMedication(t)}</b> at {formatClock(t.givenAt, timeZone)} by {t.givenByName}
                    </Text>
                  ))}
                  {adding === a.id && (
                    <TreatmentForm
                      sessionId={sessionId}
                      adverseEventId={a.id}
                      serverNowMs={serverNowMs}
                      timeZone={timeZone}
                      onDone={() => {
                        setAdding(undefined);
                        load();
                      }}
                      onCancel={() => setAdding(undefined)}
                    />
                  )}
                </Table.Td>
                <Table.Td valign="top" style={{ whiteSpace: 'nowrap' }}>
                  <Stack gap={4} align="flex-start">
                    <Badge variant="light" style={{ overflow: 'visible' }}>
                      {a.severity}
                    </Badge>
                    {a.serious && <Badge color="red">serious: {a.reviewedAt ? 'reviewed' : 'awaiting review'}</Badge>}
                  </Stack>
                </Table.Td>
                <Table.Td valign="top" align="right">
                  {canReport && adding !== a.id && (
                    <Button variant="subtle" size="md" onClick={() => setAdding(a.id)} data-testid="add-treatment">
                      Add treatment…
                    </Button>
                  )}
                  {canCorrect && <CorrectAdverseEventButton event={a} timeZone={timeZone} onCorrected={load} />}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canReport && <ReportForm sessionId={sessionId} serverNowMs={serverNowMs} timeZone={timeZone} onReported={load} />}
    </Paper>
  );
}

/** A treatment given for a listed event (POST medications, purpose treatment). */
function TreatmentForm({
  sessionId,
  adverseEventId,
  serverNowMs,
  timeZone,
  onDone,
  onCancel,
}: {
  sessionId: string;
  adverseEventId: string;
  serverNowMs: () => number;
  timeZone: string | undefined;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<MedicationDraft>(() => blankMedication('', serverNowMs(), timeZone));
  const { busy, error, act } = useAct();
  const read = readMedicationDraft(draft, timeZone, serverNowMs());
  const save = () => {
    const input = read.input;
    if (input === undefined) return;
    void act(() => recordMedication(sessionId, { purpose: 'treatment', adverseEventId, ...input }), onDone);
  };
  return (
    <Stack
      gap="xs"
      mt="xs"
      p="xs"
      data-testid="treatment-form"
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
    >
      <Text size="sm" fw={600}>
        Treatment given
      </Text>
      <MedicationFields value={draft} onChange={setDraft} disabled={busy} />
      {read.problems.length > 0 && (draft.drug !== '' || draft.dose !== '') && (
        <Text size="sm" c="orange">
          To record it: {read.problems.join('; ')}.
        </Text>
      )}
      {error !== undefined && <Alert color="red">{error}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" size="md" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="md" loading={busy} disabled={read.input === undefined} onClick={save}>
          Record treatment
        </Button>
      </Group>
    </Stack>
  );
}

function ReportForm({
  sessionId,
  serverNowMs,
  timeZone,
  onReported,
}: {
  sessionId: string;
  serverNowMs: () => number;
  timeZone: string | undefined;
  onReported: () => void;
}) {
  const [kind, setKind] = useState<AdverseEventKind | null>('nausea');
  const [severity, setSeverity] = useState<AdverseEventSeverity | null>('mild');
  const [serious, setSerious] = useState(false);
  const [description, setDescription] = useState('');
  const [actionTaken, setActionTaken] = useState('');
  const [treatments, setTreatments] = useState<{ key: number; draft: MedicationDraft }[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const { busy, error, act } = useAct();
  const nowMs = serverNowMs();
  const read = treatments.map((t) => readMedicationDraft(t.draft, timeZone, nowMs));
  const treatmentProblems = read.flatMap((r, i) => (r.problems.length === 0 ? [] : [`treatment ${i + 1}: ${r.problems.join(', ')}`]));
  const valid = kind !== null && severity !== null && actionTaken.trim().length >= 2 && treatmentProblems.length === 0;

  const report = () => {
    if (!valid || kind === null || severity === null) return;
    const given = read.map((r) => r.input).filter((t): t is AdministrationBody => t !== undefined);
    void act(
      () =>
        reportAdverseEvent(sessionId, {
          kind,
          severity,
          serious,
          occurredAt: new Date(serverNowMs()).toISOString(),
          actionTaken: actionTaken.trim(),
          ...(description.trim() === '' ? {} : { description: description.trim() }),
          ...(given.length === 0 ? {} : { treatments: given }),
        }),
      () => {
        setActionTaken('');
        setDescription('');
        setSerious(false);
        setTreatments([]);
        onReported();
      },
    );
  };

  return (
    <Stack gap="xs" mt="sm" data-testid="adverse-event-form">
      <Text fw={600}>Report an adverse event</Text>
      <Group grow>
        <Select
          label="Kind"
          size="md"
          data={ADVERSE_EVENT_KINDS.map((k) => ({ value: k, label: adverseEventKindLabel(k) }))}
          value={kind}
          onChange={(v) => setKind(v)}
          allowDeselect={false}
        />
        <Select label="Severity" size="md" data={SEVERITIES} value={severity} onChange={(v) => setSeverity(v)} allowDeselect={false} />
      </Group>
      {kind === 'other' && (
        <TextInput label="What happened" size="md" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      )}
      <TextInput
        label="Action taken"
        size="md"
        value={actionTaken}
        onChange={(e) => setActionTaken(e.currentTarget.value)}
        placeholder="e.g. infusion paused; rate held; BP rechecked every 5 min"
      />
      {treatments.map((t, i) => (
        <Stack
          key={t.key}
          gap={4}
          p="xs"
          data-testid="report-treatment"
          style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
        >
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              Treatment {i + 1}
            </Text>
            <Button
              variant="subtle"
              color="gray"
              size="compact-md"
              onClick={() => setTreatments((ts) => ts.filter((x) => x.key !== t.key))}
            >
              Remove
            </Button>
          </Group>
          <MedicationFields
            value={t.draft}
            onChange={(d) => setTreatments((ts) => ts.map((x) => (x.key === t.key ? { ...x, draft: d } : x)))}
            disabled={busy}
          />
        </Stack>
      ))}
      <Group>
        <Button
          variant="light"
          size="md"
          onClick={() => {
            setTreatments((ts) => [...ts, { key: nextKey, draft: blankMedication('', serverNowMs(), timeZone) }]);
            setNextKey((k) => k + 1);
          }}
          data-testid="report-add-treatment"
        >
          Add a treatment given…
        </Button>
        <Text size="sm" c="dimmed">
          optional: drug, dose, route and time of each medication given for it
        </Text>
      </Group>
      <Checkbox
        size="md"
        label="Serious (the medical director is notified and reviews it)"
        checked={serious}
        onChange={(e) => setSerious(e.currentTarget.checked)}
      />
      {treatmentProblems.length > 0 && (
        <Text size="sm" c="orange">
          To report it: {treatmentProblems.join('; ')}.
        </Text>
      )}
      {error !== undefined && <Alert color="red">{error}</Alert>}
      <Group justify="flex-end">
        <Button size="md" onClick={report} loading={busy} disabled={!valid}>
          Report adverse event
        </Button>
      </Group>
    </Stack>
  );
}
