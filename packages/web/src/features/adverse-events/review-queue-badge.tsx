import { Anchor, Button } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useResource } from '../../api/use-resource';
import type { LiveEvent } from '../../api/use-live-view';
import { useRoles } from '../../ui/use-roles';
import { getReviewQueue } from './adverse-events-api';

export const REVIEW_QUEUE_PATH = '/adverse-events/review';
export const ADVERSE_EVENT_LOG_PATH = '/adverse-events';

/** On the Today board and the review queue, for the clinicians who may read it: the link to the adverse events log. */
export function AdverseEventLogLink() {
  const { has } = useRoles();
  if (!has('medical-director', 'prescriber', 'nurse', 'therapist')) return null;
  return (
    <Anchor component={Link} to={ADVERSE_EVENT_LOG_PATH} size="sm" data-testid="adverse-event-log-link">
      Adverse events log: counts and CSV ›
    </Anchor>
  );
}

/** On the Today board, for medical directors: how many serious adverse events await their review, linking to the queue. */
export function ReviewQueueBadge({ lastEvent }: { lastEvent: LiveEvent | undefined }) {
  const { has } = useRoles();
  return has('medical-director') ? <DirectorQueueBadge lastEvent={lastEvent} /> : null;
}

function DirectorQueueBadge({ lastEvent }: { lastEvent: LiveEvent | undefined }) {
  const queue = useResource('adverse-event-review-queue', getReviewQueue);
  const { reload } = queue;
  // A serious adverse event reported at the site (heard on the board's stream) joins the queue.
  const serious = lastEvent?.type === 'adverse-event' && lastEvent.data.serious === true ? lastEvent.id : undefined;
  useEffect(() => {
    if (serious !== undefined) reload();
  }, [serious, reload]);
  const n = queue.data?.items.length;
  if (n === undefined) return null;
  if (n === 0) {
    return (
      <Anchor component={Link} to={REVIEW_QUEUE_PATH} size="sm" c="dimmed" data-testid="review-queue-link" data-count={0}>
        No serious adverse events awaiting review
      </Anchor>
    );
  }
  return (
    <Button
      component={Link}
      to={REVIEW_QUEUE_PATH}
      color="red"
      variant="light"
      size="md"
      data-testid="review-queue-link"
      data-count={n}
      style={{ alignSelf: 'flex-start' }}
    >
      {n} serious adverse event{n === 1 ? '' : 's'} awaiting your review ›
    </Button>
  );
}
