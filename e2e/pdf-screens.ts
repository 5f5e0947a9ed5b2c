/**
 * A downloaded PDF as a person sees it: each page rendered by pdf.js in Chromium (the same library
 * the tests read the PDFs' text with) and saved as a screenshot beside the pages' own, so its charts
 * and tables are looked at by eye, not only their text. Only when screenshots are taken (never in
 * CI, where no test reads them).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { screenshot, TAKE_SCREENSHOTS } from './browser.js';

/** pdf.js's folder (its build, fonts and character maps), served to the page under a made-up origin. */
const PDFJS = dirname(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')));
const ORIGIN = 'https://pdf-view.invalid';

const PAGE = `<!doctype html><html><body style="margin:0;background:#777">
<script type="module">
  import * as pdfjs from '/pdfjs-dist/build/pdf.mjs';
  pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs-dist/build/pdf.worker.mjs';
  window.renderPdf = async (base64, scale) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const doc = await pdfjs.getDocument({ data, standardFontDataUrl: '/pdfjs-dist/standard_fonts/', cMapUrl: '/pdfjs-dist/cmaps/' }).promise;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale });
      const canvas = document.createElement('canvas');
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      canvas.style.display = 'block';
      canvas.style.margin = '12px auto';
      document.body.append(canvas);
      await page.render({ canvas, viewport }).promise;
    }
    return doc.numPages;
  };
  window.pdfReady = true;
</script></body></html>`;

/** Saves every page of `pdf` as `<name>-p<N>.png` (when screenshots are taken); returns the number of pages rendered. */
export async function screenshotPdf(context: BrowserContext, pdf: Buffer, name: string): Promise<number> {
  if (!TAKE_SCREENSHOTS) return 0;
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 940, height: 1240 });
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
      const file = normalize(join(PDFJS, decodeURIComponent(path)));
      if (!file.startsWith(join(PDFJS, 'pdfjs-dist'))) return route.fulfill({ status: 404 });
      const type = file.endsWith('.mjs') ? 'text/javascript' : 'application/octet-stream';
      return route.fulfill({ contentType: type, body: readFileSync(file) });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => (window as unknown as { pdfReady?: boolean }).pdfReady === true);
    const pages = await page.evaluate(
      async ([base64, scale]) =>
        (window as unknown as { renderPdf: (b: string, s: number) => Promise<number> }).renderPdf(base64, scale as number),
      [pdf.toString('base64'), 1.5] as const,
    );
    for (let n = 0; n < pages; n++) {
      await page.evaluate((i) => {
        document.querySelectorAll('canvas').forEach((c, j) => (c.style.display = j === i ? 'block' : 'none'));
      }, n);
      await screenshot(page, `${name}-p${n + 1}`);
    }
    return pages;
  } finally {
    await page.close();
  }
}
