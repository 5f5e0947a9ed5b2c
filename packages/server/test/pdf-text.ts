/**
 * The text of a PDF, extracted by a real PDF reader (pdf.js, legacy build for Node), for tests
 * that check what a generated document says. Whitespace is collapsed, so a phrase wrapped over
 * two lines is still found.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number; title: string | undefined; pageTexts: string[] }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pageTexts: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const content = await page.getTextContent();
      const parts: string[] = [];
      for (const item of content.items) if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : '');
      pageTexts.push(parts.join('').replace(/\s+/g, ' ').trim());
    }
    const meta = await pdf.getMetadata();
    const info = meta.info as { Title?: string } | undefined;
    return { text: pageTexts.join(' ').replace(/\s+/g, ' ').trim(), pages: pdf.numPages, title: info?.Title, pageTexts };
  } finally {
    await pdf.destroy();
  }
}
