import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { ReasonModal } from '../../ui/reason-modal';
import { useRoles } from '../../ui/use-roles';
import { adverseEventKindLabel, closeReview, getReviewQueue, type QueuedAdverseEvent } from './adverse-events-api';
import { AdverseEventLogLink } from './review-queue-badge';
import { LoadError } from '../../ui/load-error';

const SEVERITY_COLORS: Record<string, string> = { mild: 'yellow', moderate: 'orange', severe: 'red' };
const kindLabel = adverseEventKindLabel;

/**
 * /adverse-events/review: the medical director's queue of serious adverse events not yet reviewed,
 * oldest first, each with the patient, what happened, when, and the action taken, a link to the
 * session, and Close review with a note (required).
 */
export function ReviewQueuePage() {
  const { has } = useRoles();
  if (!has('medical-director')) {
    return (
      <Stack maw={640} data-testid="review-queue-refused">
        <Title order={2}>Adverse-event review</Title>
        <Alert color="yellow" title="For medical directors">
          Serious adverse events are reviewed by the site’s medical director. Report an adverse event from the session console.
        </Alert>
      </Stack>
    );
  }
  return <ReviewQueue />;
}

function ReviewQueue() {
  const queue = useResource('adverse-event-review-queue', getReviewQueue, 'The review queue could not be loaded.');
  const [closing, setClosing] = useState<QueuedAdverseEvent>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [closed, setClosed] = useState<string[]>([]);
  const items = (queue.data?.items ?? []).filter((i) => !closed.includes(i.id));

  const close = async (note: string) => {
    if (closing === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await closeReview(closing.id, note);
      setClosed((c) => [...c, closing.id]);
      setClosing(undefined);
      queue.reload();
    } catch (e) {
      setError(errorText(e, 'The review was not closed. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack data-testid="review-queue">
      <Group justify="space-between" align="flex-end">
        <div>
          <Anchor component={Link} to="/today" size="sm">
            ‹ Today
          </Anchor>
          <Title order={2}>Serious adverse events awaiting review</Title>
          <Text size="sm" c="dimmed">
            Oldest first. Open the session to read its vitals, alerts and infusion events, then close the review with your note; the note
            stays with the event.
          </Text>
          <AdverseEventLogLink />
        </div>
        {queue.data !== undefined && (
          <Badge size="xl" color={items.length === 0 ? 'green' : 'red'} variant="light" data-testid="review-queue-count">
            {items.length} awaiting
          </Badge>
        )}
      </Group>
      {queue.state.status === 'loading' && queue.data === undefined && <Loader aria-label="Loading the review queue" />}
      <LoadError state={queue.state} />
      {queue.data !== undefined && items.length === 0 && (
        <Alert color="green" title="Nothing to review" data-testid="review-queue-empty">
          Every serious adverse event has been reviewed.
        </Alert>
      )}
      {items.map((a) => (
        <Paper key={a.id} withBorder radius="md" p="md" data-testid="review-item" data-id={a.id}>
          <Stack gap="xs">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Group gap="sm">
                <Text fw={700} size="lg">
                  {kindLabel(a.kind)}
                </Text>
                <Badge color={SEVERITY_COLORS[a.severity] ?? 'gray'} variant="filled">
                  {a.severity}
                </Badge>
                <Badge color="red" variant="outline">
                  serious
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                occurred {formatInstant(a.occurredAt)}
              </Text>
            </Group>
            <SimpleGrid cols={2} spacing="md">
              <div>
                <Text size="xs" c="dimmed" tt="uppercase">
                  Patient
                </Text>
                <Anchor component={Link} to={`/patients/${a.patient.id}`} fw={600}>
                  {a.patient.name}
                </Anchor>
                {a.patient.mrn !== null && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    · {a.patient.mrn}
                  </Text>
                )}
              </div>
              <div>
                <Text size="xs" c="dimmed" tt="uppercase">
                  Reported by
                </Text>
                <Text size="sm">{a.reportedBy}</Text>
              </div>
            </SimpleGrid>
            {a.description !== null && a.description !== '' && <Text size="sm">{a.description}</Text>}
            <div>
              <Text size="xs" c="dimmed" tt="uppercase">
                Action taken
              </Text>
              <Text size="sm">{a.actionTaken}</Text>
            </div>
            <Group justify="flex-end" gap="sm">
              <Button component={Link} to={`/sessions/${a.sessionId}`} variant="default" size="md">
                Open the session
              </Button>
              <Button
                size="md"
                onClick={() => {
                  setError(undefined);
                  setClosing(a);
                }}
              >
                Close review…
              </Button>
            </Group>
          </Stack>
        </Paper>
      ))}
      <ReasonModal
        opened={closing !== undefined}
        title={closing === undefined ? 'Close the review' : `Close the review: ${kindLabel(closing.kind)}, ${closing.patient.name}`}
        label="Review note (required): what you reviewed and what you concluded"
        confirm="Close review"
        busy={busy}
        error={error}
        onClose={() => setClosing(undefined)}
        onSubmit={(note) => void close(note)}
      />
    </Stack>
  );
}
