import { Alert, Button, Group, List, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { errorText, formatInstant } from '../../api/use-resource';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { DecisionBadge } from './decision-badge';
import type { ScreeningOutcome } from '@kairos/api';
import { decideScreening, type ScreeningView } from './screening-api';
import { FormError } from '../../ui/form-error';

type Outcome = ScreeningOutcome;

/** The computed decision, the prescriber's decision (Eligible / Ineligible after a step-up), and why a button is off. */
export function DecisionPanel({
  enrollmentId,
  screening,
  mayDecide,
  onDecided,
}: {
  enrollmentId: string;
  screening: ScreeningView;
  mayDecide: boolean;
  onDecided: (s: ScreeningView) => void;
}) {
  const [reason, setReason] = useState('');
  const [deciding, setDeciding] = useState<Outcome>();
  const [error, setError] = useState<string>();
  const { assessment, decision, canDecide } = screening;
  return (
    <Paper withBorder p="md" radius="md" data-testid="decision-panel">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={4}>Decision</Title>
            {assessment === null ? (
              <Text c="dimmed">Not computed yet: save the screening facts.</Text>
            ) : (
              <Group gap="xs">
                <Text size="sm">Computed from the facts:</Text>
                <DecisionBadge decision={assessment.decision} />
                <Text size="xs" c="dimmed">
                  {formatInstant(assessment.computedAt)}, as of {assessment.asOf}
                </Text>
              </Group>
            )}
          </Stack>
          {decision !== null && (
            <Alert
              color={decision.outcome === 'eligible' ? 'teal' : 'red'}
              title={`Decided: ${decision.outcome}`}
              data-testid="decision-made"
              maw={420}
            >
              {formatInstant(decision.at)} by {decision.by}
              {decision.reason !== null && decision.reason !== '' ? `: ${decision.reason}` : ''}
            </Alert>
          )}
        </Group>
        {decision === null && mayDecide && (
          <Stack gap="xs" className="no-print">
            <Textarea
              label="Reason (required for ineligible; optional note for eligible)"
              autosize
              minRows={1}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group>
              <Button color="teal" disabled={!canDecide.eligible} onClick={() => setDeciding('eligible')}>
                Eligible
              </Button>
              <Button
                color="red"
                variant="light"
                disabled={!canDecide.ineligible}
                onClick={() => {
                  if (reason.trim().length < 3) {
                    setError('An ineligible decision needs a reason: write it above.');
                    return;
                  }
                  setError(undefined);
                  setDeciding('ineligible');
                }}
              >
                Ineligible
              </Button>
            </Group>
            {(!canDecide.eligible || !canDecide.ineligible) && canDecide.why.length > 0 && (
              <div data-testid="cannot-decide">
                <Text size="sm" fw={600}>
                  {!canDecide.eligible && !canDecide.ineligible
                    ? 'No decision possible yet:'
                    : `${canDecide.eligible ? 'Ineligible' : 'Eligible'} is not possible yet:`}
                </Text>
                <List size="sm">
                  {canDecide.why.map((w) => (
                    <List.Item key={w}>{w}</List.Item>
                  ))}
                </List>
              </div>
            )}
            <FormError error={error} />
          </Stack>
        )}
        {decision === null && !mayDecide && (
          <Text size="sm" c="dimmed">
            A prescriber or medical director decides, after reviewing the checks.
          </Text>
        )}
      </Stack>
      <StepUpDialog
        opened={deciding !== undefined}
        onClose={() => setDeciding(undefined)}
        purpose="screening.decide"
        who="self"
        title={deciding === 'eligible' ? 'Decide: eligible' : 'Decide: ineligible'}
        description={`You decide that this patient is ${deciding ?? ''} for the program.`}
        onVerified={(token) => {
          const outcome = deciding;
          setDeciding(undefined);
          if (outcome === undefined) return;
          setError(undefined);
          decideScreening(enrollmentId, outcome, reason.trim() === '' ? undefined : reason.trim(), token).then(onDecided, (e: unknown) =>
            setError(errorText(e, 'The decision was not saved.')),
          );
        }}
      />
    </Paper>
  );
}
