/**
 * Finds the live device token a monitor presents (the check `http/auth.ts` runs on `device` routes).
 *
 * @module
 */
import { sha256 } from '../secret-tokens.js';
import type { Db } from '../../store/database.js';

/** A live device token: its id (as the token list names it), site and name, and its hash (to check it again where it is used). */
export interface DeviceOfToken {
  id: string;
  siteId: string;
  name: string;
  tokenHash: string;
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
      row.revoked_at !== null
        ? []
        : [[row.token_hash, { id: row.token_hash.slice(0, 16), siteId: row.site_id, name: row.name, tokenHash: row.token_hash }] as const],
    ),
  );
}

/** How long a live token found is taken as live without reading it again (revocation is checked where readings are stored). */
export const DEVICE_TOKEN_CACHE_MS = 60_000;
/** The most tokens remembered (a site's monitors are tens to hundreds). */
const CACHE_MAX = 10_000;

/**
 * Token checks of monitors: a token found live is remembered for `DEVICE_TOKEN_CACHE_MS`, so a
 * monitor posting every few seconds costs a query a minute, not one a post. That is safe because
 * the one route that takes a device token (its readings) checks the token again in the
 * transaction that stores them (`storeReadingsTogether` reads the revoked among its group's
 * hashes after locking the sessions): a revoked token stores nothing from the moment the
 * revocation commits, on every instance. A token not found is never remembered; the checks that
 * arrive while a query runs are answered together by the next one.
 */
export function createDeviceTokenFinder(
  db: () => Db,
  now: () => number = () => performance.now(),
): (token: string) => Promise<DeviceOfToken | undefined> {
  const live = new Map<string, { device: DeviceOfToken; until: number }>();
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
          const until = now() + DEVICE_TOKEN_CACHE_MS;
          for (const [hash, device] of found) {
            if (live.size >= CACHE_MAX) live.clear();
            live.set(hash, { device, until });
          }
          for (const w of batch) w.resolve(found.get(w.hash));
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      running = false;
    }
  }
  return (token) => {
    const hash = sha256(token);
    const known = live.get(hash);
    if (known !== undefined && known.until > now()) return Promise.resolve(known.device);
    live.delete(hash);
    return new Promise((resolve, reject) => {
      waiting.push({ hash, resolve, reject });
      if (!running) void run();
    });
  };
}
