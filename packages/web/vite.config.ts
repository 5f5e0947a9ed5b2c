import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is built into dist/ and served by the Kairos server on the same port.
// In development (`npx vite --config packages/web/vite.config.ts`), /api is proxied to it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // Building a zod schema has no side effect: a schema of the contract the web does not use is dropped.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500, rolldownOptions: { treeshake: { manualPureFunctions: ['z'] } } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/fhir': 'http://127.0.0.1:3000' } },
});
