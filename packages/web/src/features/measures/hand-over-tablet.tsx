import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { errorText } from '../../api/use-resource';
import { startKiosk } from './measures-api';

/**
 * "Hand over the tablet": the patient answers the questionnaires due now on this device (the
 * clinic tablet, /kiosk). Starting it signs the staff member out here, so nothing of the staff app
 * stays behind the patient's screen; the patient confirms their date of birth first.
 */
export function HandOverTablet({ patient, due }: { patient: { id: string; name: string }; due: number }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await startKiosk(patient.id);
      // A whole new page: the staff app's state goes with the sign-in.
      window.location.assign('/kiosk');
    } catch (e) {
      setError(errorText(e, 'The tablet could not be handed over.'));
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)} aria-label={`Hand over tablet to ${patient.name}`}>
        Hand over tablet
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Questionnaires on this tablet: ${patient.name}`} centered>
        <Stack gap="sm">
          <Text size="sm">
            {due === 1 ? 'One questionnaire is' : `${due} questionnaires are`} due. You will be signed out on this device. The patient
            confirms their date of birth, answers, and the tablet then asks them to hand it back; sign in again to continue.
          </Text>
          {error !== undefined && (
            <Alert color="red" title="Not handed over">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button loading={busy} onClick={() => void start()}>
              Sign out and hand over
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
