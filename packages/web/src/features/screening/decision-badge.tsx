import { Badge } from '@mantine/core';
import { DECISION_COLOR, DECISION_LABEL } from './check-labels';
import type { ScreeningDecision } from '@kairos/core';

export function DecisionBadge({ decision, size = 'lg' }: { decision: ScreeningDecision; size?: 'sm' | 'md' | 'lg' | 'xl' }) {
  return (
    <Badge size={size} color={DECISION_COLOR[decision]} data-testid="decision-badge">
      {DECISION_LABEL[decision]}
    </Badge>
  );
}
