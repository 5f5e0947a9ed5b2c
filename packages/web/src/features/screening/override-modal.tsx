import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { errorText } from '../../api/use-resource';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { overrideCheck, type ScreeningCheck, type ScreeningView } from './screening-api';
import { FormError } from '../../ui/form-error';

/** Override one check: a mandatory reason, then the prescriber proves it is them (step-up). */
export function OverrideModal({
  enrollmentId,
  check,
  label,
  onClose,
  onDone,
}: {
  enrollmentId: string;
  check: ScreeningCheck | undefined;
  label: string;
  onClose: () => void;
  onDone: (s: ScreeningView) => void;
}) {
  const [reason, setReason] = useState('');
  const [proving, setProving] = useState(false);
  const [error, setError] = useState<string>();
  const close = () => {
    setReason('');
    setProving(false);
    setError(undefined);
    onClose();
  };
  return (
    <>
      <Modal opened={check !== undefined && !proving} onClose={close} title={`Override: ${label}`} centered>
        {check !== undefined && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (reason.trim() !== '') setProving(true);
            }}
          >
            <Stack>
              <Text size="sm">
                The check says <b>{check.outcome}</b>: {check.message}
              </Text>
              {check.outcome === 'fail' && (
                <Alert color="red">This is a failed contraindication: only a medical director may override it.</Alert>
              )}
              <Textarea
                label="Reason for the override"
                description="Kept with the screening and in the audit trail."
                required
                autosize
                minRows={3}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                data-autofocus
              />
              <FormError error={error} />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button type="submit" disabled={reason.trim() === ''} color="orange">
                  Continue to confirm
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
      <StepUpDialog
        opened={check !== undefined && proving}
        onClose={() => setProving(false)}
        purpose="screening.override"
        who="self"
        title={`Confirm the override: ${label}`}
        description={`Reason: ${reason.trim()}`}
        onVerified={(token) => {
          if (check === undefined) return;
          overrideCheck(enrollmentId, check.id, reason.trim(), token).then(
            (s) => {
              close();
              onDone(s);
            },
            (e: unknown) => {
              setProving(false);
              setError(errorText(e, 'The override was not saved.'));
            },
          );
        }}
      />
    </>
  );
}
