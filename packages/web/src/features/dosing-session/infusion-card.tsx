import { ivDoseOf } from '@kairos/core';
import { Alert, Button, Card, Group, NumberInput, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSignIn } from '../sign-in/sign-in-context';
import { liveInfusion, oneDecimal, problemText, rateAgainstOrder, readPastTime, refusalCode } from './chair-words';
import { formatClock } from './labels';
import { PrescriberDialog, useIsPrescriber } from './prescriber-dialog';
import { changeRate, correctStopTime, type DosingSessionView, type SessionInfusionEvent } from './dosing-session-api';
import { isoToSiteLocal } from './site-datetime';
import { useAct } from './use-act';
import { FormError } from '../../ui/form-error';

const EVENT_LABELS: Record<SessionInfusionEvent['kind'], string> = {
  start: 'Started',
  pause: 'Paused',
  resume: 'Resumed',
  rate: 'Rate changed',
  stop: 'Stopped',
  'stop-corrected': 'Stop time corrected',
};
/** The API's bounds for a pump rate, mL/h (POST /api/sessions/:id/rate). */
const RATE_MAX = 2000;

export interface InfusionCardProps {
  session: DosingSessionView;
  timeZone?: string;
  /** The server's clock now, ms. */
  nowMs?: number;
  /** The server's clock when the view was fetched, ms. */
  asOfMs?: number;
  /** User id -> name, for who approved. */
  names?: Map<string, string>;
  onChange?: (s: DosingSessionView) => void;
}

/**
 * The pump against the order: milligrams and millilitres infused of those ordered, the minutes it
 * ran (pauses not counted) against the planned minutes, the planned end, every infusion event with
 * its time and reason; while infusing, licensed staff change the pump rate here (beyond the
 * tolerance of the ordered rate a prescriber approves it); while observing, a stop entered late is
 * corrected here. The view is refetched on events only, so what ran since the view's time
 * (`asOfMs`, server clock) is counted on here from the current rate.
 */
