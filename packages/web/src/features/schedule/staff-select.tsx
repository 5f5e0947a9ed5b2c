import { NativeSelect } from '@mantine/core';
import { roleName } from './labels';
import type { ProgramRole } from '@kairos/core';
import type { StaffDirectoryEntry } from './schedule-api';

/** A picker of the staff who may fill one role. */
export function StaffSelect({
  role,
  pool,
  value,
  onChange,
  label,
}: {
  role: ProgramRole;
  pool: StaffDirectoryEntry[];
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  label?: string;
}) {
  return (
    <NativeSelect
      size="xs"
      label={label ?? roleName(role)}
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
      data={[{ value: '', label: 'Choose…' }, ...pool.map((s) => ({ value: s.id, label: s.displayName }))]}
    />
  );
}
