import { Badge } from '@mantine/core';
import { DECISION_COLOR, DECISION_LABEL } from './check-labels';
import type { Decision } from './screening-api';

export function DecisionBadge({ decision, size = 'lg' }: { decision: Decision; size?: 'sm' | 'md' | 'lg' | 'xl' }) {
  return (
    <Badge size={size} color={DECISION_COLOR[decision] ?? 'gray'} data-testid="decision-badge">
      {DECISION_LABEL[decision] ?? decision}
    </Badge>
  );
}
