import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { allScripts, firstLoadFiles, measureWebFirstLoad, type Manifest } from './web-first-load.js';

/** A build of the shape Vite writes: an entry, two routes' pages, chunks they share, one chart loaded later. */
const MANIFEST: Manifest = {
  'index.html': {
    file: 'assets/index.js',
    src: 'index.html',
    isEntry: true,
    imports: ['_react.js'],
    dynamicImports: ['src/features/sign-in/sign-in-page.tsx', 'src/features/portal/portal-start.ts'],
    css: ['assets/index.css'],
  },
  '_react.js': { file: 'assets/react.js' },
  '_button.js': { file: 'assets/button.js', imports: ['_react.js'], css: ['assets/button.css'] },
  '_input.js': { file: 'assets/input.js', imports: ['_button.js', '_react.js'] },
  'src/features/sign-in/sign-in-page.tsx': {
    file: 'assets/sign-in-page.js',
    isDynamicEntry: true,
    imports: ['_input.js', 'index.html'],
  },
  'src/features/portal/portal-start.ts': {
    file: 'assets/portal-start.js',
    isDynamicEntry: true,
    imports: ['_button.js'],
    dynamicImports: ['src/features/portal/results.tsx'],
    css: ['assets/portal.css'],
  },
  'src/features/portal/results.tsx': { file: 'assets/results.js', isDynamicEntry: true, imports: ['_charts.js'] },
  '_charts.js': { file: 'assets/charts.js' },
};

describe('the first load of a route, from the build manifest', () => {
  it('is the entry and the page with every chunk they import statically, each once, imports first', () => {
    expect(firstLoadFiles(MANIFEST, ['index.html', 'src/features/sign-in/sign-in-page.tsx'])).toEqual({
      js: ['assets/react.js', 'assets/index.js', 'assets/button.js', 'assets/input.js', 'assets/sign-in-page.js'],
      css: ['assets/index.css', 'assets/button.css'],
    });
  });

  it('leaves out what the page imports only dynamically (a chart opened later)', () => {
    const { js, css } = firstLoadFiles(MANIFEST, ['index.html', 'src/features/portal/portal-start.ts']);
    expect(js).toEqual(['assets/react.js', 'assets/index.js', 'assets/button.js', 'assets/portal-start.js']);
    expect(js).not.toContain('assets/charts.js');
    expect(css).toEqual(['assets/index.css', 'assets/button.css', 'assets/portal.css']);
  });

  it('names a page the manifest does not have, rather than measuring too little', () => {
    expect(() => firstLoadFiles(MANIFEST, ['index.html', 'src/features/portal/renamed.tsx'])).toThrow(/renamed\.tsx/);
  });

  it('all scripts: every chunk once, style sheets aside', () => {
    expect(allScripts(MANIFEST).sort()).toEqual(
      ['button', 'charts', 'index', 'input', 'portal-start', 'react', 'results', 'sign-in-page'].map((n) => `assets/${n}.js`),
    );
  });
});

describe('measureWebFirstLoad', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'kairos-first-load-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('sums the gzipped scripts of each route and of the whole build, in KB', async () => {
    mkdirSync(join(outDir, '.vite'));
    mkdirSync(join(outDir, 'assets'));
    const manifest: Manifest = {
      ...MANIFEST,
      'src/features/sign-in/sign-in-page.tsx': { file: 'assets/sign-in-page.js', imports: ['_input.js'] },
      'src/features/portal/portal-start.ts': { file: 'assets/portal-start.js', imports: ['_button.js'] },
    };
    writeFileSync(join(outDir, '.vite', 'manifest.json'), JSON.stringify(manifest));
    // Random-looking text does not compress: each file's gzipped size is close to its own size.
    const sizes: Record<string, number> = {};
    let seed = 1;
    for (const file of allScripts(manifest)) {
      const body = Array.from({ length: 3000 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 36).toString(36)).join('');
      writeFileSync(join(outDir, file), body);
      sizes[file] = gzipSync(body, { level: 9 }).length;
    }
    const kb = (files: string[]) => Math.round(files.reduce((s, f) => s + (sizes[f] ?? 0), 0) / 100) / 10;
    const result = await measureWebFirstLoad(outDir);
    expect(result).toEqual({
      signInKb: kb(['assets/react.js', 'assets/index.js', 'assets/button.js', 'assets/input.js', 'assets/sign-in-page.js']),
      portalKb: kb(['assets/react.js', 'assets/index.js', 'assets/button.js', 'assets/portal-start.js']),
      totalKb: kb(Object.keys(sizes)),
    });
    expect(result.signInKb).toBeGreaterThan(result.portalKb);
    expect(result.totalKb).toBeGreaterThan(result.signInKb);
  });
});
