import { Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Text } from '@mantine/core';
import type { MemberDraft } from './cohort-plan';
import { PROGRAM_ROLES } from '@kairos/api';
import type { EnrollmentSearchItem } from './schedule-api';
import { StaffSelect } from './staff-select';
import type { StaffPools } from './use-schedule-data';

interface Props {
  enrollment: EnrollmentSearchItem;
  draft: MemberDraft;
  chairs: { id: string; label: string }[];
  rooms: { id: string; label: string }[];
  pools: StaffPools | undefined;
  onChange: (draft: MemberDraft) => void;
}

/** One patient of the cohort: included or not, their chair, room and staff. */
export function CohortMemberCard({ enrollment, draft, chairs, rooms, pools, onChange }: Props) {
  const name = enrollment.patient.name;
  return (
    <Fieldset legend={name} aria-label={name} data-testid="cohort-member" p="sm">
      <Group justify="space-between" mb={draft.included ? 'xs' : 0}>
        <Checkbox
          label={`Include ${name} in this cohort`}
          checked={draft.included}
          onChange={(e) => onChange({ ...draft, included: e.currentTarget.checked })}
        />
        <Text size="xs" c="dimmed" ff="monospace">
          MRN {enrollment.patient.mrn}
        </Text>
      </Group>
      {draft.included && (
        <SimpleGrid cols={5} spacing="xs">
          <NativeSelect
            size="xs"
            label="Chair"
            value={draft.chairId}
            onChange={(e) => onChange({ ...draft, chairId: e.currentTarget.value })}
            data={[{ value: '', label: 'Choose…' }, ...chairs.map((c) => ({ value: c.id, label: c.label }))]}
          />
          <NativeSelect
            size="xs"
            label="Room"
            value={draft.roomId}
            onChange={(e) => onChange({ ...draft, roomId: e.currentTarget.value })}
            data={[{ value: '', label: 'Choose…' }, ...rooms.map((r) => ({ value: r.id, label: r.label }))]}
          />
          {PROGRAM_ROLES.map((role) => (
            <StaffSelect
              key={role}
              role={role}
              pool={pools?.[role] ?? []}
              value={draft.staff[role]}
              onChange={(id) => onChange({ ...draft, staff: { ...draft.staff, [role]: id } })}
            />
          ))}
        </SimpleGrid>
      )}
    </Fieldset>
  );
}
