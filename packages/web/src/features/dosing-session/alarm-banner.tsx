import { Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { AlertLevelBadge, PauseRecommendedBadge } from './alert-level-badge';
import { problemText } from './chair-words';
import { alertMeasuredAt, alertTitle, formatClock, LEVEL_INFO, PHASE_LABELS, STOP_ALERT_KINDS } from './labels';
import { PrescriberDialog, useIsPrescriber } from './prescriber-dialog';
import { StatusIcon } from './status-icon';
import { ConfirmModal } from './step-buttons';
import { acknowledgeAlert, declinePause, stepDosingSession, type DosingSessionView, type SessionAlert } from './dosing-session-api';
import { useAct } from './use-act';
import { useAlarmSound } from './use-alarm-sound';
import { PauseReasonModal } from './pause-reason-modal';

/**
 * The alarm banner: every unacknowledged alert, worst first, with Acknowledge (before dosing, at the
 * pause level and an escalation a prescriber's, their proof typed here on a nurse's tablet; a hold
 * needs the override's reason), Stop beside the pump's "stop the infusion" alerts, when an alert was
 * escalated, the recommended pause with its two answers (not pausing is a prescriber's decision),
 * and the optional sound.
 */
export function AlarmBanner({
  session,
  timeZone,
  onChange,
}: {
  session: DosingSessionView;
  timeZone?: string;
  onChange: (s: DosingSessionView) => void;
}) {
  const open = useMemo(
    () =>
      session.alerts
        .filter((a) => a.acknowledgedAt === null && a.closedAt === null)
        .sort((a, b) => LEVEL_INFO[b.level].rank - LEVEL_INFO[a.level].rank || b.raisedAt.localeCompare(a.raisedAt)),
    [session.alerts],
  );
  // Sound is on for the pause level and above: each raise, worsening, escalation and 5-minute reminder beeps once.
  const loud = useMemo(() => open.filter((a) => a.level !== 'warn').map((a) => `${a.id}:${a.alertedAt}:${a.reminders}`), [open]);
  const mute = useMute();
  useAlarmSound(!mute.muted, loud);
  const soundSwitch = <MuteControl mute={mute} />;

  if (open.length === 0 && !session.pauseRecommended) {
    return (
      <Group justify="space-between" data-testid="alarm-none">
        <Text size="sm" c="dimmed">
          <span aria-hidden="true">✓</span> No open alerts
        </Text>
        {soundSwitch}
      </Group>
    );
  }
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      role="alert"
      data-testid="alarm-banner"
      style={{ borderWidth: 3, borderColor: 'var(--mantine-color-red-6)', background: 'var(--mantine-color-red-0)' }}
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={700} size="lg">
            <StatusIcon name="bell" size={18} /> {open.length} open alert{open.length === 1 ? '' : 's'}
          </Text>
          {soundSwitch}
        </Group>
        {session.pauseRecommended && <PauseAdvice session={session} onChange={onChange} />}
        {open.map((a) => (
          <AlertRow key={a.id} session={session} alert={a} timeZone={timeZone} onChange={onChange} />
        ))}
      </Stack>
    </Paper>
  );
}

/** A muted console unmutes itself after 2 minutes (protocol-defaults.md, "alarm sound mute"). */
const MUTE_MS = 2 * 60_000;

interface Mute {
  muted: boolean;
  leftMs: number;
  muteNow: () => void;
  unmute: () => void;
}

function useMute(): Mute {
  const [until, setUntil] = useState<number>();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === undefined) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) setUntil(undefined);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return {
    muted: until !== undefined && now < until,
    leftMs: until === undefined ? 0 : Math.max(0, until - now),
    muteNow: () => {
      setNow(Date.now());
      setUntil(Date.now() + MUTE_MS);
    },
    unmute: () => setUntil(undefined),
  };
}

