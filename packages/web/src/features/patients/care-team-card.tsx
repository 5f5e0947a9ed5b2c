import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { CareTeamMember } from './patients-api';

const ROLES: { role: CareTeamMember['role']; label: string }[] = [
  { role: 'prescriber', label: 'Prescriber' },
  { role: 'therapist', label: 'Therapist' },
  { role: 'nurse', label: 'Nurse' },
];

/** The patient's care team, role by role; a role nobody fills says so. */
export function CareTeamCard({ careTeam }: { careTeam: CareTeamMember[] }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="xs">
        <Title order={4}>Care team</Title>
        <Table aria-label="Care team">
          <Table.Tbody>
            {ROLES.map(({ role, label }) => {
              const members = careTeam.filter((m) => m.role === role);
              return (
                <Table.Tr key={role}>
                  <Table.Th w={120}>{label}</Table.Th>
                  <Table.Td>
                    {members.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        None assigned
                      </Text>
                    ) : (
                      members.map((m) => m.displayName).join(', ')
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
