import type { SessionUser } from '@kairos/api';
import { Fieldset, NativeSelect, SimpleGrid, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { CARE_TEAM_ROLES, listStaff, type CareTeamRole, type StaffDirectoryEntry } from './patients-api';

export type CareTeamChoice = Partial<Record<CareTeamRole, string>>;

const LABELS: Record<CareTeamRole, string> = { prescriber: 'Prescriber', therapist: 'Therapist', nurse: 'Nurse' };

function useStaff(): Record<CareTeamRole, StaffDirectoryEntry[]> | 'unavailable' | undefined {
  const [staff, setStaff] = useState<Record<CareTeamRole, StaffDirectoryEntry[]> | 'unavailable'>();
  useEffect(() => {
    let current = true;
    Promise.all(CARE_TEAM_ROLES.map((r) => listStaff(r))).then(
      ([prescriber, therapist, nurse]) =>
        current && setStaff({ prescriber: prescriber?.items ?? [], therapist: therapist?.items ?? [], nurse: nurse?.items ?? [] }),
      () => current && setStaff('unavailable'),
    );
    return () => {
      current = false;
    };
  }, []);
  return staff;
}

/** One person per care-team role, picked from the staff with that role (each optional). */
export function CareTeamFields({
  value,
  onChange,
  error,
}: {
  value: CareTeamChoice;
  onChange: (v: CareTeamChoice) => void;
  error?: string;
}) {
  const staff = useStaff();
  if (staff === undefined) return null;
  if (staff === 'unavailable') {
    return (
      <Text size="sm" c="dimmed">
        The staff list could not be loaded: the care team can be set later.
      </Text>
    );
  }
  return (
    <Fieldset legend="Care team" variant="unstyled">
      <SimpleGrid cols={3}>
        {CARE_TEAM_ROLES.map((role) => (
          <NativeSelect
            key={role}
            label={LABELS[role]}
            value={value[role] ?? ''}
            onChange={(e) => onChange({ ...value, [role]: e.currentTarget.value === '' ? undefined : e.currentTarget.value })}
            data={[{ value: '', label: 'None yet' }, ...staff[role].map((s) => ({ value: s.id, label: s.displayName }))]}
          />
        ))}
      </SimpleGrid>
      {error !== undefined && (
        <Text size="sm" c="red" mt={4}>
          {error}
        </Text>
      )}
    </Fieldset>
  );
}

/** The new patient's care team starts with the person creating them, in each care role they hold. */
export function initialCareTeam(user: Pick<SessionUser, 'id' | 'roles'> | undefined): CareTeamChoice {
  const out: CareTeamChoice = {};
  for (const role of CARE_TEAM_ROLES) if (user?.roles.includes(role)) out[role] = user.id;
  return out;
}

export function toCareTeam(choice: CareTeamChoice): { role: CareTeamRole; userId: string }[] {
  return CARE_TEAM_ROLES.flatMap((role) => (choice[role] === undefined ? [] : [{ role, userId: choice[role] }]));
}
