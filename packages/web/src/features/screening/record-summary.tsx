import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { ConditionCodes } from '../intake/conditions-card';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatInstant } from '../../api/use-resource';
import { allergyTypeLabel, conditionName, isMonitoringOnly } from '../intake/fact-words';
import type { ConditionRef, Enrollment, PatientDetails } from '../intake/intake-api';
import { diagnosisText } from '../intake/diagnosis-text';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <Text size="sm" fw={600} w={110} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <div style={{ flex: 1 }}>{children}</div>
    </Group>
  );
}

const none = (
  <Text size="sm" c="dimmed" span>
    none recorded
  </Text>
);

/** What screening reads from the patient's record and consent (edited on the patient page). */
export function RecordSummary({
  patientId,
  details,
  enrollment,
  conditionRef,
}: {
  patientId: string;
  details: PatientDetails | undefined;
  enrollment: Enrollment | undefined;
  conditionRef: (code: string) => ConditionRef | undefined;
}) {
  const latestBp = [...(details?.vitals ?? [])]
    .filter((v) => typeof v.systolic === 'number' && typeof v.diastolic === 'number')
    .sort((a, b) => b.measuredAt.localeCompare(a.measuredAt))[0];
  return (
    <Paper withBorder p="md" radius="md" data-testid="record-summary">
      <Stack gap={6}>
        <Group justify="space-between">
          <Title order={4}>From the patient’s record</Title>
          <Anchor component={Link} to={`/patients/${patientId}`} size="sm" className="no-print">
            Edit on the patient page
          </Anchor>
        </Group>
        <Row label="Diagnoses">
          {details === undefined || details.diagnoses.length === 0 ? (
            none
          ) : (
            <Text size="sm">{details.diagnoses.map((d) => diagnosisText(d.data)).join('; ')}</Text>
          )}
        </Row>
        <Row label="Conditions">
          {details === undefined || details.conditions.length === 0 ? (
            none
          ) : (
            <Stack gap={0}>
              {details.conditions.map((c) => {
                const ref = conditionRef(c.data.code);
                return (
                  <div key={c.id}>
                    <Text size="sm">
                      {conditionName(ref, c.data.code)}
                      {c.data.severe === true ? ' (severe)' : ''}
                      {isMonitoringOnly(ref) && (
                        <Text span size="xs" c="blue">
                          {' '}
                          · monitoring only: closer blood-pressure checks at dosing sessions
                        </Text>
                      )}
                    </Text>
                    <ConditionCodes condition={ref} />
                  </div>
                );
              })}
            </Stack>
          )}
        </Row>
        <Row label="Allergies">
          {details === undefined || details.allergies.length === 0 ? (
            none
          ) : (
            <Stack gap={2} data-testid="summary-allergies">
              {details.allergies.map((a) => (
                <Group key={a.id} gap={6} wrap="nowrap" align="baseline">
                  <Badge
                    size="xs"
                    variant="light"
                    color={allergyTypeLabel(a.data) === 'Intolerance' ? 'yellow' : 'red'}
                    style={{ flexShrink: 0 }}
                  >
                    {allergyTypeLabel(a.data)}
                  </Badge>
                  <Text size="sm">
                    <b>{a.data.substance}</b>
                    {a.data.reaction !== undefined && a.data.reaction !== '' ? `: ${a.data.reaction}` : ''}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Row>
        <Row label="Medications">
          {details === undefined || details.medications.length === 0 ? (
            none
          ) : (
            <Text size="sm">{details.medications.map((m) => m.data.name).join(', ')}</Text>
          )}
        </Row>
        <Row label="Latest BP">
          {latestBp === undefined ? (
            none
          ) : (
            <Text size="sm">
              {latestBp.systolic}/{latestBp.diastolic} mmHg, {formatInstant(latestBp.measuredAt)}
            </Text>
          )}
        </Row>
        <Row label="Consent">
          {enrollment?.consent.signed === true ? (
            <Text size="sm" c="teal" fw={600}>
              version {enrollment.consent.documentVersion} signed {formatInstant(enrollment.consent.signedAt)}
            </Text>
          ) : (
            <Badge color="yellow" variant="light">
              not signed
            </Badge>
          )}
        </Row>
      </Stack>
    </Paper>
  );
}
