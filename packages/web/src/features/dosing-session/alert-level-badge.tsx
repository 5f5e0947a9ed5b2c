import { Badge } from '@mantine/core';
import type { AlertLevel } from '@kairos/core';
import { LEVEL_INFO } from './labels';
import { StatusIcon } from './status-icon';

/** An alert level as symbol and words (colour only repeats what the text says). */
export function AlertLevelBadge({ level, size = 'md' }: { level: AlertLevel; size?: 'sm' | 'md' | 'lg' }) {
  const info = LEVEL_INFO[level];
  return (
    <Badge
      color={info.color}
      variant={level === 'warn' ? 'light' : 'filled'}
      size={size}
      data-level={level}
      leftSection={<StatusIcon name={level} />}
      style={{ flexShrink: 0 }}
    >
      {info.label}
    </Badge>
  );
}

/** The "pause recommended" marker of a session. */
export function PauseRecommendedBadge({ size = 'md' }: { size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color="red"
      variant="filled"
      size={size}
      data-testid="pause-recommended"
      leftSection={<StatusIcon name="pause" />}
      style={{ flexShrink: 0 }}
    >
      Pause recommended
    </Badge>
  );
}
