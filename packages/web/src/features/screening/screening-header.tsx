import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { STATE_COLORS, stateLabel, type Enrollment } from '../intake/intake-api';
import { patientName, type Patient } from '../patients/patients-api';

/** Who and what is being screened: the patient, MRN, program and where the enrollment stands. */
export function ScreeningHeader({
  patient,
  enrollment,
  printPath,
}: {
  patient: Patient | undefined;
  enrollment: Enrollment | undefined;
  printPath?: string;
}) {
  return (
    <Stack gap={4}>
      <Group gap="md" className="no-print">
        <Anchor component={Link} to={patient === undefined ? '/patients' : `/patients/${patient.id}`} size="sm">
          ← {patient === undefined ? 'Patients' : patientName(patient)}
        </Anchor>
        {printPath !== undefined && (
          <Anchor component={Link} to={printPath} size="sm">
            Printable summary
          </Anchor>
        )}
        {enrollment !== undefined && (
          <Anchor component={Link} to={`/settings/sites/${enrollment.siteId}/protocol`} size="sm">
            Site protocol
          </Anchor>
        )}
      </Group>
      <Group gap="sm">
        <Title order={2}>Screening{patient === undefined ? '' : `: ${patientName(patient)}`}</Title>
        {patient !== undefined && (
          <Badge variant="outline" ff="monospace">
            MRN {patient.mrn}
          </Badge>
        )}
        {enrollment !== undefined && (
          <Badge color={STATE_COLORS[enrollment.state]} data-testid="enrollment-state">
            {stateLabel(enrollment.state)}
          </Badge>
        )}
      </Group>
      {enrollment !== undefined && (
        <Text c="dimmed" size="sm">
          {enrollment.programTitle}
        </Text>
      )}
    </Stack>
  );
}
