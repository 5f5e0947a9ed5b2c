import { sql, type Kysely } from 'kysely';

/**
 * A second factor for staff (HIPAA 164.312(d), person authentication): a TOTP secret per user,
 * encrypted at rest with a key kept outside the database (`KAIROS_MFA_KEY`), confirmed by a first
 * code before it counts; ten single-use recovery codes stored only as argon2id hashes; and, on each
 * sign-in, whether its second factor was proved or is still to be set up (a production sign-in
 * without one may only enrol). `last_time_step` refuses a code used once from being used again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE user_second_factor (
      user_id uuid PRIMARY KEY REFERENCES app_user(id),
      totp_secret_sealed text NOT NULL,
      created_at timestamptz NOT NULL,
      confirmed_at timestamptz,
      last_time_step bigint
    );
    CREATE TABLE recovery_code (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX recovery_code_user ON recovery_code (user_id) WHERE used_at IS NULL;
    ALTER TABLE user_session ADD COLUMN second_factor text NOT NULL DEFAULT 'not-enrolled'
      CHECK (second_factor IN ('not-enrolled', 'proved', 'enrolment-required'));
  `.execute(db);
}
