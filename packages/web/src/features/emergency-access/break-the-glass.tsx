import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/use-resource';
import { fieldErrors } from '../../api/client';
import { FormError } from '../../ui/form-error';
import {
  EMERGENCY_ACCESS_HOURS,
  EMERGENCY_ACCESS_REASON_MAX,
  EMERGENCY_ACCESS_REASON_MIN,
  openEmergencyAccess,
  type EmergencyAccess,
} from './emergency-access-api';

/**
 * "Break the glass": offered on the patient page to a clinician of the site who is refused the
 * record. The reason is required; the warning says what happens (recorded, reviewed by the medical
 * director, 12 hours). On success the page loads the record.
 */
export function BreakTheGlass({ patientId, onOpened }: { patientId: string; onOpened: (access: EmergencyAccess) => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [reasonError, setReasonError] = useState<string | undefined>();
  const length = reason.trim().length;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (length < EMERGENCY_ACCESS_REASON_MIN) {
      setReasonError(`Say why you need this record now, in at least ${EMERGENCY_ACCESS_REASON_MIN} characters.`);
      return;
    }
    setBusy(true);
    setError(undefined);
    setReasonError(undefined);
    try {
      onOpened(await openEmergencyAccess(patientId, reason.trim()));
    } catch (err) {
      const byField = fieldErrors(err).reason;
      if (byField !== undefined) setReasonError(byField);
      else setError(errorText(err, 'Emergency access could not be opened. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="break-the-glass">
      <Stack gap="sm">
        <Alert color="orange" title="Emergency access (“break the glass”)">
          <Stack gap={4}>
            <Text size="sm">
              In an emergency you may open this record although you are not on the care team. State why you need it now.
            </Text>
            <Text size="sm" fw={600}>
              Your access is recorded with your reason, the medical director reviews it, and it ends after {EMERGENCY_ACCESS_HOURS} hours.
            </Text>
          </Stack>
        </Alert>
        <Textarea
          label="Why do you need this record now?"
          description={`At least ${EMERGENCY_ACCESS_REASON_MIN} characters.`}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setReasonError(undefined);
          }}
          error={reasonError}
          maxLength={EMERGENCY_ACCESS_REASON_MAX}
          autosize
          minRows={3}
          required
        />
        <FormError error={error} />
        <Group>
          <Button type="submit" color="orange" loading={busy}>
            Break the glass and open the record
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
