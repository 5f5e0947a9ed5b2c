import { Alert, Anchor, Button, Container, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { formatInstant, useResource } from '../../api/use-resource';
import { getSiteContent } from '../measures/measures-api';
import { getPatient, patientName } from '../patients/patients-api';
import { getDosingSession } from './dosing-session-api';
import { LoadError } from '../../ui/load-error';

/** Text the site wrote, one paragraph or list item per line. */
function Written({ body }: { body: string }) {
  return (
    <Stack gap={6}>
      {body
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((line, i) => (
          <Text key={i} size="lg">
            {line}
          </Text>
        ))}
    </Stack>
  );
}

/**
 * /sessions/:id/discharge-instructions: the patient's discharge instructions on paper (the site's
 * text from Settings, with the crisis resources), printed at discharge; the portal shows the same.
 */
export function DischargeInstructionsPage() {
  const { id = '' } = useParams();
  const load = useCallback(async () => {
    const session = await getDosingSession(id);
    const [patient, content] = await Promise.all([getPatient(session.patientId), getSiteContent(session.siteId)]);
    return { session, patient, content };
  }, [id]);
  const { state, data } = useResource(`discharge-instructions-${id}`, load, 'The discharge instructions could not be loaded.');
  if (state.status === 'error') return <LoadError state={state} />;
  if (data === undefined) return <Loader aria-label="Loading discharge instructions" m="xl" />;
  const body = (key: string) => data.content.items.find((c) => c.key === key)?.body;
  const instructions = body('discharge-instructions');
  const crisis = body('crisis-resources');
  return (
    <Container size="md" py="md" data-testid="discharge-instructions">
      <Group justify="space-between" className="no-print" mb="md">
        <Anchor component={Link} to={`/sessions/${id}`} size="sm">
          ← Back to the session
        </Anchor>
        <Button onClick={() => window.print()}>Print</Button>
      </Group>
      <Stack gap="md">
        <Title order={2}>After your session today</Title>
        <Text>
          {patientName(data.patient)}
          {data.session.infusionStartedAt === null ? '' : ` · infusion started ${formatInstant(data.session.infusionStartedAt)}`}
        </Text>
        {instructions === undefined ? (
          <Alert color="orange" title="This clinic has not written its discharge instructions yet" className="no-print">
            A medical director or administrator writes them in Settings → Patient content. Until then, give the patient the clinic’s paper
            instructions.
          </Alert>
        ) : (
          <Written body={instructions} />
        )}
        <Divider />
        <Title order={3}>If you need help</Title>
        {crisis === undefined ? (
          <Text size="lg">Call the clinic. In an emergency call your local emergency number.</Text>
        ) : (
          <Written body={crisis} />
        )}
      </Stack>
    </Container>
  );
}
