import { Alert, Button, Group, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useSession } from '../auth/session-context';
import { AlertLevelBadge, PauseRecommendedBadge } from './alert-level-badge';
import { describeAlert, formatClock, LEVEL_INFO, PHASE_LABELS } from './labels';
import { StatusIcon } from './status-icon';
import { ReasonModal } from './reason-modal';
import { acknowledgeAlert, declinePause, stepSession, type DosingSession, type SessionAlert } from './session-api';
import { useAct } from './use-act';
import { useAlarmSound } from './use-alarm-sound';

/**
 * The alarm banner: every unacknowledged alert, worst first, with Acknowledge (a hold needs the
 * prescriber's note), the recommended pause with its two answers, and the optional sound.
 */
export function AlarmBanner({ session, timeZone, onChange }: { session: DosingSession; timeZone?: string; onChange(s: DosingSession): void }) {
  const open = useMemo(() => session.alerts.filter((a) => a.acknowledgedAt === null).sort((a, b) => LEVEL_INFO[b.level].rank - LEVEL_INFO[a.level].rank || b.raisedAt.localeCompare(a.raisedAt)), [session.alerts]);
  const [sound, setSound] = useState(false);
  const ids = useMemo(() => open.map((a) => a.id), [open]);
  useAlarmSound(sound, ids);
  const soundSwitch = <Switch label="Alarm sound" checked={sound} onChange={(e) => setSound(e.currentTarget.checked)} size="md" data-testid="alarm-sound" />;

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
    <Paper withBorder p="sm" radius="md" role="alert" data-testid="alarm-banner" style={{ borderWidth: 3, borderColor: 'var(--mantine-color-red-6)', background: 'var(--mantine-color-red-0)' }}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={700} size="lg">
            <StatusIcon name="bell" size={18} /> {open.length} open alert{open.length === 1 ? '' : 's'}
          </Text>
          {soundSwitch}
        </Group>
        {session.pauseRecommended && <PauseAdvice session={session} onChange={onChange} />}
        {open.map((a) => (
          <AlertRow key={a.id} alert={a} timeZone={timeZone} onChange={onChange} />
        ))}
      </Stack>
    </Paper>
  );
}

function PauseAdvice({ session, onChange }: { session: DosingSession; onChange(s: DosingSession): void }) {
  const { busy, error, setError, act } = useAct();
  const [asking, setAsking] = useState<'pause' | 'decline'>();
  const close = () => {
    setAsking(undefined);
    setError(undefined);
  };
  const done = (s: DosingSession) => {
    onChange(s);
    setAsking(undefined);
  };
  return (
    <Group justify="space-between" wrap="nowrap" p="xs" style={{ background: 'white', borderRadius: 6 }}>
      <Group gap="sm" wrap="nowrap" style={{ flex: 1 }}>
        <PauseRecommendedBadge size="lg" />
        <Text size="sm">A pause-level reading during the infusion: pause, or record why not.</Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        {session.allowed.includes('pause') && (
          <Button size="md" color="orange" onClick={() => setAsking('pause')}>
            Pause infusion
          </Button>
        )}
        <Button size="md" variant="default" onClick={() => setAsking('decline')}>
          Not pausing…
        </Button>
      </Group>
      <ReasonModal opened={asking === 'pause'} title="Pause the infusion" label="Why is the infusion paused?" confirm="Pause infusion" color="orange" busy={busy} error={error} onClose={close} onSubmit={(reason) => void act(() => stepSession(session.id, 'pause', { reason }), done)} />
      <ReasonModal opened={asking === 'decline'} title="Not pausing" label="Why is the recommended pause not done?" confirm="Record why not" busy={busy} error={error} onClose={close} onSubmit={(reason) => void act(() => declinePause(session.id, reason), done)} />
    </Group>
  );
}

function AlertRow({ alert, timeZone, onChange }: { alert: SessionAlert; timeZone?: string; onChange(s: DosingSession): void }) {
  const { session: me } = useSession();
  const roles = me?.user.roles ?? [];
  const prescriber = roles.includes('prescriber') || roles.includes('medical-director');
  const prescriberOnly = alert.kind === 'vitals:pre-dose' || alert.level === 'escalate';
  const needsNote = alert.level === 'hold';
  const [note, setNote] = useState('');
  const { busy, error, act } = useAct();
  return (
    <Paper p="xs" radius="sm" withBorder data-testid="alarm" data-level={alert.level} data-alert-id={alert.id}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <AlertLevelBadge level={alert.level} size="lg" />
            <Text size="sm" c="dimmed">
              {PHASE_LABELS[alert.kind] ?? alert.kind}, measured {formatClock(alert.details.measuredAt ?? alert.raisedAt, timeZone)}
            </Text>
          </Group>
          <Text fw={600}>{describeAlert(alert.details.fired)}</Text>
          {prescriberOnly && !prescriber && (
            <Text size="sm" c="dimmed">
              A prescriber acknowledges this alert{needsNote ? ' with the reason to override the hold' : ''}.
            </Text>
          )}
        </Stack>
        {(!prescriberOnly || prescriber) && (
          <Group gap="xs" wrap="nowrap" align="flex-end">
            {needsNote && <TextInput label="Override reason" placeholder="why the dose may go ahead" value={note} onChange={(e) => setNote(e.currentTarget.value)} size="md" w={220} />}
            <Button size="md" loading={busy} disabled={needsNote && note.trim().length < 3} onClick={() => void act(() => acknowledgeAlert(alert.id, note.trim()), onChange)}>
              Acknowledge
            </Button>
          </Group>
        )}
      </Group>
      {error !== undefined && (
        <Alert color="red" mt="xs">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
