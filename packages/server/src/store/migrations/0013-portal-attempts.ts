import { sql, type Kysely } from 'kysely';

/**
 * Portal links and codes are guessed from one address at machine speed unless failures are
 * counted: each failed link or code is recorded with its client address (and kept whatever
 * transaction refused it), so that too many from one address answer 429 for a while
 * (protocol-defaults.md, "portal code attempts"). Attempts refused while blocked do not extend the block.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE portal_attempt (
      id bigserial PRIMARY KEY,
      client_address text NOT NULL,
      succeeded boolean NOT NULL,
      while_blocked boolean NOT NULL DEFAULT false,
      at timestamptz NOT NULL
    );
    CREATE INDEX portal_attempt_client ON portal_attempt (client_address, at);
  `.execute(db);
}
