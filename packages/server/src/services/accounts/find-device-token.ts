/**
 * Finds the live device token a monitor presents (the check `http/auth.ts` runs on `device` routes).
 *
 * @module
 */
import { sha256 } from '../secret-tokens.js';
import type { Db } from '../../store/database.js';

/** A live device token: its id (as the token list names it), site and name. */
export interface DeviceOfToken {
  id: string;
  siteId: string;
  name: string;
}

/** The live tokens among `hashes` (sha256 of each token), by hash: one query for many monitors. */
async function findDeviceTokens(db: Db, hashes: readonly string[]): Promise<Map<string, DeviceOfToken>> {
  const rows = await db
    .selectFrom('device_token')
    .select(['token_hash', 'site_id', 'name', 'revoked_at'])
    .where('token_hash', 'in', [...new Set(hashes)])
    .execute();
  return new Map(
    rows.flatMap((row) =>
      row.revoked_at !== null ? [] : [[row.token_hash, { id: row.token_hash.slice(0, 16), siteId: row.site_id, name: row.name }] as const],
    ),
  );
}

/**
 * Token checks of monitors posting at once, coalesced: the checks that arrive while one query is
 * running are answered together by the next, so 100 monitors cost a few queries rather than 100.
 * Every check still reads the database after the request arrived (a revoked token is refused at
 * once); nothing is cached.
 */
export function createDeviceTokenFinder(db: () => Db): (token: string) => Promise<DeviceOfToken | undefined> {
  let waiting: { hash: string; resolve: (d: DeviceOfToken | undefined) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  async function run(): Promise<void> {
    running = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, 500);
        waiting = waiting.slice(batch.length);
        try {
          const found = await findDeviceTokens(
            db(),
            batch.map((w) => w.hash),
          );
          for (const w of batch) w.resolve(found.get(w.hash));
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      running = false;
    }
  }
  return (token) =>
    new Promise((resolve, reject) => {
      waiting.push({ hash: sha256(token), resolve, reject });
      if (!running) void run();
    });
}
