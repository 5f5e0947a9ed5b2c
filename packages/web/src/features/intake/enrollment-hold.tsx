import { CLEARED_ENROLLMENT_STATES } from '@kairos/api';
import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatInstant, useResource } from '../../api/use-resource';
import { holdReleaser } from '../screening/check-labels';
import { getScreening } from '../screening/screening-api';
import type { EnrollmentState } from './intake-api';

/** Enrollments cleared by an eligible decision: only these can be on review hold. */
export const CLEARED_STATES: readonly EnrollmentState[] = CLEARED_ENROLLMENT_STATES;

/**
 * "On review hold" on the patient page, with a link to the screening workspace. Rendered only for
 * cleared enrollments; `version` changes when the patient's facts change, to load it again.
 */
export function EnrollmentHold({
  enrollmentId,
  screeningPath,
  version = 0,
}: {
  enrollmentId: string;
  screeningPath: string;
  version?: number;
}) {
  const { data } = useResource(`screening-hold:${enrollmentId}:${version}`, () => getScreening(enrollmentId));
  const hold = data?.hold;
  if (hold === null || hold === undefined) return null;
  return (
    <Alert
      color="red"
      variant="light"
      p="xs"
      title="On review hold: no dosing session can start"
      data-testid="enrollment-hold"
      data-hold-kind={hold.kind}
    >
      <Text size="sm">
        Since {formatInstant(hold.since)} the screening is worse than when the patient was cleared ({hold.reasons.length}{' '}
        {hold.reasons.length === 1 ? 'change' : 'changes'}). {holdReleaser(hold.kind).replace(/^a/, 'A')} may release it.{' '}
        <Anchor component={Link} to={screeningPath} size="sm" fw={600}>
          Review in the screening workspace
        </Anchor>
      </Text>
    </Alert>
  );
}
