import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useSignIn } from '../sign-in/sign-in-context';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { credentialLapseOf, problemText, refusalCode } from './chair-words';
import { CredentialOverride } from '../credentials/credential-override';
import { overrideSessionCredential } from '../credentials/credentials-api';
import { GIVE_DOSE_LABELS } from '@kairos/core';
import { STEP_LABELS } from './labels';
import { PrescriberDialog } from './prescriber-dialog';
import { ReasonModal } from '../../ui/reason-modal';
import { stepDosingSession, type DosingSessionView, type DosingSessionStep } from './dosing-session-api';
import { useAct } from './use-act';
import { FormError } from '../../ui/form-error';
import { PauseReasonModal } from './pause-reason-modal';

const STEP_COLORS: Partial<Record<DosingSessionStep, string>> = {
  pause: 'orange',
  stop: 'red',
  start: 'teal',
  resume: 'teal',
  discharge: 'green',
};

/** Why the infusion cannot start yet, in words (the server checks again). */
function startBlockers(s: DosingSessionView): string[] {
  const out: string[] = [];
  if (!s.checklist.complete) out.push('the pre-dose checklist is not complete');
  if (s.doseOrder === null) out.push('no dose is ordered');
  else if (s.doseOrder.calculation.doubleCheckRequired && s.doseOrder.doubleCheckedBy === null) out.push('the dose is not double-checked');
  return out;
}

