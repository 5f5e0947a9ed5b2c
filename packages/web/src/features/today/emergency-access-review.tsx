import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatInstant, errorText, useResource } from '../../api/use-resource';
import type { LiveEvent } from '../../api/use-live-view';
import { LoadError } from '../../ui/load-error';
import { ReasonModal } from '../../ui/reason-modal';
import { useRoles } from '../../ui/use-roles';
import { listEmergencyAccesses, reviewEmergencyAccess, type EmergencyAccess } from '../emergency-access/emergency-access-api';
import { roleLabel } from '../sign-in/sign-in-types';
import { useReloadWhenUnlocked } from './today-measures';

/** On Today, for medical directors only: the site's emergency accesses awaiting their review. */
export function EmergencyAccessReview({ lastEvent }: { lastEvent: LiveEvent | undefined }) {
  const { has } = useRoles();
  return has('medical-director') ? <DirectorReviewCard lastEvent={lastEvent} /> : null;
}

function DirectorReviewCard({ lastEvent }: { lastEvent: LiveEvent | undefined }) {
  const list = useResource('emergency-access-review', listEmergencyAccesses, 'Emergency access to review could not be loaded.');
  const { reload } = list;
  // Opened or reviewed at the site (heard on the board's stream): reload.
  useReloadWhenUnlocked(lastEvent?.type === 'emergency-access' ? lastEvent.id : undefined, reload);
  const [reviewing, setReviewing] = useState<EmergencyAccess | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  if (list.state.status === 'error') return <LoadError state={list.state} />;
  const awaiting = (list.data?.items ?? []).filter((a) => a.review === null);
  if (list.data === undefined) return null;
  if (awaiting.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="emergency-access-review-none">
        No emergency access to review
      </Text>
    );
  }
  return (
    <Card
      withBorder
      radius="md"
      data-testid="emergency-access-review"
      style={{ borderColor: 'var(--mantine-color-orange-6)', borderWidth: 2 }}
    >
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={4}>Emergency access to review</Title>
          <Badge color="orange" variant="filled">
            {awaiting.length}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          Records opened outside the care team (“break the glass”). Check each reason, then record your review.
        </Text>
        {awaiting.map((a) => (
          <Card key={a.id} withBorder radius="sm" padding="sm" data-testid="emergency-access-item">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={2}>
                <Text size="sm">
                  <Text span fw={600}>
                    {a.clinician.displayName}
                  </Text>{' '}
                  ({a.clinician.roles.map(roleLabel).join(', ')}) opened{' '}
                  <Anchor component={Link} to={`/patients/${a.patient.id}`} fw={600}>
                    {a.patient.name}
                  </Anchor>{' '}
                  <Text span c="dimmed" size="xs">
                    MRN {a.patient.mrn}
                  </Text>
                </Text>
                <Text size="sm">
                  at {formatInstant(a.openedAt)} · {a.active ? 'open' : 'ended'} until {formatInstant(a.expiresAt)}
                </Text>
                <Text size="sm" data-testid="emergency-access-reason">
                  Reason: “{a.reason}”
                </Text>
              </Stack>
              <Button
                variant="light"
                color="orange"
                onClick={() => {
                  setError(undefined);
                  setReviewing(a);
                }}
              >
                Review
              </Button>
            </Group>
          </Card>
        ))}
      </Stack>
      <ReasonModal
        opened={reviewing !== undefined}
        title={reviewing === undefined ? 'Review' : `Review: ${reviewing.clinician.displayName} opened ${reviewing.patient.name}`}
        label="Your review note (what you checked, what follows)"
        confirm="Record the review"
        busy={busy}
        error={error}
        onClose={() => setReviewing(undefined)}
        onSubmit={(note) => {
          if (reviewing === undefined) return;
          setBusy(true);
          reviewEmergencyAccess(reviewing.id, note).then(
            () => {
              setBusy(false);
              setReviewing(undefined);
              reload();
            },
            (err: unknown) => {
              setBusy(false);
              setError(errorText(err, 'The review could not be recorded. Try again.'));
            },
          );
        }}
      />
    </Card>
  );
}
