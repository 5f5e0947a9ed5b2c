/**
 * The database schema as Kysely sees it. Kept in step with migrations/ by hand; the storage tests
 * write and read every table, so a drift fails there.
 *
 * @module
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** Facts about this installation: its id, when it was created, what the demo loader did. */
export interface KairosMetaTable {
  key: string;
  value: Json;
  updated_at: Generated<Date>;
}

export interface SiteTable {
  id: Generated<string>;
  name: string;
  time_zone: Generated<string>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  synthetic: Generated<boolean>;
  created_at: Generated<Date>;
}

export const ROLES = ['admin', 'medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  site_id: string | null;
  active: Generated<boolean>;
  synthetic: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  idle_timeout_seconds: number;
  absolute_expires_at: Timestamp;
  client_address: string | null;
  revoked_at: Timestamp | null;
}

export interface SigninAttemptTable {
  id: Generated<string>;
  email_key: string;
  client_address: string;
  succeeded: boolean;
  while_locked: Generated<boolean>;
  at: Timestamp;
}

export interface StepUpTable {
  token_hash: string;
  user_id: string;
  requested_by: string;
  purpose: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;

export interface PatientTable {
  id: Generated<string>;
  site_id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: ColumnType<string, string, string>;
  sex: Generated<(typeof SEXES)[number]>;
  phone: string | null;
  email: string | null;
  synthetic: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export const CARE_TEAM_ROLES = ['prescriber', 'therapist', 'nurse'] as const;
export type CareTeamRole = (typeof CARE_TEAM_ROLES)[number];

export interface CareTeamMemberTable {
  patient_id: string;
  role: CareTeamRole;
  user_id: string;
}

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

export interface AuditEventTable {
  seq: Generated<string>;
  at: Timestamp;
  user_id: string | null;
  user_roles: string[];
  action: string;
  record_type: string | null;
  record_id: string | null;
  patient_id: string | null;
  outcome: AuditOutcome;
  request_id: string | null;
  client_address: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface Database {
  kairos_meta: KairosMetaTable;
  site: SiteTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  signin_attempt: SigninAttemptTable;
  step_up: StepUpTable;
  patient: PatientTable;
  care_team_member: CareTeamMemberTable;
  audit_event: AuditEventTable;
}