function MuteControl({ mute }: { mute: Mute }) {
  if (!mute.muted)
    return (
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" data-testid="alarm-sound" data-sound="on">
          <span aria-hidden="true">🔔</span> Sound on (pause level and above)
        </Text>
        <Button size="xs" variant="default" onClick={mute.muteNow} data-testid="alarm-mute">
          Mute 2 min
        </Button>
      </Group>
    );
  const s = Math.ceil(mute.leftMs / 1000);
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" fw={700} c="orange" data-testid="alarm-sound" data-sound="muted">
        <span aria-hidden="true">🔕</span> Sound muted: back on in {Math.floor(s / 60)}:{String(s % 60).padStart(2, '0')}
      </Text>
      <Button size="xs" variant="default" onClick={mute.unmute}>
        Sound on
      </Button>
    </Group>
  );
}

function PauseAdvice({ session, onChange }: { session: DosingSessionView; onChange: (s: DosingSessionView) => void }) {
  const { busy, error, setError, act } = useAct();
  const prescriber = useIsPrescriber();
  const [asking, setAsking] = useState<'pause' | 'decline'>();
  const close = () => {
    setAsking(undefined);
    setError(undefined);
  };
  const done = (s: DosingSessionView) => {
    onChange(s);
    setAsking(undefined);
  };
  return (
    <Group justify="space-between" wrap="nowrap" p="xs" style={{ background: 'white', borderRadius: 6 }}>
      <Group gap="sm" wrap="nowrap" style={{ flex: 1 }}>
        <PauseRecommendedBadge size="lg" />
        <Text size="sm">A pause-level reading during the infusion: pause, or a prescriber records why not.</Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        {session.allowed.includes('pause') && (
          <Button size="md" color="orange" onClick={() => setAsking('pause')}>
            Pause infusion
          </Button>
        )}
        <Button size="md" variant="default" onClick={() => setAsking('decline')} data-testid="decline-pause">
          Not pausing…
        </Button>
      </Group>
      <PauseReasonModal
        opened={asking === 'pause'}
        busy={busy}
        error={error}
        onClose={close}
        onSubmit={(reason) => void act(() => stepDosingSession(session.id, 'pause', { reason }), done)}
      />
      <PrescriberDialog
        opened={asking === 'decline'}
        title="Not pausing"
        purpose="pause.decline"
        description="Not pausing after a pause-level reading is a prescriber’s decision."
        reasonLabel="Why is the recommended pause not done?"
        confirm="Record why not"
        proof={!prescriber}
        onClose={close}
        onSubmit={async ({ reason, stepUpToken }) => {
          try {
            onChange(await declinePause(session.id, reason ?? '', stepUpToken));
            return undefined;
          } catch (e) {
            return problemText(e);
          }
        }}
      />
    </Group>
  );
}

/** One episode's course: how many readings, the last one, when it last alerted, whether it ended. */
function EpisodeLine({ alert, timeZone }: { alert: SessionAlert; timeZone?: string | undefined }) {
  if (alert.kind !== 'vitals:pre-dose' && alert.kind !== 'vitals:infusing' && alert.kind !== 'vitals:observing') return null;
  const e = alert.details.episode;
  if (e === undefined) return null;
  const realerted = e.history.filter((h) => h.event === 'worsened' || h.event === 'escalated').length;
  const last = e.last.values;
  const lastText =
    last.systolic !== undefined || last.diastolic !== undefined
      ? `${last.systolic ?? '—'}/${last.diastolic ?? '—'}`
      : Object.values(last)
          .map((v) => String(v))
          .join(', ');
  return (
    <Text size="sm" c="dimmed" data-testid="alarm-episode">
      {e.readings} reading{e.readings === 1 ? '' : 's'} past the threshold; last {lastText} at {formatClock(e.last.measuredAt, timeZone)}
      {realerted > 0 ? ` · alerted again ${realerted}× (worse or higher level)` : ''}
      {alert.episodeEndedAt !== null ? ` · back within limits at ${formatClock(alert.episodeEndedAt, timeZone)}` : ''}
    </Text>
  );
}

