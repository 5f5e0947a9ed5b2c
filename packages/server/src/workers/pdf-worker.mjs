// A PDF worker thread's entry (piscina). Kairos runs its TypeScript sources through tsx, with no
// build step; a worker thread starts with none of the parent's loaders, so it registers tsx itself
// before loading the renderers. Plain JavaScript for that reason.
import { register } from 'tsx/esm/api';

register();
const { renderPdfJob } = await import('./render-pdf-job.ts');

export default renderPdfJob;
