import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { errorText } from '../../api/use-resource';
import { stateLabel, transitionEnrollment, transitionNeedsReason, type Enrollment, type EnrollmentState } from './intake-api';
import { FormError } from '../../ui/form-error';

/** The decisions made in the screening workspace (with a step-up check), not here. */
const DECIDED_IN_SCREENING: readonly EnrollmentState[] = ['eligible', 'ineligible'];

const VERB: Partial<Record<EnrollmentState, string>> = {
  screening: 'Start screening',
  scheduled: 'Mark scheduled',
  'in-treatment': 'Start treatment',
  'follow-up': 'Move to follow-up',
  completed: 'Complete',
  withdrawn: 'Withdraw',
};

/** One button per allowed step (inline, in the caller's Group); a step that needs a reason asks for it first. */
export function TransitionButtons({ enrollment, onMoved }: { enrollment: Enrollment; onMoved: (e: Enrollment) => void }) {
  const [asking, setAsking] = useState<EnrollmentState>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<EnrollmentState>();
  const steps = enrollment.allowed.filter((s) => !DECIDED_IN_SCREENING.includes(s));

  const move = (to: EnrollmentState, why?: string) => {
    setBusy(to);
    setError(undefined);
    transitionEnrollment(enrollment.id, to, why).then(
      (e) => {
        setBusy(undefined);
        setAsking(undefined);
        setReason('');
        onMoved(e);
      },
      (err: unknown) => {
        setBusy(undefined);
        setError(errorText(err, 'The enrollment did not move.'));
      },
    );
  };
  const label = (to: EnrollmentState) => {
    if (to === 'screening' && enrollment.state !== 'referred') return 'Screen again';
    if (to === 'eligible' && enrollment.state === 'scheduled') return 'Unschedule';
    return VERB[to] ?? `Move to ${stateLabel(to)}`;
  };

  return (
    <>
      {steps.map((to) => (
        <Button
          key={to}
          size="xs"
          variant={to === 'withdrawn' ? 'subtle' : 'light'}
          color={to === 'withdrawn' ? 'red' : undefined}
          loading={busy === to}
          onClick={() => (transitionNeedsReason(enrollment.state, to) ? setAsking(to) : move(to))}
        >
          {label(to)}
        </Button>
      ))}
      {error !== undefined && asking === undefined && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
      <Modal opened={asking !== undefined} onClose={() => setAsking(undefined)} title={asking === undefined ? '' : label(asking)} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (asking !== undefined && reason.trim() !== '') move(asking, reason.trim());
          }}
        >
          <Stack>
            <Text size="sm">
              {enrollment.programTitle}: {stateLabel(enrollment.state)} → {asking === undefined ? '' : stateLabel(asking)}. This step needs
              a reason; it is kept in the enrollment’s history.
            </Text>
            <Textarea
              label="Reason"
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-autofocus
            />
            <FormError error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(undefined)}>
                Cancel
              </Button>
              <Button
                type="submit"
                disabled={reason.trim() === ''}
                loading={busy !== undefined}
                color={asking === 'withdrawn' ? 'red' : undefined}
              >
                {asking === undefined ? 'Confirm' : label(asking)}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
