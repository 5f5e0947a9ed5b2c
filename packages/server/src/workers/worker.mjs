// A worker thread's entry (piscina) when the server runs from its TypeScript sources (tests, or
// when it could not be compiled): a worker thread starts with none of the parent's loaders, so it
// registers tsx itself before loading the jobs' code. Plain JavaScript for that reason. The
// compiled server (bin/compile.mjs) has its own compiled entry, dist/worker.mjs, beside it.
import { register } from 'tsx/esm/api';

register();
const { runWorkerJob } = await import('./worker-job.ts');

export { runWorkerJob };
