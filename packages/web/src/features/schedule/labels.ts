/** Words for the schedule's roles, event kinds and clash rules. */
import { WEEKDAYS } from '@kairos/api';
import type { ProgramEventKind, ProgramRole } from '@kairos/core';
import type { ScheduleClashRule } from './schedule-api';

const ROLES: Record<ProgramRole, string> = { 'licensed-iv-runner': 'IV runner', therapist: 'Therapist', prescriber: 'Prescriber' };
const KINDS: Record<ProgramEventKind, string> = {
  assessment: 'Assessment',
  preparation: 'Preparation',
  intention: 'Intention',
  dosing: 'Dosing',
  integration: 'Integration',
  review: 'Review',
};
const KIND_COLORS: Record<ProgramEventKind, string> = {
  dosing: 'grape',
  assessment: 'blue',
  preparation: 'cyan',
  intention: 'teal',
  integration: 'indigo',
  review: 'green',
};
const RULES: Record<ScheduleClashRule, string> = {
  'chair-double-booked': 'Chair double-booked',
  'room-double-booked': 'Room double-booked',
  'staff-double-booked': 'Staff double-booked',
  'infusions-per-runner': 'Too many infusions for one runner',
  'role-missing': 'Role missing',
  'role-not-held': 'Role not held',
  'closed-day': 'Site closed',
  'credential-lapsed': 'Credential lapsed',
  'inactive-resource': 'Inactive chair or room',
};

export const roleName = (role: string): string => ROLES[role as ProgramRole] ?? role;
export const kindName = (kind: string): string => KINDS[kind as ProgramEventKind] ?? kind;
export const kindColor = (kind: string): string => KIND_COLORS[kind as ProgramEventKind] ?? 'gray';
export const ruleName = (rule: string): string => RULES[rule as ScheduleClashRule] ?? rule;

/** "every day", or "Mon, Tue, Wed" in week order. */
export function workingDaysText(days: readonly string[]): string {
  if (WEEKDAYS.every((d) => days.includes(d))) return 'every day';
  return WEEKDAYS.filter((d) => days.includes(d))
    .map((d) => d[0]?.toUpperCase() + d.slice(1))
    .join(', ');
}
