import { Alert, Button, Group, List, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { formatInstant } from '../../api/use-resource';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { holdReasonText, holdReleaser } from './check-labels';
import { releaseScreeningHold, type ScreeningHold, type ScreeningView } from './screening-api';

/** A refusal (403: e.g. only a medical director releases a hold for a failed check) in the server's words, as a sentence. */
function releaseError(e: unknown): string {
  if (!(e instanceof ApiError) || e.message === '') return 'The hold was not released. Try again.';
  const sentence = e.message.charAt(0).toUpperCase() + e.message.slice(1);
  return e.status === 403 ? `Not released. ${sentence.replace(/\.?$/, '.')}` : sentence;
}

/**
 * The review hold of an enrollment, prominent: since when, why, who may release it, and (for
 * someone who may) "Release hold…" with a reason and the user's own password.
 */
export function HoldPanel({
  enrollmentId,
  hold,
  mayRelease,
  conditionTitle,
  onReleased,
  onStale,
}: {
  enrollmentId: string;
  hold: ScreeningHold;
  mayRelease: boolean;
  conditionTitle: (code: string) => string | undefined;
  onReleased: (s: ScreeningView) => void;
  onStale?: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const [proving, setProving] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const close = () => {
    setAsking(false);
    setProving(false);
    setReason('');
  };
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      bg="var(--mantine-color-red-0)"
      style={{ borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 }}
      data-testid="screening-hold"
      data-hold-kind={hold.kind}
      role="alert"
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Title order={4} c="red">
            On review hold since {formatInstant(hold.since)}: no dosing session can start
          </Title>
          {mayRelease && (
            <Button
              color="red"
              className="no-print"
              onClick={() => {
                setError(undefined);
                setAsking(true);
              }}
            >
              Release hold…
            </Button>
          )}
        </Group>
        <Text size="sm">The screening got worse after the patient was cleared for the program:</Text>
        <List size="sm" data-testid="hold-reasons">
          {hold.reasons.map((r) => (
            <List.Item key={r}>{holdReasonText(r, conditionTitle)}</List.Item>
          ))}
        </List>
        <Text size="sm" fw={600} data-testid="hold-releaser">
          {hold.kind === 'absolute'
            ? 'A check failed: only a medical director may release this hold.'
            : `Review the changes: ${holdReleaser(hold.kind)} may release this hold.`}
        </Text>
        {!mayRelease && (
          <Text size="sm" c="dimmed">
            {hold.kind === 'absolute'
              ? 'You cannot release it: ask a medical director to review it.'
              : 'You cannot release it: the patient’s prescriber has a task to review it.'}
          </Text>
        )}
        {error !== undefined && (
          <Alert color="red" variant="filled" data-testid="hold-release-error">
            {error}
          </Alert>
        )}
      </Stack>
      <Modal opened={asking && !proving} onClose={close} title="Release the review hold" centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim().length >= 3) setProving(true);
          }}
        >
          <Stack>
            <Text size="sm">Dosing sessions may start again once the hold is released. State why the changes do not stop treatment.</Text>
            <Textarea
              label="Reason for releasing the hold"
              description="Kept with the screening and in the audit trail."
              required
              autosize
              minRows={3}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red" disabled={reason.trim().length < 3}>
                Continue to confirm
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <StepUpDialog
        opened={asking && proving}
        onClose={() => setProving(false)}
        purpose="screening.release-hold"
        who="self"
        title="Confirm: release the review hold"
        description={`Reason: ${reason.trim()}`}
        onVerified={(token) => {
          const why = reason.trim();
          close();
          releaseScreeningHold(enrollmentId, why, token).then(onReleased, (e: unknown) => {
            setError(releaseError(e));
            // Someone else released it meanwhile (409): show the screening as it is now.
            if (e instanceof ApiError && e.status === 409) onStale?.();
          });
        }}
      />
    </Paper>
  );
}
