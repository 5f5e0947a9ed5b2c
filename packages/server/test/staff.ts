/** Another site and its staff for API tests: the site created by the demo admin through the API, accounts inserted directly with the demo password (the CLI's password rule is tested elsewhere). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../src/store/database.js';
import type { Role } from '../src/store/schema.js';
import { hashDemoPassword } from '../src/services/accounts/passwords.js';
import { giveCurrentCredentials } from '../src/services/credentials/seed-credentials.js';
import { injectAs, signInAs } from './auth.js';

/** Inserts a staff account of `roles` at `siteId` (null: no site); returns its id. */
export async function addStaff(db: Db, now: Date, email: string, roles: Role[], siteId: string | null): Promise<string> {
  const row = await db
    .insertInto('app_user')
    .values({
      email,
      display_name: email.split('@')[0] ?? email,
      password_hash: await hashDemoPassword(),
      roles,
      site_id: siteId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Test builders meet every gate by default (design.md, Modes): current credentials for the roles.
  await giveCurrentCredentials(
    db,
    { id: row.id, displayName: email, roles },
    { today: now.toISOString().slice(0, 10), state: null, recordedBy: row.id, now },
  );
  return row.id;
}

/** A new site created by the demo admin (`POST /api/sites`); returns its id. */
export async function addSite(app: FastifyInstance, name: string, timeZone = 'America/Denver'): Promise<string> {
  const admin = await signInAs(app, 'admin@demo.test');
  const r = await injectAs(app, admin, { method: 'POST', url: '/api/sites', payload: { name, timeZone } });
  if (r.statusCode !== 201) throw new Error(`site ${name} not created: ${r.statusCode} ${r.body}`);
  return r.json<{ id: string }>().id;
}
