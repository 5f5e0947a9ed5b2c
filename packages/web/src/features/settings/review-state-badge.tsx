import { Badge } from '@mantine/core';
import type { ProtocolReviewState } from './settings-api';

const LOOK: Record<ProtocolReviewState, { label: string; color: string }> = {
  source: { label: 'published source', color: 'green' },
  brief: { label: 'program brief', color: 'blue' },
  'needs-review': { label: 'site default, needs review', color: 'yellow' },
  reviewed: { label: 'site default, reviewed', color: 'teal' },
};

/** Where a protocol value stands: sourced, from the brief, or a site default (needs review until signed). */
export function ReviewStateBadge({ state }: { state: ProtocolReviewState }) {
  const look = LOOK[state];
  return (
    <Badge size="sm" variant="light" color={look.color} style={{ whiteSpace: 'nowrap', maxWidth: 'none', overflow: 'visible' }}>
      {look.label}
    </Badge>
  );
}
