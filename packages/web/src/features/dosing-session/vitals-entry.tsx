import { Alert, Button, Card, Group, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { describeVitals, formatClock } from './labels';
import { recordReadings } from './dosing-session-api';
import type { ReadingEntryProps } from './reading-entry-props';
import { useAct } from './use-act';

type Field = 'systolic' | 'diastolic' | 'heartRate' | 'spo2' | 'respiratoryRate';
const FIELDS: { field: Field; label: string; min: number; max: number }[] = [
  { field: 'systolic', label: 'Systolic (mmHg)', min: 30, max: 300 },
  { field: 'diastolic', label: 'Diastolic (mmHg)', min: 10, max: 200 },
  { field: 'heartRate', label: 'Heart rate (/min)', min: 10, max: 300 },
  { field: 'spo2', label: 'SpO2 (%)', min: 0, max: 100 },
  { field: 'respiratoryRate', label: 'Resp. rate (/min)', min: 0, max: 80 },
];
type Draft = Record<Field, number | string>;
const EMPTY: Draft = { systolic: '', diastolic: '', heartRate: '', spo2: '', respiratoryRate: '' };

/**
 * Vital signs at the chair: large inputs; "Same as last" copies the previous full set, the nurse
 * changes what differs, "Save reading" stores it (two taps for an unchanged set). Each reading
 * gets its own client id, so a retried request never stores it twice.
 */
export function VitalsEntry({ sessionId, readings, serverNowMs, timeZone, onSaved }: ReadingEntryProps) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [pendingId, setPendingId] = useState<string>();
  const { busy, error, act } = useAct();
  const previous = [...readings].reverse().find((r) => r.systolic !== null && r.diastolic !== null);
  const filled = FIELDS.filter((f) => draft[f.field] !== '');

  const copy = () => {
    if (previous === undefined) return;
    setDraft({
      systolic: previous.systolic ?? '',
      diastolic: previous.diastolic ?? '',
      heartRate: previous.heartRate ?? '',
      spo2: previous.spo2 ?? '',
      respiratoryRate: previous.respiratoryRate ?? '',
    });
  };
  const save = () => {
    // One id per reading, kept until it is stored: pressing Save again after a failure retries the same reading.
    const clientId = pendingId ?? crypto.randomUUID();
    setPendingId(clientId);
    const values = Object.fromEntries(filled.map((f) => [f.field, Number(draft[f.field])]));
    void act(
      () => recordReadings(sessionId, [{ clientId, measuredAt: new Date(serverNowMs()).toISOString(), ...values }]),
      () => {
        setPendingId(undefined);
        setDraft(EMPTY);
        onSaved();
      },
    );
  };
  const change = (field: Field, v: number | string) => {
    setPendingId(undefined);
    setDraft((d) => ({ ...d, [field]: v }));
  };

  return (
    <Card withBorder radius="md" data-testid="vitals-entry">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Vital signs</Title>
          <Text size="sm" c="dimmed" data-testid="previous-reading">
            {previous === undefined
              ? 'No earlier reading'
              : `Last: ${describeVitals(previous)} at ${formatClock(previous.measuredAt, timeZone)}`}
          </Text>
        </Group>
        <SimpleGrid cols={5} spacing="xs">
          {FIELDS.map((f) => (
            <NumberInput
              key={f.field}
              label={f.label}
              size="xl"
              hideControls
              inputMode="numeric"
              allowDecimal={false}
              min={f.min}
              max={f.max}
              value={draft[f.field]}
              onChange={(v) => change(f.field, v)}
              styles={{ input: { fontSize: 28, fontWeight: 700, textAlign: 'center' }, label: { fontSize: 13 } }}
            />
          ))}
        </SimpleGrid>
        {error !== undefined && <Alert color="red">{error}</Alert>}
        <Group grow>
          <Button size="xl" variant="light" onClick={copy} disabled={previous === undefined}>
            Same as last
          </Button>
          <Button size="xl" onClick={save} loading={busy} disabled={filled.length === 0}>
            Save reading
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
