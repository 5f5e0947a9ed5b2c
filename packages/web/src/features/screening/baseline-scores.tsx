import { Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { BASELINE_VALID_DAYS } from '@kairos/core';
import { Link } from 'react-router';
import { formatInstant, useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { instrumentName, MAX_TOTAL, resultText } from '../measures/labels';
import { listResponses, type QuestionnaireResponse } from '../measures/measures-api';

/** The baseline questionnaires screening reads, in the order a decider reads them. */
const BASELINE = ['pcl5-month', 'phq9', 'gad7', 'cssrs'] as const;

const DAY_MS = 86_400_000;

/**
 * The patient's latest baseline questionnaires beside the screening checks (issue 22, Must 2): the
 * baseline opens at referral so the decision has a PCL-5 in hand. An answer older than the
 * baseline's validity (`BASELINE_VALID_DAYS`, protocol-defaults.md) is marked: it is asked again
 * before day 1.
 */
export function BaselineScores({ patientId }: { patientId: string }) {
  const responses = useResource(`responses:${patientId}`, () => listResponses(patientId), 'The questionnaires could not be loaded.');
  if (responses.state.status === 'error') return <LoadError state={responses.state} />;
  const items = responses.data?.items ?? [];
  const latest = new Map<string, QuestionnaireResponse>();
  for (const r of [...items].sort((a, b) => b.completedAt.localeCompare(a.completedAt)))
    if (!latest.has(r.instrument)) latest.set(r.instrument, r);
  const now = Date.now();
  return (
    <Paper withBorder p="md" radius="md" data-testid="baseline-scores">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">
            Baseline questionnaires
          </Title>
          <Anchor component={Link} to={`/patients/${patientId}`} size="sm">
            All questionnaires
          </Anchor>
        </Group>
        <Table verticalSpacing={4} aria-label="Baseline questionnaires">
          <Table.Tbody>
            {BASELINE.map((id) => {
              const r = latest.get(id);
              const old = r !== undefined && now - Date.parse(r.completedAt) > BASELINE_VALID_DAYS * DAY_MS;
              return (
                <Table.Tr key={id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {instrumentName(id)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {r === undefined ? (
                      <Text size="sm" c="dimmed">
                        not answered yet
                      </Text>
                    ) : (
                      <Stack gap={0}>
                        <Text size="sm">
                          {r.total !== null ? `${r.total}${MAX_TOTAL[id] === undefined ? '' : ` of ${MAX_TOTAL[id]}`} · ` : ''}
                          {resultText(r.score)}
                        </Text>
                        <Group gap={6}>
                          <Text size="xs" c="dimmed">
                            {formatInstant(r.completedAt)}
                          </Text>
                          {old && (
                            <Badge size="xs" color="orange" variant="light">
                              older than {BASELINE_VALID_DAYS} days
                            </Badge>
                          )}
                        </Group>
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
