import { Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import {
  ADVERSE_EVENT_KINDS,
  ADVERSE_EVENT_SEVERITIES,
  type AdverseEvent,
  type AdverseEventCorrectionBody,
  type AdverseEventKind,
  type AdverseEventSeverity,
} from '@kairos/api';
import { localDateTimeOf, localDateTimeToUtcIso, minutesOfLocalTime } from '@kairos/core';
import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/use-resource';
import { CorrectionHistory } from '../../ui/correction-history';
import { FormError } from '../../ui/form-error';
import { ADVERSE_EVENT_FIELD_NAMES, adverseEventKindLabel, correctAdverseEvent } from './adverse-events-api';

/** Who may correct a reported adverse event (the server's `adverse-events.correct`). */
export const CORRECT_ADVERSE_EVENT_ROLES = ['medical-director', 'prescriber'] as const;

const zoneOf = (timeZone: string | undefined) => timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

/** An instant as a `datetime-local` value in the site's zone. */
function toLocalInput(iso: string | null, timeZone: string | undefined): string {
  if (iso === null) return '';
  const l = localDateTimeOf(iso, zoneOf(timeZone));
  return `${l.date}T${l.time}`;
}

/** A `datetime-local` value in the site's zone as an instant; undefined when incomplete. */
function fromLocalInput(value: string, timeZone: string | undefined): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  if (m === null) return undefined;
  try {
    return localDateTimeToUtcIso(m[1] as string, minutesOfLocalTime(m[2] as string), zoneOf(timeZone));
  } catch {
    return undefined;
  }
}

/** A field's value in words: the kind's label, a time in the site's zone, "not recorded" for none. */
export function adverseEventValueText(timeZone: string | undefined) {
  return (field: string, value: string | null): string => {
    if (value === null || value === '') return 'not recorded';
    if (field === 'kind') return adverseEventKindLabel(value);
    if (field === 'occurredAt' || field === 'resolvedAt') {
      const l = localDateTimeOf(value, zoneOf(timeZone));
      return `${l.date} ${l.time}`;
    }
    return value;
  };
}

/** The history of an adverse event's corrections, in words. */
export function AdverseEventCorrections({ event, timeZone }: { event: AdverseEvent; timeZone: string | undefined }) {
  return (
    <CorrectionHistory
      corrections={event.corrections ?? []}
      fieldName={(f) => ADVERSE_EVENT_FIELD_NAMES[f] ?? f}
      valueText={adverseEventValueText(timeZone)}
      testId="adverse-event-corrections"
    />
  );
}

/**
 * "Correct…": a prescriber or the medical director corrects the kind, severity, onset or
 * resolution time of a reported adverse event (also after its review) with a reason; the original
 * stays in its history.
 */
export function CorrectAdverseEventButton({
  event,
  timeZone,
  onCorrected,
}: {
  event: AdverseEvent;
  timeZone: string | undefined;
  onCorrected: () => void;
}) {
  const [opened, setOpened] = useState(false);
  const [kind, setKind] = useState<AdverseEventKind>(event.kind);
  const [description, setDescription] = useState(event.description ?? '');
  const [severity, setSeverity] = useState<AdverseEventSeverity>(event.severity);
  const [onset, setOnset] = useState('');
  const [resolved, setResolved] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const open = () => {
    setKind(event.kind);
    setDescription(event.description ?? '');
    setSeverity(event.severity);
    setOnset(toLocalInput(event.occurredAt, timeZone));
    setResolved(toLocalInput(event.resolvedAt ?? null, timeZone));
    setReason('');
    setError(undefined);
    setOpened(true);
  };
  const body = (): AdverseEventCorrectionBody | string => {
    const out: AdverseEventCorrectionBody = { reason: reason.trim(), correctionsSeen: (event.corrections ?? []).length };
    if (kind !== event.kind) out.kind = kind;
    if (description.trim() !== (event.description ?? '') && description.trim() !== '') out.description = description.trim();
    if (severity !== event.severity) out.severity = severity;
    const occurredAt = fromLocalInput(onset, timeZone);
    if (occurredAt === undefined) return 'Enter the onset date and time.';
    // The form shows minutes: an unchanged field keeps the recorded instant (its seconds too).
    if (onset !== toLocalInput(event.occurredAt, timeZone)) out.occurredAt = occurredAt;
    if (resolved === '') {
      if ((event.resolvedAt ?? null) !== null) out.resolvedAt = null;
    } else {
      const resolvedAt = fromLocalInput(resolved, timeZone);
      if (resolvedAt === undefined) return 'Enter the resolution date and time, or leave it empty.';
      if (resolved !== toLocalInput(event.resolvedAt ?? null, timeZone)) out.resolvedAt = resolvedAt;
    }
    if (Object.keys(out).length === 2) return 'Change at least one value to correct.';
    return out;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const b = body();
    if (typeof b === 'string') {
      setError(b);
      return;
    }
    setBusy(true);
    setError(undefined);
    correctAdverseEvent(event.id, b).then(
      () => {
        setBusy(false);
        setOpened(false);
        onCorrected();
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorText(err, 'The correction was not saved.'));
      },
    );
  };
  return (
    <>
      <Button variant="subtle" size="md" onClick={open} data-testid="correct-adverse-event">
        Correct…
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Correct this adverse event" centered size="lg">
        <form onSubmit={submit} noValidate data-testid="correct-adverse-event-form">
          <Stack>
            <Text size="sm" c="dimmed">
              The values as first recorded and every correction stay in the event’s history.
            </Text>
            <Select
              label="Kind"
              data={ADVERSE_EVENT_KINDS.map((k) => ({ value: k, label: adverseEventKindLabel(k) }))}
              value={kind}
              onChange={(v) => v !== null && setKind(v)}
              allowDeselect={false}
            />
            {kind === 'other' && (
              <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
            )}
            <Select
              label="Severity"
              data={ADVERSE_EVENT_SEVERITIES.map((s) => ({ value: s, label: s }))}
              value={severity}
              onChange={(v) => v !== null && setSeverity(v)}
              allowDeselect={false}
            />
            <TextInput type="datetime-local" label="Onset (site time)" value={onset} onChange={(e) => setOnset(e.currentTarget.value)} />
            <TextInput
              type="datetime-local"
              label="Resolved (site time; empty: not resolved yet)"
              value={resolved}
              onChange={(e) => setResolved(e.currentTarget.value)}
            />
            <Textarea
              label="Reason for the correction"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              data-testid="correction-reason"
            />
            <FormError error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} disabled={reason.trim().length < 3}>
                Save correction
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
