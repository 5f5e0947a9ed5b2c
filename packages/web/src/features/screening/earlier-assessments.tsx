import { Accordion, Group, List, Text } from '@mantine/core';
import { formatInstant } from '../../api/use-resource';
import { checkLabel } from './check-labels';
import { DecisionBadge } from './decision-badge';
import type { ScreeningAssessment } from './screening-api';

/** Assessments computed before the current one, collapsed: when, the decision, what did not pass. */
export function EarlierAssessments({
  items,
  conditionTitle,
}: {
  items: ScreeningAssessment[];
  conditionTitle: (code: string) => string | undefined;
}) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        None: this is the first assessment.
      </Text>
    );
  }
  return (
    <Accordion variant="contained" data-testid="earlier-assessments">
      {items.map((a) => {
        const open = a.checks.filter((c) => c.outcome !== 'pass');
        return (
          <Accordion.Item key={a.id} value={a.id}>
            <Accordion.Control>
              <Group gap="sm">
                <DecisionBadge decision={a.decision} size="sm" />
                <Text size="sm">
                  {formatInstant(a.computedAt)} (as of {a.asOf})
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              {open.length === 0 ? (
                <Text size="sm">Every check passed.</Text>
              ) : (
                <List size="sm">
                  {open.map((c) => (
                    <List.Item key={c.id}>
                      {checkLabel(c.id, conditionTitle)}: <b>{c.outcome}</b>, {c.message}
                    </List.Item>
                  ))}
                </List>
              )}
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}
