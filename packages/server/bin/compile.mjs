// Compiles the server's TypeScript (with @kairos/core and @kairos/api) into one file,
// dist/kairos.mjs, when a source changed since the last compile; the `kairos` command then runs
// that file. Running the sources through tsx's loader costs every start about 2 s of CPU and 90 MB
// of memory (each of ~400 modules goes through the loader thread, with its source map kept); the
// compiled file loads in a third of the time. There is still no build step to forget: the check
// below runs at every start and takes a few milliseconds when nothing changed.
//
// Packages from node_modules stay outside the file (imported at run time as usual), so their own
// files (PGlite's wasm, the web build) are found where they always were. The worker pool's thread
// gets its own compiled entry, dist/worker.mjs, found beside kairos.mjs (workers/worker-pool.ts), and
// so does the embedded database's thread, dist/pglite-worker.mjs (store/pglite-thread.ts).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SERVER_ROOT = resolve(import.meta.dirname, '..');
const REPO_ROOT = resolve(SERVER_ROOT, '../..');
export const DIST = join(SERVER_ROOT, 'dist');
const BUILD_INFO = join(DIST, 'build.json');

const ENTRIES = [
  { in: join(SERVER_ROOT, 'src/cli/main.ts'), out: 'kairos' },
  { in: join(SERVER_ROOT, 'src/workers/worker-job.ts'), out: 'worker' },
  { in: join(SERVER_ROOT, 'src/store/pglite-worker.mjs'), out: 'pglite-worker' },
  { in: join(SERVER_ROOT, 'src/cli/early-start.ts'), out: 'early-start' },
];
const OUTPUTS = ENTRIES.map((e) => join(DIST, `${e.out}.mjs`));

// Files that change what the compiler does, beyond the sources it reads.
const SETTINGS = [
  import.meta.filename,
  join(REPO_ROOT, 'tsconfig.base.json'),
  join(SERVER_ROOT, 'tsconfig.json'),
  join(SERVER_ROOT, 'package.json'),
];

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Why the compiled files cannot be used as they are, or undefined when they are current. */
export function staleReason() {
  let info;
  try {
    info = JSON.parse(readFileSync(BUILD_INFO, 'utf8'));
  } catch {
    return 'not compiled yet';
  }
  if (info.node !== process.version) return 'compiled for another Node version';
  for (const out of OUTPUTS) if (!existsSync(out)) return 'a compiled file is missing';
  for (const file of [...SETTINGS, ...info.inputs.map((p) => join(REPO_ROOT, p))]) {
    const at = mtimeMs(file);
    if (at === undefined || at > info.startedAtMs) return 'sources changed';
  }
  return undefined;
}

/**
 * Compiles the entries into dist/. Each file is written beside its final name and renamed into
 * place, and build.json (what the check above reads) last, so that servers starting at the same
 * moment (tests start several) each see either the old files or the new ones, never half a file.
 */
export async function compile() {
  const startedAtMs = Date.now();
  const esbuild = await import('esbuild');
  const staging = join(DIST, `.staging-${process.pid}-${startedAtMs}`);
  mkdirSync(staging, { recursive: true });
  try {
    const result = await esbuild.build({
      entryPoints: ENTRIES,
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: REPO_ROOT,
      plugins: [
        {
          // Our workspace packages are TypeScript sources: compiled in. Every other package is
          // imported from node_modules at run time.
          name: 'node-modules-outside',
          setup(build) {
            build.onResolve({ filter: /^[^./]/ }, (args) =>
              args.path.startsWith('@kairos/') ? undefined : { path: args.path, external: true },
            );
          },
        },
      ],
    });
    for (const e of ENTRIES) {
      for (const ext of ['.mjs', '.mjs.map']) renameSync(join(staging, `${e.out}${ext}`), join(DIST, `${e.out}${ext}`));
    }
    const inputs = Object.keys(result.metafile.inputs).map((p) => relative(REPO_ROOT, resolve(REPO_ROOT, p)));
    const info = join(staging, 'build.json');
    writeFileSync(info, JSON.stringify({ node: process.version, startedAtMs, inputs }));
    renameSync(info, BUILD_INFO);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Compiles when a source changed; false when the compiler cannot run (the caller then runs the
 * sources through tsx), saying why on stderr.
 */
export async function ensureCompiled() {
  const reason = staleReason();
  if (reason === undefined) return true;
  try {
    mkdirSync(dirname(BUILD_INFO), { recursive: true });
    await compile();
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    process.stderr.write(`kairos: could not compile the server (${message}); running its sources through tsx\n`);
    return false;
  }
}

/** Imports one compiled entry (ENTRIES' `out` name). */
export function importCompiled(name) {
  return import(pathToFileURL(join(DIST, `${name}.mjs`)).href);
}
