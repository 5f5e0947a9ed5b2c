import { Badge } from '@mantine/core';
import type { ReviewState } from './settings-api';

const LOOK: Record<ReviewState, { label: string; color: string }> = {
  source: { label: 'published source', color: 'green' },
  brief: { label: 'program brief', color: 'blue' },
  'needs-review': { label: 'site default, needs review', color: 'yellow' },
  reviewed: { label: 'site default, reviewed', color: 'teal' },
};

/** Where a protocol value stands: sourced, from the brief, or a site default (needs review until signed). */
export function ReviewStateBadge({ state }: { state: ReviewState }) {
  const look = LOOK[state] ?? { label: state, color: 'gray' };
  return (
    <Badge size="sm" variant="light" color={look.color} style={{ whiteSpace: 'nowrap', maxWidth: 'none', overflow: 'visible' }}>
      {look.label}
    </Badge>
  );
}
