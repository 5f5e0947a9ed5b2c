// `npm run test:long`: the runs too long for CI (vitest.long.config.ts): every x.long.test.ts (the
// SIGKILL faults of ingestion and of the email sender on both engines, the backup-and-restore round
// trip, the accessibility walks of the roles CI does not walk)
// and the route fuzz with many more generated requests a route (KAIROS_FUZZ_RUNS, 1000 by default;
// KAIROS_FUZZ_SEED for another seed), and the storage durability test with ten SIGKILL rounds
// (KAIROS_KILL_ROUNDS). Extra arguments go to vitest. Uses TEST_DATABASE_URL like `npm test`, to
// run PostgreSQL too.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const env = {
  ...process.env,
  KAIROS_FUZZ_RUNS: process.env.KAIROS_FUZZ_RUNS ?? '1000',
  KAIROS_KILL_ROUNDS: process.env.KAIROS_KILL_ROUNDS ?? '10',
};
const r = spawnSync('node', ['scripts/test.mjs', '--config', 'vitest.long.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env,
});
process.exit(r.status ?? 1);
