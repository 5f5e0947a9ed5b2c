/**
 * Global test setup, once per `vitest run`:
 * - builds the migrated embedded database once and saves it as a snapshot, which each storage
 *   test file loads in about a second instead of running initdb (4-6 s);
 * - loads the demo clinic once at the API tests' instant and saves its rows (demo-fixture.ts),
 *   keyed by the server's and core's sources, so `buildDemoApp` restores it in a second or two;
 * - builds the web app when it is missing or stale, for the browser tests.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPostgres, wrapPglite } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { loadDemo } from '../src/services/demo/load-demo.js';
import { TEST_START_MS } from './app.js';
import { saveDemoData } from './demo-fixture.js';
import { SNAPSHOT_DIR, snapshotPath } from './snapshot.js';

const root = resolve(import.meta.dirname, '../../..');

/** A hash of every file under `dirs` (recursively) but tests, for cache keys. */
function treeHash(dirs: string[]): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.test.ts')) h.update(p).update(readFileSync(p));
    }
  };
  for (const d of dirs) walk(d);
  return h.digest('hex').slice(0, 16);
}

function migrationsHash(): string {
  const dir = resolve(import.meta.dirname, '../src/store/migrations');
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  h.update(readFileSync(resolve(import.meta.dirname, '../package.json')));
  return h.digest('hex').slice(0, 16);
}

/** The migrated template database on the test server for this migrations hash, made when missing. */
async function postgresTemplate(baseUrl: string, hash: string): Promise<string> {
  const name = `kairos_tpl_${hash}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount !== 0) return name;
    const building = `${name}_${process.pid}`;
    await admin.query(`CREATE DATABASE ${building}`);
    const url = new URL(baseUrl);
    url.pathname = `/${building}`;
    const database = await openPostgres(url.toString());
    await migrateToLatest(database.db);
    await database.close();
    // Renamed once complete: a half-migrated template is never found by another run.
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    return name;
  } finally {
    await admin.end();
  }
}

export default async function setup(): Promise<void> {
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const hash = migrationsHash();
  const target = snapshotPath(hash);
  process.env.KAIROS_TEST_SNAPSHOT = target;
  if (!existsSync(target)) {
    const pglite = await PGlite.create();
    const database = wrapPglite(pglite, { checkpoint: false });
    await migrateToLatest(database.db);
    const dump = await pglite.dumpDataDir('gzip');
    writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
    await database.close();
  }
  // PostgreSQL: one migrated template database per migrations hash, which each test database copies
  // (CREATE DATABASE ... TEMPLATE) instead of running every migration again.
  if (process.env.TEST_DATABASE_URL !== undefined)
    process.env.KAIROS_TEST_PG_TEMPLATE = await postgresTemplate(process.env.TEST_DATABASE_URL, hash);
  const demo = resolve(SNAPSHOT_DIR, `demo-${treeHash([resolve(root, 'packages/server/src'), resolve(root, 'packages/core/src')])}.json`);
  process.env.KAIROS_TEST_DEMO_DUMP = demo;
  if (!existsSync(demo)) {
    const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(target)]) });
    const database = wrapPglite(pglite, { checkpoint: false });
    await loadDemo(database.db, new Date(TEST_START_MS));
    await saveDemoData(database.db, `${demo}.tmp`);
    renameSync(`${demo}.tmp`, demo);
    await database.close();
  }
  // KAIROS_TEST_SKIP_WEB_BUILD=1 skips it when only API tests run while the web sources are mid-edit.
  if (process.env.KAIROS_TEST_SKIP_WEB_BUILD === '1') return;
  const r = spawnSync(process.execPath, [join(root, 'scripts/build-web-if-stale.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the web app for the browser tests failed');
}
