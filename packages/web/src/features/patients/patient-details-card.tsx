import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { sexLabel } from './patient-form';
import type { Patient } from './patients-api';

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text>{value === null || value === undefined || value === '' ? '—' : value}</Text>
    </div>
  );
}

export function PatientDetailsCard({ patient, onEdit }: { patient: Patient; onEdit: () => void }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Details</Title>
          <Button variant="light" size="xs" onClick={onEdit}>
            Edit
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 2, md: 3 }} data-testid="patient-details">
          <Field label="MRN" value={patient.mrn} />
          <Field label="Given name" value={patient.givenName} />
          <Field label="Family name" value={patient.familyName} />
          <Field label="Date of birth" value={patient.birthDate} />
          <Field label="Sex" value={sexLabel(patient.sex)} />
          <Field label="Phone" value={patient.phone} />
          <Field label="Email" value={patient.email} />
          <Field label="Address" value={patient.address} />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
