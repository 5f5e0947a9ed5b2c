import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';

describe('CSV cells (RFC 4180, formula injection neutralised)', () => {
  const rows: [input: string | number | null | undefined, cell: string][] = [
    ['plain', 'plain'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1-1', "'-1-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("http://evil.test","x")', `"'=HYPERLINK(""http://evil.test"",""x"")"`],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['a=1 inside is fine', 'a=1 inside is fine'],
    [' =1 after a space is text already', ' =1 after a space is text already'],
    [42, '42'],
    [null, ''],
    [undefined, ''],
  ];
  it.each(rows)('%j is written %j', (input, cell) => expect(csvCell(input)).toBe(cell));

  it('a line joins its cells with commas and ends in CRLF', () => {
    expect(csvLine(['a', '=b', null, 'c,d'])).toBe(`a,'=b,,"c,d"\r\n`);
  });
});
