import { Anchor, Collapse, List, Stack, Text } from '@mantine/core';
import type { RecordCorrection } from '@kairos/api';
import { useState } from 'react';
import { formatInstant } from '../api/use-resource';

/**
 * A record's corrections in plain words (an adverse event, a questionnaire's date): how often it
 * was corrected, what it was first recorded as, and each correction with who, when, why and what
 * changed. `fieldName` and `valueText` put the feature's fields and values into words.
 */
export function CorrectionHistory({
  corrections,
  fieldName,
  valueText,
  testId = 'correction-history',
}: {
  corrections: readonly RecordCorrection[];
  fieldName: (field: string) => string;
  valueText: (field: string, value: string | null) => string;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  if (corrections.length === 0) return null;
  // The first correction's values before it are the record as first made.
  const original = new Map<string, string | null>();
  for (const c of corrections) for (const ch of c.changes) if (!original.has(ch.field)) original.set(ch.field, ch.before);
  return (
    <Stack gap={2} data-testid={testId}>
      <Anchor component="button" type="button" size="xs" onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide corrections' : `Corrected ${corrections.length === 1 ? 'once' : `${corrections.length} times`}: show the history`}
      </Anchor>
      <Collapse expanded={open}>
        <Stack gap={4}>
          <Text size="xs">
            First recorded as:{' '}
            {[...original.entries()].map(([field, value]) => `${fieldName(field)} ${valueText(field, value)}`).join('; ')}
          </Text>
          <List size="xs" spacing={2}>
            {corrections.map((c, i) => (
              <List.Item key={i} data-testid="correction">
                {formatInstant(c.at)}, {c.by}:{' '}
                {c.changes
                  .map((ch) => `${fieldName(ch.field)} ${valueText(ch.field, ch.before)} → ${valueText(ch.field, ch.after)}`)
                  .join('; ')}
                . Reason: {c.reason}
              </List.Item>
            ))}
          </List>
        </Stack>
      </Collapse>
    </Stack>
  );
}