export function InfusionCard({ session, timeZone, nowMs, asOfMs, names, onChange }: InfusionCardProps) {
  const { signedIn: me } = useSignIn();
  const calc = session.doseOrder === null ? undefined : ivDoseOf(session.doseOrder.calculation);
  const inf = session.infusion;
  const total = inf.bagTotalMl ?? calc?.bagTotalMl;
  const ordered = inf.orderedRateMlPerHour ?? calc?.rateMlPerHour;
  const rate =
    [...inf.events].reverse().find((e) => e.kind !== 'stop-corrected' && e.rateMlPerHour !== null)?.rateMlPerHour ?? calc?.rateMlPerHour;
  const live = liveInfusion(inf, session.state === 'infusing', nowMs, asOfMs);
  const pct = total === undefined || total === 0 ? 0 : Math.min(100, (live.infusedMl / total) * 100);
  const licensed = me?.user.licensed === true && onChange !== undefined;
  const started = session.infusionStartedAt !== null;
  const who = (id: string | undefined) => (id === undefined ? undefined : (names?.get(id) ?? 'a prescriber'));

  return (
    <Card withBorder radius="md" data-testid="infusion-card">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Title order={4}>Infusion</Title>
          <Stack gap={0} align="flex-end">
            <Text size="sm" fw={600} data-testid="pump-rate">
              {rate === undefined ? 'no rate' : `pump rate ${rate} mL/h`}
            </Text>
            {ordered !== undefined && rate !== undefined && ordered !== rate && (
              <Text size="xs" c="dimmed" data-testid="ordered-rate">
                ordered {ordered} mL/h
              </Text>
            )}
            {session.state === 'paused' && (
              <Text size="xs" c="orange" fw={700}>
                pump paused
              </Text>
            )}
          </Stack>
        </Group>
        <Stack gap={0}>
          <Text size="xl" fw={800} data-testid="infused-mg">
            {inf.orderedMg === null ? 'No dose ordered' : `${oneDecimal(live.infusedMg)} mg of ${oneDecimal(inf.orderedMg)} mg ordered`}
          </Text>
          <Text size="lg" fw={700} data-testid="infused-volume">
            {total !== undefined && total - live.infusedMl < 0.05 ? total : oneDecimal(live.infusedMl)} mL
            {total === undefined ? ' infused' : ` of ${total} mL`}
          </Text>
        </Stack>
        {total !== undefined && <Progress value={pct} size="lg" aria-label={`${Math.round(pct)}% of the bag infused`} />}
        {started && (
          <Stack gap={2}>
            <Text data-testid="running-minutes">
              Running <b>{Math.floor(live.runningMinutes)} min</b> of {inf.plannedMinutes} min planned{' '}
              <Text span size="sm" c="dimmed">
                (pauses not counted)
              </Text>
            </Text>
            <PlannedEnd session={session} timeZone={timeZone} runningMinutes={live.runningMinutes} />
            {inf.bagCompleteAt !== null && inf.bagCompleteAt !== undefined && (
              <Text fw={600} c="orange" data-testid="bag-complete">
                The ordered bag was infused at {formatClock(inf.bagCompleteAt, timeZone)}.
              </Text>
            )}
          </Stack>
        )}
        {inf.events.length > 0 && (
          <Table verticalSpacing={2} fz="sm" data-testid="infusion-events">
            <Table.Tbody>
              {inf.events.map((e, i) => (
                <Table.Tr key={i} data-kind={e.kind}>
                  <Table.Td w={60}>{formatClock(e.at, timeZone)}</Table.Td>
                  <Table.Td>
                    {e.kind === 'stop-corrected'
                      ? `Stop time corrected to ${formatClock(e.at, timeZone)}${` (entered at ${formatClock(e.details.originalAt, timeZone)})`}`
                      : EVENT_LABELS[e.kind]}
                    {e.kind !== 'stop-corrected' && e.rateMlPerHour !== null && ` at ${e.rateMlPerHour} mL/h`}
                    {e.reason !== null && `: ${e.reason}`}
                    {'approvedBy' in e.details && e.details.approvedBy !== undefined && ` (approved by ${who(e.details.approvedBy)})`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {licensed && session.state === 'infusing' && ordered !== undefined && (
          <RateChange session={session} current={rate} ordered={ordered} tolerancePercent={inf.tolerancePercent} onChange={onChange} />
        )}
        {licensed && session.state === 'observing' && session.infusionEndedAt !== null && (
          <StopTimeCorrection session={session} timeZone={timeZone} nowMs={nowMs} onChange={onChange} />
        )}
      </Stack>
    </Card>
  );
}

/** When the planned minutes end: reached, at a time while running, or moving later while paused. */
function PlannedEnd({ session, timeZone, runningMinutes }: { session: DosingSessionView; timeZone?: string; runningMinutes: number }) {
  const inf = session.infusion;
  if (inf.plannedMinutesReachedAt !== null && inf.plannedMinutesReachedAt !== undefined) {
    return (
      <Text fw={600} c={session.state === 'observing' ? undefined : 'orange'} data-testid="planned-end">
        Planned infusion time reached at {formatClock(inf.plannedMinutesReachedAt, timeZone)}.
      </Text>
    );
  }
  if (session.state === 'infusing' && inf.plannedEndAt !== null && inf.plannedEndAt !== undefined) {
    return <Text data-testid="planned-end">Planned end at {formatClock(inf.plannedEndAt, timeZone)} (if not paused)</Text>;
  }
  if (session.state === 'paused') {
    return (
      <Text size="sm" c="dimmed" data-testid="planned-end">
        {Math.max(0, Math.ceil(inf.plannedMinutes - runningMinutes))} min of the planned time left; the planned end moves later while the
        pump is paused.
      </Text>
    );
  }
  return null;
}

/**
 * "Change rate…" opens the form: the new rate in mL/h and the reason, both required. Within the
 * tolerance of the ordered rate the reason is enough; beyond it a prescriber approves with their
 * own email and password on this screen. The entry survives refreshes (its own state).
 */
function RateChange({
  session,
  current,
  ordered,
  tolerancePercent,
  onChange,
}: {
  session: DosingSessionView;
  current: number | undefined;
  ordered: number;
  tolerancePercent: number;
  onChange: (s: DosingSessionView) => void;
}) {
  const [open, setOpen] = useState(false);
  const [rate, setRate] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [approving, setApproving] = useState(false);
  // The server said a prescriber must approve even though this screen thought it was within the tolerance.
  const [forceProof, setForceProof] = useState(false);
  const self = useIsPrescriber();
  const { busy, error, setError, act } = useAct();
  const value = typeof rate === 'number' ? rate : Number.NaN;
  const valid = Number.isFinite(value) && value > 0 && value <= RATE_MAX && value !== current && reason.trim().length >= 3;
  const check = Number.isFinite(value) && value > 0 && ordered > 0 ? rateAgainstOrder(ordered, value, tolerancePercent) : undefined;
  const needsPrescriber = forceProof || check?.withinTolerance === false;

  const close = () => {
    setOpen(false);
    setRate('');
    setReason('');
    setForceProof(false);
    setApproving(false);
    setError(undefined);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    if (needsPrescriber) {
      setError(undefined);
      setApproving(true);
      return;
    }
    void act(
      () => changeRate(session.id, value, reason.trim()),
      (s) => {
        onChange(s);
        close();
      },
      (err) => {
        if (refusalCode(err) === 'RATE_NEEDS_PRESCRIBER') setForceProof(true);
      },
    );
  };
  const approved = async ({ stepUpToken }: { stepUpToken?: string }): Promise<string | undefined> => {
    try {
      const s = await changeRate(session.id, value, reason.trim(), stepUpToken);
      onChange(s);
      close();
      return undefined;
    } catch (err) {
      return problemText(err);
    }
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
    <>
      <form onSubmit={submit} noValidate data-testid="rate-form">
        <Stack gap="xs" p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
          <Text fw={600}>Change the pump rate</Text>
          <Group grow align="flex-start" wrap="nowrap">
            <NumberInput
              label="New rate (mL/h)"
              description={`now ${current ?? '—'} mL/h · ordered ${ordered} mL/h`}
              size="lg"
              min={0.1}
              max={RATE_MAX}
              decimalScale={1}
              hideControls
              inputMode="decimal"
              value={rate}
              onChange={(v) => {
                setRate(v);
                setForceProof(false);
              }}
              data-autofocus
            />
            <TextInput
              label="Reason"
              description="required"
              size="lg"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              placeholder="e.g. nausea: rate reduced per prescriber"
            />
          </Group>
          {value === current && (
            <Text size="sm" c="dimmed">
              That is the current rate.
            </Text>
          )}
          {check !== undefined && value !== current && !needsPrescriber && (
            <Text size="sm" data-testid="rate-within-tolerance">
              {value} mL/h is {check.words}: within {tolerancePercent}% of the ordered rate, so a reason is enough.
            </Text>
          )}
          {check !== undefined && value !== current && needsPrescriber && (
            <Alert color="orange" data-testid="rate-needs-prescriber" title="A prescriber approves this rate">
              {value} mL/h is {check.words}
              {check.withinTolerance ? '' : `, more than ${tolerancePercent}% away from the ordered rate`}.{' '}
              {self
                ? 'Confirm the change with your password.'
                : 'A prescriber enters their own email and password on this screen to approve it.'}
            </Alert>
          )}
          <FormError error={error} />
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
      <PrescriberDialog
        opened={approving}
        title="A prescriber approves the new rate"
        purpose="rate.change"
        description={`Change the pump rate from ${current ?? '—'} to ${Number.isFinite(value) ? value : '—'} mL/h (${check?.words ?? ''}). Reason: ${reason.trim()}`}
        confirm="Approve and change rate"
        proof
        onClose={() => setApproving(false)}
        onSubmit={approved}
      />
    </>
  );
}

/**
 * "Correct the stop time…" (observing): a stop entered late is corrected to when the pump really
 * stopped, between the last start or resume and the recorded stop, with a reason. The original
 * stays in the events.
 */
function StopTimeCorrection({
  session,
  timeZone,
  nowMs,
  onChange,
}: {
  session: DosingSessionView;
  timeZone?: string;
  nowMs?: number;
  onChange: (s: DosingSessionView) => void;
}) {
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, act } = useAct();
  const stoppedAt = session.infusionEndedAt ?? '';
  const lastRun = [...session.infusion.events].reverse().find((e) => e.kind === 'start' || e.kind === 'resume')?.at;

  const close = () => {
    setOpen(false);
    setAt('');
    setReason('');
    setError(undefined);
  };
  const read = readPastTime(at, timeZone, nowMs ?? Date.now());
  const outside =
    read.iso !== undefined &&
    ((lastRun !== undefined && Date.parse(read.iso) < Date.parse(lastRun)) || Date.parse(read.iso) > Date.parse(stoppedAt));
  const unchanged = read.iso !== undefined && Date.parse(read.iso) === Date.parse(stoppedAt);
  const valid = read.iso !== undefined && !outside && !unchanged && reason.trim().length >= 3;
  const between = `between ${lastRun === undefined ? 'the start' : `${formatClock(lastRun, timeZone)} (the last start or resume)`} and ${formatClock(stoppedAt, timeZone)} (the stop as recorded)`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || read.iso === undefined) return;
    const iso = read.iso;
    void act(
      () => correctStopTime(session.id, iso, reason.trim()),
      (s) => {
        onChange(s);
        close();
      },
    );
  };

  if (!open) {
    return (
      <Group justify="flex-end">
        <Button
          variant="subtle"
          size="md"
          onClick={() => {
            setAt(isoToSiteLocal(stoppedAt, timeZone));
            setOpen(true);
          }}
          data-testid="stop-time-correct"
        >
          Correct the stop time…
        </Button>
      </Group>
    );
  }
  return (
    <form onSubmit={submit} noValidate data-testid="stop-time-form">
      <Stack gap="xs" p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
        <Text fw={600}>Correct the stop time</Text>
        <Text size="sm" c="dimmed">
          When the stop was entered late: enter when the pump really stopped, {between}. The time entered first stays in the record.
        </Text>
        <Group grow align="flex-start" wrap="nowrap">
          <TextInput
            type="datetime-local"
            label="The pump stopped at"
            description="clinic time"
            size="lg"
            value={at}
            min={isoToSiteLocal(lastRun, timeZone) || undefined}
            max={isoToSiteLocal(stoppedAt, timeZone) || undefined}
            onChange={(e) => setAt(e.currentTarget.value)}
            error={at !== '' && read.problem !== undefined ? read.problem : outside ? `must be ${between}` : undefined}
          />
          <TextInput
            label="Reason"
            description="required"
            size="lg"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            placeholder="e.g. stop entered after the flush"
          />
        </Group>
        {unchanged && (
          <Text size="sm" c="dimmed">
            That is the stop time already recorded.
          </Text>
        )}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" size="md" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" size="md" loading={busy} disabled={!valid}>
            Correct the stop time
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
