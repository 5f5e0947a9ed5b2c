import { describe, expect, it } from 'vitest';
import { attachmentDisposition, documentKindOf, downloadFileName, keptFileName } from './document-kind.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

describe('referral documents are told by their first bytes', () => {
  it.each([
    ['a PDF', text('%PDF-1.7\n...'), 'application/pdf'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['a JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0), 'image/jpeg'],
    ['a web page', text('<!doctype html><script>alert(1)</script>'), undefined],
    ['a Windows program', text('MZ\x90\x00\x03'), undefined],
    ['a PDF signature not at the start', text(' %PDF-1.7'), undefined],
    ['only the signature, nothing after it', text('%PDF-'), undefined],
    ['nothing', bytes(), undefined],
  ] as const)('%s', (_, b, kind) => {
    expect(documentKindOf(b)).toBe(kind);
  });
});

describe('document names', () => {
  it('are kept in one form, one space between words, without trailing dots', () => {
    expect(keptFileName('  Referral   letter.pdf. ')).toBe('Referral letter.pdf');
    expect(keptFileName('Cafe\u0301.pdf')).toBe('Café.pdf');
  });
  it('a download gets the extension of what the document is', () => {
    expect(downloadFileName('letter.PDF', 'application/pdf')).toBe('letter.PDF');
    expect(downloadFileName('scan', 'image/jpeg')).toBe('scan.jpg');
    expect(downloadFileName('letter.pdf', 'image/png')).toBe('letter.pdf.png');
  });
  it('the download header is an attachment, quoting nothing it should not', () => {
    expect(attachmentDisposition('Café "x".pdf')).toBe(`attachment; filename="Caf_ _x_.pdf"; filename*=UTF-8''Caf%C3%A9%20%22x%22.pdf`);
  });
});