function AlertRow({
  session,
  alert,
  timeZone,
  onChange,
}: {
  session: DosingSessionView;
  alert: SessionAlert;
  timeZone?: string;
  onChange: (s: DosingSessionView) => void;
}) {
  const prescriber = useIsPrescriber();
  // Before dosing, at the pause level and an escalation: the prescriber's (their own screen, or their proof typed here).
  const prescriberOnly = alert.kind === 'vitals:pre-dose' || alert.level === 'pause' || alert.level === 'escalate';
  const needsNote = alert.level === 'hold';
  const needsProof = prescriberOnly && !prescriber;
  const stopNow = STOP_ALERT_KINDS.includes(alert.kind) && session.allowed.includes('stop');
  const [note, setNote] = useState('');
  const [proving, setProving] = useState(false);
  const [stopping, setStopping] = useState(false);
  const { busy, error, setError, act } = useAct();
  const measuredAt = alertMeasuredAt(alert);
  return (
    <Paper p="xs" radius="sm" withBorder data-testid="alarm" data-level={alert.level} data-kind={alert.kind} data-alert-id={alert.id}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <AlertLevelBadge level={alert.level} size="lg" />
            <Text size="sm" c="dimmed">
              {PHASE_LABELS[alert.kind]}, {measuredAt !== undefined ? 'measured' : 'raised'}{' '}
              {formatClock(measuredAt ?? alert.raisedAt, timeZone)}
            </Text>
          </Group>
          <Text fw={600} data-testid="alarm-title">
            {alertTitle(alert, timeZone)}
          </Text>
          {alert.kind.startsWith('vitals:') && <EpisodeLine alert={alert} timeZone={timeZone} />}
          {alert.escalatedAt !== null && (
            <Text size="sm" fw={600} c="red" data-testid="alert-escalated">
              Escalated to the prescriber and medical director at {formatClock(alert.escalatedAt, timeZone)}.
            </Text>
          )}
          {needsProof && (
            <Text size="sm" c="dimmed">
              A prescriber acknowledges this alert{needsNote ? ' with the reason to override the hold' : ''}: they enter their own email and
              password on this screen.
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          {stopNow && (
            <Button size="md" color="red" onClick={() => setStopping(true)} data-testid="alarm-stop">
              Stop infusion
            </Button>
          )}
          {needsNote && (
            <TextInput
              label="Override reason"
              placeholder="why the dose may go ahead"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              size="md"
              w={220}
            />
          )}
          <Button
            size="md"
            variant={stopNow ? 'default' : 'filled'}
            loading={busy}
            disabled={needsNote && note.trim().length < 3}
            onClick={() => (needsProof ? setProving(true) : void act(() => acknowledgeAlert(alert.id, { note: note.trim() }), onChange))}
          >
            {needsProof ? 'Acknowledge (prescriber)…' : 'Acknowledge'}
          </Button>
        </Group>
      </Group>
      {error !== undefined && (
        <Alert color="red" mt="xs">
          {error}
        </Alert>
      )}
      <PrescriberDialog
        opened={proving}
        title="A prescriber acknowledges the alert"
        purpose="alert.acknowledge"
        description={`${alertTitle(alert, timeZone)}${needsNote ? `. Override reason: ${note.trim()}` : ''}`}
        confirm="Acknowledge"
        proof
        onClose={() => setProving(false)}
        onSubmit={async ({ stepUpToken }) => {
          try {
            onChange(await acknowledgeAlert(alert.id, { note: note.trim(), ...(stepUpToken === undefined ? {} : { stepUpToken }) }));
            return undefined;
          } catch (e) {
            return problemText(e);
          }
        }}
      />
      {stopNow && (
        <ConfirmModal
          opened={stopping}
          step="stop"
          busy={busy}
          error={error}
          onClose={() => {
            setStopping(false);
            setError(undefined);
          }}
          onConfirm={() =>
            void act(
              () => stepDosingSession(session.id, 'stop'),
              (s) => {
                onChange(s);
                setStopping(false);
              },
            )
          }
        />
      )}
    </Paper>
  );
}
