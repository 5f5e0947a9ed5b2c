import { Badge } from '@mantine/core';
import type { NoteState } from './notes-api';

/** Draft (orange) or Signed (green), the same everywhere. */
export function NoteStateBadge({ state }: { state: NoteState }) {
  return state === 'signed' ? (
    <Badge color="green" variant="light">
      Signed
    </Badge>
  ) : (
    <Badge color="orange" variant="light">
      Draft
    </Badge>
  );
}
