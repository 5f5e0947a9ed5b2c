import { Alert, Text } from '@mantine/core';
import { formatInstant } from '../../api/use-resource';
import type { EmergencyAccess } from './emergency-access-api';

/** On the patient page while the signed-in clinician reads it under emergency access: says so, and until when. */
export function EmergencyAccessBanner({ access }: { access: EmergencyAccess }) {
  return (
    <Alert
      color="orange"
      variant="filled"
      title={`Emergency access until ${formatInstant(access.expiresAt)}`}
      data-testid="emergency-access-banner"
    >
      <Text size="sm">
        You are not on this patient’s care team. Everything you open here is recorded as emergency access, with your reason, for the medical
        director’s review.
      </Text>
    </Alert>
  );
}
