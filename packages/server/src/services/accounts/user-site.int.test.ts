/**
 * Every staff account belongs to a site (issue 18, item 2): `kairos user add --site` and
 * `kairos user site`, through their use cases, on both engines. Rows in the order an installation
 * meets them: no site yet, one site, several.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/engines.js';
import { internalMeta } from '../context.js';
import { addUser, type NewUser } from './add-user.js';
import { setUserSite } from './set-user-site.js';

const PASSWORD = 'Lantern-Orchard-Velvet-93';
const meta = () => internalMeta('test', new Date('2026-12-05T12:00:00Z'));
const user = (email: string, extra: Partial<NewUser> = {}): NewUser => ({
  email,
  displayName: email,
  roles: ['coordinator'],
  password: PASSWORD,
  ...extra,
});

describeEachEngine('user sites', (h) => {
  const siteOf = async (email: string) =>
    (
      await h.database.db
        .selectFrom('app_user as u')
        .innerJoin('site as s', 's.id', 'u.site_id')
        .select('s.name')
        .where('u.email', '=', email)
        .executeTakeFirst()
    )?.name;

  beforeAll(async () => {
    // A fresh installation: the snapshot may hold sites of other tests' making; start with none.
    expect(await h.database.db.selectFrom('site').select('id').execute()).toEqual([]);
  });

  it('with no site yet, a user without --site is refused, naming what to give', async () => {
    await expect(addUser(h.database.db, user('first@clinic.example'), meta())).rejects.toThrow(/site: no site exists yet.*--time-zone/);
    expect(await h.database.db.selectFrom('app_user').select('id').execute()).toEqual([]);
  });

  it('a new site needs a real time zone', async () => {
    await expect(
      addUser(h.database.db, user('first@clinic.example', { site: 'Main clinic', newSiteTimeZone: 'Mars/Olympus' }), meta()),
    ).rejects.toThrow(/time-zone: "Mars\/Olympus" is not an IANA time zone/);
    expect(await h.database.db.selectFrom('site').select('id').execute()).toEqual([]);
  });

  it('--site with --time-zone creates the first site with the first user', async () => {
    const r = await addUser(
      h.database.db,
      user('first@clinic.example', { roles: ['admin'], site: 'Main clinic', newSiteTimeZone: 'America/Chicago' }),
      meta(),
    );
    expect(r.siteName).toBe('Main clinic');
    expect(await siteOf('first@clinic.example')).toBe('Main clinic');
  });

  it('with one site, --site may be left out', async () => {
    await addUser(h.database.db, user('second@clinic.example'), meta());
    expect(await siteOf('second@clinic.example')).toBe('Main clinic');
  });

  it('a second site of an existing name is refused', async () => {
    await expect(
      addUser(h.database.db, user('third@clinic.example', { site: 'main clinic', newSiteTimeZone: 'America/Chicago' }), meta()),
    ).rejects.toThrow(/already exists/);
  });

  it('with several sites, --site must say which (by name, any case, or id); an unknown one is refused, listing the sites', async () => {
    await addUser(h.database.db, user('north@clinic.example', { site: 'North clinic', newSiteTimeZone: 'America/Denver' }), meta());
    await expect(addUser(h.database.db, user('fourth@clinic.example'), meta())).rejects.toThrow(
      /several sites exist \(Main clinic, North clinic\)/,
    );
    await expect(addUser(h.database.db, user('fourth@clinic.example', { site: 'South clinic' }), meta())).rejects.toThrow(
      /no site "South clinic" \(sites: Main clinic, North clinic\)/,
    );
    await addUser(h.database.db, user('fourth@clinic.example', { site: 'NORTH CLINIC' }), meta());
    expect(await siteOf('fourth@clinic.example')).toBe('North clinic');
  });

  it('kairos user site moves an account to another site (audited); an unknown account or site is refused', async () => {
    expect(await setUserSite(h.database.db, 'second@clinic.example', 'North clinic', meta())).toEqual({ siteName: 'North clinic' });
    expect(await siteOf('second@clinic.example')).toBe('North clinic');
    const ev = await h.database.db.selectFrom('audit_event').select('details').where('action', '=', 'user.site').execute();
    expect(ev).toHaveLength(1);
    await expect(setUserSite(h.database.db, 'nobody@clinic.example', 'North clinic', meta())).rejects.toThrow(/no user/);
    await expect(setUserSite(h.database.db, 'second@clinic.example', 'Nowhere', meta())).rejects.toThrow(/no site "Nowhere"/);
    expect(await siteOf('second@clinic.example')).toBe('North clinic');
  });
});
