import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useResource } from '../../api/use-resource';
import { EnrollmentCard } from './enrollment-card';
import { listEnrollments } from './intake-api';
import { PortalLinkModal } from './portal-link-modal';
import { ReferModal } from './refer-modal';
import { useSites } from './use-site-names';
import { LoadError } from '../../ui/load-error';

/** The patient's enrollments, newest first, with Refer and Create portal link. */
export function EnrollmentsPanel({ patientId, factsVersion = 0 }: { patientId: string; factsVersion?: number }) {
  // A change of the patient's facts recomputes screening (and may put an enrollment on hold): load again.
  const { state, data, reload } = useResource(
    `enrollments:${patientId}:${factsVersion}`,
    () => listEnrollments(patientId),
    'The enrollments could not be loaded.',
  );
  const { name } = useSites();
  const [referring, setReferring] = useState(false);
  const [portal, setPortal] = useState(false);
  return (
    <Stack gap="sm" data-testid="enrollments">
      <Group justify="space-between">
        <Title order={3}>Enrollments</Title>
        <Group gap="xs" className="no-print">
          <Button variant="light" onClick={() => setPortal(true)}>
            Create portal link
          </Button>
          <Button onClick={() => setReferring(true)}>Refer to a program</Button>
        </Group>
      </Group>
      {state.status === 'loading' && data === undefined && <Loader size="sm" aria-label="Loading enrollments" />}
      <LoadError state={state} />
      {data !== undefined && data.items.length === 0 && <Text c="dimmed">Not enrolled in any program yet.</Text>}
      {data?.items.map((e) => (
        <EnrollmentCard
          key={e.id}
          patientId={patientId}
          enrollment={e}
          siteName={name(e.siteId)}
          onChanged={reload}
          factsVersion={factsVersion}
        />
      ))}
      <ReferModal patientId={patientId} opened={referring} onClose={() => setReferring(false)} onCreated={reload} />
      <PortalLinkModal patientId={patientId} opened={portal} onClose={() => setPortal(false)} />
    </Stack>
  );
}
