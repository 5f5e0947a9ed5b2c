/**
 * The JavaScript a page's first load needs, from the Vite build manifest (`build.manifest` in
 * packages/web/vite.config.ts writes `<outDir>/.vite/manifest.json`): the entry chunk, the chunk of
 * the route's page (fetched by `lazyPage` as soon as the route renders), and every chunk either of
 * them imports statically, transitively (the browser must have those before the page runs: Vite
 * modulepreloads them). Chunks a page only imports dynamically (a dialog, a chart opened later) are
 * not part of its first load. Sizes are gzipped (level 9, as the build's `.gz` copies), in KB of
 * 1000 bytes.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One entry of Vite's build manifest (the fields used here). */
export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

/** The app's HTML entry: `packages/web/index.html` loads `src/main.tsx`. */
export const ENTRY = 'index.html';
/** The staff sign-in page (`/sign-in`). */
export const SIGN_IN_ROUTE = [ENTRY, 'src/features/sign-in/sign-in-page.tsx'];
/** The patient portal's home (`/portal`): its frame and home page load as one chunk (`portal-start.ts`). */
export const PORTAL_ROUTE = [ENTRY, 'src/features/portal/portal-start.ts'];

/** The script and style files a first load of these manifest keys needs (each once, in load order). */
export function firstLoadFiles(manifest: Manifest, keys: readonly string[]): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (chunk === undefined) throw new Error(`the build manifest has no entry ${key}: was the page renamed or moved?`);
    for (const imported of chunk.imports ?? []) visit(imported);
    if (chunk.file.endsWith('.js')) js.push(chunk.file);
    for (const sheet of chunk.css ?? []) if (!css.includes(sheet)) css.push(sheet);
  };
  for (const key of keys) visit(key);
  return { js, css };
}

/** Every script file of the build. */
export function allScripts(manifest: Manifest): string[] {
  return [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js'));
}

/** Gzipped size in KB (1000 bytes) of these files of `outDir`, to one decimal. */
export async function gzippedKb(outDir: string, files: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const f of files) bytes += gzipSync(await readFile(join(outDir, f)), { level: 9 }).length;
  return Math.round(bytes / 100) / 10;
}

/** The manifest of the build in `outDir` (`<outDir>/.vite/manifest.json`). */
export async function readManifest(outDir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/**
 * Gzipped KB of the JavaScript the sign-in page's and the portal's first loads need, and of all the
 * app's JavaScript, for a build in `outDir` (`vite build` with the project's config).
 */
export async function measureWebFirstLoad(outDir: string): Promise<{ signInKb: number; portalKb: number; totalKb: number }> {
  const manifest = await readManifest(outDir);
  return {
    signInKb: await gzippedKb(outDir, firstLoadFiles(manifest, SIGN_IN_ROUTE).js),
    portalKb: await gzippedKb(outDir, firstLoadFiles(manifest, PORTAL_ROUTE).js),
    totalKb: await gzippedKb(outDir, allScripts(manifest)),
  };
}
