/** The sign-in's shapes come from the contract (`@kairos/api`); role names for people. */
import type { Role } from '@kairos/api';

export type { DemoInfo, SectionId, SessionUser, StaffSession, StepUpResult } from '@kairos/api';

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  'medical-director': 'Medical director',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
  coordinator: 'Coordinator',
};

/** "medical-director" -> "Medical director". */
export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}
