import { sql, type Kysely } from 'kysely';

/**
 * Safety at the chair: a reading may carry a temperature (checked for plausibility), and every
 * classified reading and every alert records the protocol version and the rules behind it, so
 * "why did it say that" is answerable from the record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE vital_reading ADD COLUMN temperature_c numeric(4,1);
    ALTER TABLE vital_reading ADD COLUMN protocol_version integer;
    ALTER TABLE session_alert ADD COLUMN protocol_version integer;
    ALTER TABLE session_alert ADD COLUMN rule_ids text[] NOT NULL DEFAULT '{}';
  `.execute(db);
}
