import { Alert, Button, Card, Group, NumberInput, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session-context';
import { formatClock } from './labels';
import { changeRate, type DosingSession } from './session-api';
import { useAct } from './use-act';

const EVENT_LABELS: Record<string, string> = { start: 'Started', pause: 'Paused', resume: 'Resumed', rate: 'Rate changed', stop: 'Stopped' };
/** The API's bounds for a pump rate, mL/h (POST /api/sessions/:id/rate). */
const RATE_MAX = 2000;

/**
 * Infused volume against the bag, the current rate and every infusion event with its time and
 * reason; while infusing, licensed staff change the pump rate here (new rate and a reason).
 * The view is refetched on events only, so the volume running since the view's time (`asOfMs`,
 * server clock) is added here from the current rate.
 */
export function InfusionCard({ session, timeZone, nowMs, asOfMs, onChange }: { session: DosingSession; timeZone?: string; nowMs?: number; asOfMs?: number; onChange?(s: DosingSession): void }) {
  const { session: me } = useSession();
  const calc = session.doseOrder?.calculation;
  const total = calc?.bagTotalMl;
  const rate = [...session.infusion.events].reverse().find((e) => e.rateMlPerHour !== null)?.rateMlPerHour ?? calc?.rateMlPerHour;
  const running = session.state === 'infusing' && rate !== undefined && nowMs !== undefined && asOfMs !== undefined;
  const infused = session.infusion.infusedMl + (running ? Math.max(0, (rate * (nowMs - asOfMs)) / 3_600_000) : 0);
  const pct = total === undefined || total === 0 ? 0 : Math.min(100, (infused / total) * 100);
  const canChange = session.state === 'infusing' && me?.user.licensed === true && onChange !== undefined;
  return (
    <Card withBorder radius="md" data-testid="infusion-card">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>Infusion</Title>
          <Text size="sm" data-testid="pump-rate">
            {rate === undefined ? 'no rate' : `pump rate ${rate} mL/h`}
          </Text>
        </Group>
        <Text size="xl" fw={800} data-testid="infused-volume">
          {infused.toFixed(1)} mL infused{total === undefined ? '' : ` of ${total} mL`}
        </Text>
        {total !== undefined && <Progress value={pct} size="lg" aria-label={`${Math.round(pct)}% of the bag infused`} />}
        {session.infusion.events.length > 0 && (
          <Table verticalSpacing={2} fz="sm" data-testid="infusion-events">
            <Table.Tbody>
              {session.infusion.events.map((e, i) => (
                <Table.Tr key={i} data-kind={e.kind}>
                  <Table.Td w={60}>{formatClock(e.at, timeZone)}</Table.Td>
                  <Table.Td>
                    {EVENT_LABELS[e.kind] ?? e.kind}
                    {e.rateMlPerHour !== null && ` at ${e.rateMlPerHour} mL/h`}
                    {e.reason !== null && `: ${e.reason}`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canChange && <RateChange session={session} current={rate} ordered={calc?.rateMlPerHour} onChange={onChange} />}
      </Stack>
    </Card>
  );
}

/** "Change rate…" opens the form: the new rate in mL/h and the reason, both required. The entry survives refreshes (its own state). */
function RateChange({ session, current, ordered, onChange }: { session: DosingSession; current: number | undefined; ordered: number | undefined; onChange(s: DosingSession): void }) {
  const [open, setOpen] = useState(false);
  const [rate, setRate] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, act } = useAct();
  const value = typeof rate === 'number' ? rate : Number.NaN;
  const valid = Number.isFinite(value) && value > 0 && value <= RATE_MAX && value !== current && reason.trim().length >= 3;

  const close = () => {
    setOpen(false);
    setRate('');
    setReason('');
    setError(undefined);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    void act(
      () => changeRate(session.id, value, reason.trim()),
      (s) => {
        onChange(s);
        close();
      },
    );
  };

  if (!open) {
    return (
      <Group justify="flex-end">
        <Button variant="light" size="md" onClick={() => setOpen(true)}>
          Change rate…
        </Button>
      </Group>
    );
  }
  return (
    <form onSubmit={submit} noValidate data-testid="rate-form">
      <Stack gap="xs" p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
        <Text fw={600}>Change the pump rate</Text>
        <Group grow align="flex-start" wrap="nowrap">
          <NumberInput
            label="New rate (mL/h)"
            description={`now ${current ?? '—'} mL/h${ordered !== undefined && ordered !== current ? ` · ordered ${ordered} mL/h` : ''}`}
            size="lg"
            min={0.1}
            max={RATE_MAX}
            decimalScale={1}
            hideControls
            inputMode="decimal"
            value={rate}
            onChange={setRate}
            data-autofocus
          />
          <TextInput label="Reason" description="required" size="lg" value={reason} onChange={(e) => setReason(e.currentTarget.value)} placeholder="e.g. nausea: rate reduced per prescriber" />
        </Group>
        {value === current && <Text size="sm" c="dimmed">That is the current rate.</Text>}
        {error !== undefined && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" size="md" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" size="md" loading={busy} disabled={!valid}>
            Change rate
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
