/**
 * The device-token check remembers a live token for a minute (a monitor posting every few seconds
 * costs a query a minute) and never remembers a token it did not find. Revocation while a token is
 * remembered is refused where readings are stored (dosing-sessions.int.test.ts).
 */
import { expect, it } from 'vitest';
import { countingPlugin } from '../../../test/counting-plugin.js';
import { describeEachEngine } from '../../../test/engines.js';
import { sha256 } from '../secret-tokens.js';
import { createDeviceTokenFinder, DEVICE_TOKEN_CACHE_MS } from './find-device-token.js';

describeEachEngine('device token check', (h) => {
  it('reads a live token once a minute, an unknown token every time', async () => {
    const site = await h.database.db
      .insertInto('site')
      .values({ name: 'Token Check Clinic', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const token = 'kdt_token-check-live';
    await h.database.db
      .insertInto('device_token')
      .values({
        token_hash: sha256(token),
        site_id: site.id,
        name: 'Chair 9 monitor',
        scope: 'vitals',
        created_by: null,
        created_at: new Date(),
      })
      .execute();
    const counter = countingPlugin();
    const counted = h.database.db.withPlugin(counter);
    let now = 1_000;
    const find = createDeviceTokenFinder(
      () => counted,
      () => now,
    );

    expect(await find(token)).toMatchObject({ siteId: site.id, name: 'Chair 9 monitor', tokenHash: sha256(token) });
    expect(await find(token)).toMatchObject({ name: 'Chair 9 monitor' });
    now += DEVICE_TOKEN_CACHE_MS - 1;
    expect(await find(token)).toMatchObject({ name: 'Chair 9 monitor' });
    expect(counter.count).toBe(1);
    // A minute on, it is read again: revoked meanwhile, it is no longer found.
    await h.database.db.updateTable('device_token').set({ revoked_at: new Date() }).where('token_hash', '=', sha256(token)).execute();
    now += 1;
    expect(await find(token)).toBeUndefined();
    expect(counter.count).toBe(2);
    // Neither a revoked nor an unknown token is remembered.
    expect(await find(token)).toBeUndefined();
    expect(await find('kdt_never-issued')).toBeUndefined();
    expect(await find('kdt_never-issued')).toBeUndefined();
    expect(counter.count).toBe(5);
  });
});
