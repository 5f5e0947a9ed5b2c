import { sql, type Kysely } from 'kysely';

/**
 * A password someone else chose (an administrator's temporary password, a new account's first one)
 * is changed by its owner before anything else (issue 22, Must 3: Users). The flag is set when an
 * administrator sets the password and cleared when the owner chooses their own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE app_user ADD COLUMN password_change_required boolean NOT NULL DEFAULT false`.execute(db);
}
