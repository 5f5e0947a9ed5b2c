/**
 * What an uploaded document (a referral letter, a credential's scanned copy) is, told by its first bytes (a name says nothing: `letter.pdf` may be
 * a web page or a program), and the names it is kept and downloaded under.
 *
 * @module
 */
import type { ReferralDocumentMediaType } from '@kairos/api';

/** The signatures of the accepted kinds: a PDF's `%PDF-`, PNG's eight bytes, JPEG's start of image and first marker. */
const SIGNATURES: readonly (readonly [ReferralDocumentMediaType, readonly number[]])[] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The kind of document `bytes` are by their first bytes, or undefined when none of the accepted kinds. */
export function documentKindOf(bytes: Uint8Array): ReferralDocumentMediaType | undefined {
  return SIGNATURES.find(([, sig]) => bytes.length > sig.length && sig.every((b, i) => bytes[i] === b))?.[0];
}

/** The file name extensions of each kind; the first is the one a download gets when the name has none of them. */
const EXTENSIONS: Record<ReferralDocumentMediaType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
};

/**
 * The name a document is kept under: the contract refused folders, reserved and control
 * characters and a leading formula character; this puts it in one Unicode form and one space
 * between words, without trailing dots or spaces (which some systems drop).
 */
export function keptFileName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/[. ]+$/, '')
    .trim();
}

/** The name a download offers: the kept name, with the extension of what the document is when its own is another. */
export function downloadFileName(name: string, kind: ReferralDocumentMediaType): string {
  const lower = name.toLowerCase();
  return EXTENSIONS[kind].some((ext) => lower.endsWith(ext)) ? name : `${name}${EXTENSIONS[kind][0] ?? ''}`;
}

/**
 * A `Content-Disposition` header that makes the browser save the document (never show it in the
 * app's origin): an ASCII name for old clients and the exact name in RFC 5987 form.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
