/**
 * What the PDF renderers share (pdfkit with its standard fonts): text made safe (characters the
 * fonts cannot print, unbroken runs long enough to make the line breaker crawl), the document's
 * bytes gathered as it is written, the banner of a synthetic demo record and the foot of every
 * page, and the patient as a document names them. Used by the care plan, the infusion record, the
 * ketamine records, the progress letter and the program outcomes renderers, which run in
 * the PDF worker pool.
 *
 * @module
 */

/**
 * Longest run without a space printed as one word: pdfkit's line breaker takes time that grows
 * with the square of a word's length (20,000 unbroken characters took 14 s), so longer runs are
 * broken into pieces of this length. 80 keeps a 64-character hash whole. (A system limit, not a
 * clinical number.)
 */
export const UNBROKEN_RUN_CHARS = 80;

/**
 * The standard PDF fonts encode WinAnsi only: other characters would print as garbage, so they
 * become "?" (names and notes in other scripts need an embedded font; a later issue).
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const LONG_RUN = new RegExp(`\\S{${UNBROKEN_RUN_CHARS + 1},}`, 'g');
const RUN_PIECE = new RegExp(`\\S{1,${UNBROKEN_RUN_CHARS}}`, 'g');

/** `text` as the standard fonts print it: other characters as "?", tabs as spaces, long unbroken runs broken into lines. */
export function printable(text: string): string {
  return [...text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ')]
    .map((c) => ((c.codePointAt(0) ?? 0) <= 0xff || WIN_ANSI_EXTRA.has(c) ? c : '?'))
    .join('')
    .replace(LONG_RUN, (run) => (run.match(RUN_PIECE) ?? [run]).join('\n'));
}

/** `s` shortened to `max` characters, saying so with `note`. */
export function bounded(s: string, max: number, note: string): string {
  return s.length <= max ? s : `${s.slice(0, max).trimEnd()}... ${note}`;
}

/** The bytes of `doc` once it ends (call before writing, then `doc.end()`). */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** The patient a document is about, as its head and foot name them. */
export interface PdfPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  mrn: string;
  /** A synthetic demo patient: the document says so on top. */
  synthetic: boolean;
}

/** A stored patient's row as a document names the patient. */
export function pdfPatient(row: {
  given_name: string;
  family_name: string;
  birth_date: string;
  mrn: string;
  synthetic: boolean;
}): PdfPatient {
  return { givenName: row.given_name, familyName: row.family_name, birthDate: row.birth_date, mrn: row.mrn, synthetic: row.synthetic };
}

/** The line on top of a synthetic demo patient's document, so no one takes it for a real record. */
export function syntheticBanner(doc: PDFKit.PDFDocument, synthetic: boolean): void {
  if (!synthetic) return;
  doc.font('Helvetica-Bold').fontSize(9).fillColor('#b45309').text('SYNTHETIC DEMO RECORD: not a real patient', { align: 'right' });
  doc.moveDown(0.5);
}

/**
 * Writes `footer` and "page i of n" at the foot of every buffered page (the document is made with
 * `bufferPages: true`), `fromBottom` points above the page's edge: a loose page is still placed.
 */
export function footOfEveryPage(doc: PDFKit.PDFDocument, footer: string, fromBottom: number): void {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#666666')
      .text(`${footer} · page ${i + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - fromBottom, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
