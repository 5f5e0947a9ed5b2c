import { sql, type Kysely } from 'kysely';

/**
 * Scheduling: cohorts enrolled into a program at a start date, their dated events with a chair or
 * room and staff (each staff assignment with its own window), and calendar feed tokens.
 * Double booking is prevented under concurrency by row locks on the chairs, rooms and staff a plan
 * touches (services/scheduling.ts), taken in a fixed order inside the booking transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cohort (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES site(id),
      program_template text NOT NULL,
      start_date date NOT NULL,
      state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','cancelled')),
      cancel_reason text,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES app_user(id)
    );
    CREATE TABLE scheduled_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cohort_id uuid NOT NULL REFERENCES cohort(id),
      enrollment_id uuid NOT NULL REFERENCES enrollment(id),
      site_id uuid NOT NULL REFERENCES site(id),
      kind text NOT NULL,
      title text NOT NULL,
      program_day integer NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      chair_id uuid REFERENCES chair(id),
      room_id uuid REFERENCES room(id),
      infusion jsonb,
      state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled','cancelled')),
      cancel_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX scheduled_event_time ON scheduled_event (site_id, starts_at);
    CREATE INDEX scheduled_event_chair ON scheduled_event (chair_id, starts_at);
    CREATE INDEX scheduled_event_enrollment ON scheduled_event (enrollment_id);
    CREATE TABLE event_staff (
      event_id uuid NOT NULL REFERENCES scheduled_event(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      role text NOT NULL CHECK (role IN ('licensed-iv-runner','therapist','prescriber')),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      PRIMARY KEY (event_id, role)
    );
    CREATE INDEX event_staff_user ON event_staff (user_id, starts_at);
    CREATE TABLE calendar_feed (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
  `.execute(db);
}