/** Large buttons for the steps the server allows now, and only those. */
export function StepButtons({ session, onChange }: { session: DosingSessionView; onChange: (s: DosingSessionView) => void }) {
  const { signedIn: me } = useSignIn();
  const roles = me?.user.roles ?? [];
  const licensed = me?.user.licensed === true;
  const prescriber = roles.includes('prescriber') || roles.includes('medical-director');
  const { busy, error, setError, act } = useAct();
  const [asking, setAsking] = useState<'pause' | 'abort' | 'override' | 'stop' | 'discharge' | 'resume'>();
  // The server refused a resume this screen thought was open to the nurse: the next one goes through a prescriber.
  const [resumeRefused, setResumeRefused] = useState(false);
  const [overrideReason, setOverrideReason] = useState<string>();
  // The start was refused for a lapsed credential: the medical director may let it go ahead.
  const [lapse, setLapse] = useState<ReturnType<typeof credentialLapseOf>>();
  // The confirmed step outlives the dialog's closing animation (its words must not change meanwhile).
  const [confirmStep, setConfirmStep] = useState<'stop' | 'discharge'>('stop');

  const close = () => {
    setAsking(undefined);
    setError(undefined);
  };
  const run = (step: DosingSessionStep, extra: Parameters<typeof stepDosingSession>[2] = {}) =>
    act(
      () => stepDosingSession(session.id, step, extra),
      (s) => {
        onChange(s);
        setAsking(undefined);
        setResumeRefused(false);
      },
      (e) => {
        if (refusalCode(e) === 'RESUME_NEEDS_PRESCRIBER') setResumeRefused(true);
        setLapse(credentialLapseOf(e));
      },
    );

  if (!licensed) {
    return (
      <Text size="sm" c="dimmed">
        Only licensed staff (nurse, prescriber, medical director) move the session.
      </Text>
    );
  }
  const main = session.allowed.filter((s) => s !== 'abort');
  const blockers = startBlockers(session);
  const pause = session.state === 'paused' ? session.infusion.pause : null;
  const resumeNeedsPrescriber = session.allowed.includes('resume') && ((pause !== null && !pause.resumeOpenToNurse) || resumeRefused);
  const notReady = session.discharge !== null && !session.discharge.ready;

  return (
    <Stack gap="xs">
      <Group gap="sm">
        {main.map((step) => {
          if (step === 'discharge' && notReady) {
            return prescriber ? (
              <Button key={step} size="xl" color="orange" variant="outline" onClick={() => setAsking('override')}>
                Discharge by override
              </Button>
            ) : (
              <Button key={step} size="xl" disabled>
                Discharge (not ready)
              </Button>
            );
          }
          const onClick = () => {
            setError(undefined);
            if (step === 'stop' || step === 'discharge') setConfirmStep(step);
            if (step === 'pause' || step === 'stop' || step === 'discharge') setAsking(step);
            else if (step === 'resume' && resumeNeedsPrescriber) setAsking('resume');
            else void run(step);
          };
          return (
            <Button
              key={step}
              size="xl"
              color={STEP_COLORS[step]}
              onClick={onClick}
              loading={busy && asking === undefined}
              disabled={step === 'start' && blockers.length > 0}
            >
              {step === 'start' ? GIVE_DOSE_LABELS[session.route] : STEP_LABELS[step]}
            </Button>
          );
        })}
        {session.allowed.includes('abort') && (
          <Button size="md" color="red" variant="subtle" onClick={() => setAsking('abort')}>
            {STEP_LABELS.abort}…
          </Button>
        )}
      </Group>
      {resumeNeedsPrescriber && (
        <Alert color="orange" data-testid="resume-needs-prescriber" title="A prescriber resumes this infusion">
          {pause === null ? 'Resuming after this pause needs a prescriber' : capitalize(pause.why)}.{' '}
          {prescriber
            ? 'Resume with a reason.'
            : 'Resume opens a form where the prescriber gives the reason and enters their own email and password.'}
        </Alert>
      )}
      {!resumeNeedsPrescriber && pause !== null && (
        <Text size="sm" c="dimmed" data-testid="pause-why">
          {capitalize(pause.why)}.
        </Text>
      )}
      {session.allowed.includes('start') && blockers.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="start-blockers">
          {session.route === 'IV' ? 'Before the infusion starts' : 'Before the dose is given'}: {blockers.join('; ')}.
        </Text>
      )}
      {error !== undefined && asking === undefined && (
        <Alert color="red" role="alert" data-testid="step-error">
          {error}
        </Alert>
      )}
      {lapse !== undefined && (
        <CredentialOverride
          onOverride={(o) =>
            void act(
              () => overrideSessionCredential(session.id, { ...lapse, ...o }),
              (s) => {
                onChange(s);
                setLapse(undefined);
              },
            )
          }
        />
      )}
      <PauseReasonModal
        opened={asking === 'pause'}
        busy={busy}
        error={error}
        onClose={close}
        onSubmit={(reason) => void run('pause', { reason })}
      />
      <ReasonModal
        opened={asking === 'abort'}
        title="Abort the session"
        label="Why is the session aborted?"
        confirm="Abort session"
        color="red"
        busy={busy}
        error={error}
        onClose={close}
        onSubmit={(reason) => void run('abort', { reason })}
      />
      <ReasonModal
        opened={asking === 'override'}
        title="Discharge by override"
        label="The criteria are not all met. Why is the patient discharged now? (prescriber’s decision)"
        confirm="Continue to confirm"
        color="orange"
        onClose={close}
        onSubmit={(reason) => {
          setOverrideReason(reason);
          setAsking(undefined);
        }}
      />
      <PrescriberDialog
        opened={asking === 'resume'}
        title="Resume the infusion"
        purpose="pause.resume"
        description={pause === null ? 'A prescriber resumes this infusion.' : `${capitalize(pause.why)}.`}
        reasonLabel="Why may the infusion resume? (the prescriber’s decision)"
        confirm="Resume infusion"
        color="teal"
        proof={!prescriber}
        onClose={close}
        onSubmit={async ({ reason, stepUpToken }) => {
          try {
            onChange(
              await stepDosingSession(session.id, 'resume', {
                ...(reason === undefined ? {} : { reason }),
                ...(stepUpToken === undefined ? {} : { stepUpToken }),
              }),
            );
            setResumeRefused(false);
            return undefined;
          } catch (e) {
            return problemText(e);
          }
        }}
      />
      <ConfirmModal
        opened={asking === 'stop' || asking === 'discharge'}
        step={confirmStep}
        busy={busy}
        error={error}
        onClose={close}
        onConfirm={() => void run(confirmStep)}
      />
      <StepUpDialog
        opened={overrideReason !== undefined}
        onClose={() => setOverrideReason(undefined)}
        purpose="discharge.override"
        who="self"
        title="Confirm the discharge by override"
        description={`Reason: ${overrideReason ?? ''}`}
        onVerified={(token) => {
          const reason = overrideReason ?? '';
          setOverrideReason(undefined);
          void run('discharge', { override: { reason, stepUpToken: token } });
        }}
      />
    </Stack>
  );
}

const capitalize = (s: string) => (s === '' ? s : s.charAt(0).toUpperCase() + s.slice(1));

/** Asks before stopping the infusion or discharging the patient. */
export function ConfirmModal({
  opened,
  step,
  busy,
  error,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  step: 'stop' | 'discharge';
  busy: boolean;
  error?: string;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const text =
    step === 'stop'
      ? 'The infusion ends now and cannot be resumed; observation begins.'
      : 'The patient leaves the clinic with their escort and the discharge instructions.';
  return (
    <Modal opened={opened} onClose={onClose} title={step === 'stop' ? 'Stop the infusion?' : 'Discharge the patient?'} centered>
      <Stack data-testid="confirm-dialog">
        <Text>{text}</Text>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" size="lg" onClick={onClose}>
            Cancel
          </Button>
          <Button size="lg" color={STEP_COLORS[step]} loading={busy} onClick={onConfirm}>
            {STEP_LABELS[step]}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
