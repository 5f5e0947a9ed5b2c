import { sql, type Kysely } from 'kysely';

/**
 * The audit viewer (issue 22) lists events newest first by time, then by place in the chain, a
 * page at a time from the last one shown (keyset). Without this index every page, and every chunk
 * of a CSV export, sorted the whole trail (which grows by every reading a monitor sends).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX audit_event_at ON audit_event (at, seq)`.execute(db);
}
