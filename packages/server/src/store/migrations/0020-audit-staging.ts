import { sql, type Kysely } from 'kysely';

/**
 * Audit without the chain's lock on the hot path (issue 21): a group of monitors' readings stages
 * its audit events here, in its own transaction, each with a MAC keyed like the chain; a sealer
 * then appends them to `audit_event` in the order they were staged, under the chain's lock, and
 * removes them. A staged event is never changed: the table refuses UPDATE and TRUNCATE (it is
 * emptied only by the sealer's DELETE of the rows it chained).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_pending (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      user_id uuid,
      user_roles text[] NOT NULL DEFAULT '{}',
      action text NOT NULL,
      record_type text,
      record_id text,
      patient_id uuid,
      outcome text NOT NULL CHECK (outcome IN ('allowed','denied','failed')),
      request_id text,
      client_address text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      mac text NOT NULL
    );
    CREATE FUNCTION audit_pending_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_pending is insert-only until sealed: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
      FOR EACH ROW EXECUTE FUNCTION audit_pending_refuse_change();
    CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
      FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_refuse_change();
  `.execute(db);
}
