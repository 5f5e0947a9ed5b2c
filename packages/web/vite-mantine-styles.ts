/**
 * Mantine's styles per component, split with the code (a Vite plugin; see also src/mantine-styles.ts).
 *
 * Each Mantine component's class names live in `@mantine/core/esm/components/<Name>/<Name>.module.mjs`;
 * the plugin adds to that module an import of the component's style sheet
 * (`@mantine/core/styles/<Name>.css`). A chunk that uses a component therefore carries its styles and
 * those of the components it is built on (Button brings UnstyledButton and Loader), which Mantine's
 * per-component imports otherwise leave to the app to list by hand (https://mantine.dev/styles/css-files-list/).
 *
 * The gotcha is order. In `@mantine/core/styles.css` a component's rules come after those of the
 * components it restyles (Combobox's dropdown padding overrides Popover's, at the same specificity);
 * split into chunks, sheets arrive in the order pages are opened. So each sheet is wrapped in its own
 * cascade layer, `@layer mantine.<Name>`, and a small sheet linked first in the page's head
 * (`assets/mantine-layers-<hash>.css`) declares all those layers in the order of Mantine's own
 * styles.css: the cascade is then the same as with the one global sheet, whatever order the chunks
 * arrive in. (A layer's place is fixed where it is first seen, so the declaration must come before
 * every other sheet: the entry's own sheet comes after those of the chunks it imports.) The app's own
 * styles (portal.css, print.css) are outside any layer, so they win over Mantine's, as when they were
 * imported after it.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const MODULE_RE = /[\\/]@mantine[\\/]core[\\/]esm[\\/].+\.module\.mjs$/;
const SHEET_RE = /[\\/]@mantine[\\/]core[\\/]styles[\\/]([\w-]+)\.css$/;
const GLOBALS_RE = /[\\/]src[\\/]mantine-styles\.ts$/;

/** The folder of Mantine's per-component sheets. */
export function mantineStylesDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@mantine/core/styles.css')), 'styles');
}

/**
 * The names of Mantine's per-component sheets in the order their rules appear in Mantine's
 * `styles.css` (the order Mantine tests its cascade in): baseline, default-css-variables, global,
 * then ScrollArea, UnstyledButton... Throws if a sheet is not found there (a Mantine upgrade that
 * changed its packaging), rather than guessing an order.
 */
export function mantineLayerOrder(stylesDir = mantineStylesDir()): string[] {
  const whole = readFileSync(join(stylesDir, '..', 'styles.css'), 'utf8');
  const names = readdirSync(stylesDir)
    .filter((f) => f.endsWith('.css') && !f.endsWith('.layer.css'))
    .map((f) => f.slice(0, -'.css'.length));
  const at = new Map<string, number>();
  for (const name of names) {
    const sheet = readFileSync(join(stylesDir, `${name}.css`), 'utf8').trim();
    const index = whole.indexOf(sheet.slice(0, 300));
    if (sheet === '' || index < 0) throw new Error(`@mantine/core/styles/${name}.css is not part of styles.css: cannot place its layer`);
    at.set(name, index);
  }
  return names.sort((a, b) => (at.get(a) ?? 0) - (at.get(b) ?? 0));
}

/** A per-component sheet wrapped in its layer. */
export function layeredSheet(name: string, css: string): string {
  return `@layer mantine.${name} {\n${css}\n}\n`;
}

/** The sheet that fixes the layers' order: one `@layer` statement, Mantine's order. */
export function layerOrderSheet(order: readonly string[]): string {
  return `/* The order of Mantine's cascade layers (vite-mantine-styles.ts). */\n@layer ${order.map((n) => `mantine.${n}`).join(', ')};\n`;
}

export function mantineComponentStyles(): Plugin {
  let serving = false;
  let base = '/';
  const order = mantineLayerOrder();
  const orderSheet = layerOrderSheet(order);
  const orderFile = `assets/mantine-layers-${createHash('sha256').update(orderSheet).digest('hex').slice(0, 8)}.css`;
  return {
    name: 'kairos-mantine-component-styles',
    // Before Vite's own CSS handling, which must see the sheets already wrapped.
    enforce: 'pre',
    configResolved(config) {
      serving = config.command === 'serve';
      base = config.base;
    },
    buildStart() {
      if (!serving) this.emitFile({ type: 'asset', fileName: orderFile, source: orderSheet });
    },
    transformIndexHtml() {
      // First in the head, before the sheets Vite links: a layer's place is where it is first seen.
      // (The dev server loads Mantine's whole layered sheet instead, in its own order: see below.)
      if (serving) return [];
      return [{ tag: 'link', attrs: { rel: 'stylesheet', href: base + orderFile }, injectTo: 'head-prepend' }];
    },
    transform: {
      filter: { id: [MODULE_RE, SHEET_RE, GLOBALS_RE] },
      handler(code, id) {
        const sheet = SHEET_RE.exec(id);
        if (sheet?.[1] !== undefined) return { code: layeredSheet(sheet[1], code), map: null };
        // The dev server pre-bundles Mantine (no transform reaches its modules): there every component's styles load.
        if (GLOBALS_RE.test(id)) return serving ? `${code}\nimport '@mantine/core/styles.layer.css';\n` : null;
        const name = basename(id, '.module.mjs');
        // Appended: imports are hoisted, and the module's "use client" directive stays first.
        return { code: `${code}\nimport '@mantine/core/styles/${name}.css';\n`, map: null };
      },
    },
  };
}
