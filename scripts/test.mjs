// `npm test`: runs the whole suite (unit, storage and API on every engine available, browser)
// and ends with one line `N passed, N failed` (`, N skipped` when some were skipped).
// Extra arguments go to vitest, e.g. `npm test -- packages/core`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'test-output');
const report = join(outDir, 'vitest-report.json');
mkdirSync(outDir, { recursive: true });
rmSync(report, { force: true });

const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const r = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // Failed tests; a suite that failed without a failing test (a failing hook) counts as one each.
  failed = json.numFailedTests ?? 0;
  if (failed === 0) failed = json.numFailedTestSuites ?? 0;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
} else {
  failed = 1;
}
if (r.status !== 0 && failed === 0) {
  // vitest failed outside any test (an unhandled error, a failing setup): that is a failure too.
  process.stdout.write('\nvitest reported errors outside the tests (see above)\n');
  failed = 1;
}
if (passed === 0 && failed === 0) failed = 1; // a run that ran nothing is a failure
const status = r.status === 0 && failed === 0 && passed > 0 ? 0 : 1;
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exit(status);
