import { sql, type Kysely } from 'kysely';

/**
 * Every staff member belongs to a site and sees only that site's patients and schedule (design.md,
 * site scoping). Accounts made before a site existed had none and, with it, saw every site. Where
 * the installation has exactly one site, those accounts now belong to it; with several, they stay
 * without a site and see no site's data until an administrator attaches them
 * (`kairos user site --email E --site S`). Nothing else changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE app_user SET site_id = (SELECT id FROM site LIMIT 1)
    WHERE site_id IS NULL AND (SELECT count(*) FROM site) = 1
  `.execute(db);
}
