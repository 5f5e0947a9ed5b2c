// Builds the web app when its build is missing or older than any of its sources (the web
// package, and core, which the web app imports). Run by `npm start` before the server starts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const built = join(root, 'packages/web/dist/index.html');
const sources = [
  'packages/web/src',
  'packages/web/index.html',
  'packages/web/vite.config.ts',
  'packages/web/package.json',
  'packages/core/src',
].map((p) => join(root, p));

function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestMtimeMs));
if (builtAt >= sourcesAt) {
  process.stderr.write('web app: build is up to date\n');
} else {
  process.stderr.write(builtAt === 0 ? 'web app: not built yet, building…\n' : 'web app: sources changed, rebuilding…\n');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'packages/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
