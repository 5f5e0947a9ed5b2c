/**
 * Which site a staff account belongs to, from what the administrator typed (the CLI's --site).
 *
 * @module
 */
import { isKnownTimeZone } from '@kairos/core';
import { AppError } from '../../../errors.js';
import { audit } from '../../audit.js';
import type { AuditActor, RequestMeta } from '../../context.js';
import type { Db } from '../../../store/database.js';

const siteError = (message: string) => new AppError('VALIDATION_FAILED', `site: ${message}`, { issues: [{ field: 'site', message }] });

/**
 * The site a user belongs to (every user belongs to one: design.md, site scoping): an existing
 * site's id or name, or with `newSiteTimeZone` a new site of that name; left out, the only site.
 */
export async function resolveUserSite(
  tx: Db,
  input: { site?: string; newSiteTimeZone?: string },
  meta: RequestMeta,
  actor: AuditActor,
): Promise<string> {
  const sites = await tx.selectFrom('site').select(['id', 'name']).orderBy('created_at').execute();
  const given = input.site?.trim();
  if (given === undefined || given === '') {
    if (sites.length === 1 && sites[0] !== undefined) return sites[0].id;
    throw siteError(
      sites.length === 0
        ? 'no site exists yet: name the new site and its time zone (kairos user add ... --site "Clinic name" --time-zone America/New_York)'
        : `several sites exist (${sites.map((s) => s.name).join(', ')}): say which one (--site)`,
    );
  }
  const found = sites.filter((s) => s.id === given || s.name.toLowerCase() === given.toLowerCase());
  if (input.newSiteTimeZone !== undefined) {
    if (found.length > 0) throw siteError(`a site named "${given}" already exists; leave out --time-zone to add the user to it`);
    if (!isKnownTimeZone(input.newSiteTimeZone))
      throw new AppError('VALIDATION_FAILED', `time-zone: "${input.newSiteTimeZone}" is not an IANA time zone such as America/New_York`);
    if (given.length > 200) throw siteError('a site name has at most 200 characters');
    const row = await tx
      .insertInto('site')
      .values({
        name: given,
        time_zone: input.newSiteTimeZone,
        working_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        closed_dates: [],
        settings: '{}',
        created_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { ...meta, actor }, { action: 'site.create', recordType: 'site', recordId: row.id, outcome: 'allowed', details: {} });
    return row.id;
  }
  if (found.length === 1 && found[0] !== undefined) return found[0].id;
  throw siteError(
    found.length > 1
      ? `several sites are named "${given}": give the site's id`
      : `no site "${given}"${sites.length > 0 ? ` (sites: ${sites.map((s) => s.name).join(', ')})` : ''}; to create it, add its time zone (--time-zone)`,
  );
}
