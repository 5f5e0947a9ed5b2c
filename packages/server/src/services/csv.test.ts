import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';

describe('CSV cells (RFC 4180, formula injection neutralised)', () => {
  const rows: [name: string, value: string | number | null, cell: string][] = [
    ['plain text stays as it is', 'Nausea', 'Nausea'],
    ['empty for null', null, ''],
    ['a number', 3, '3'],
    ['a negative number is a number, not a formula', -0.1, '-0.1'],
    ['a negative amount as text is still neutralised', '-0.1', "'-0.1"],
    ['a comma is quoted', 'ondansetron, 4 mg', '"ondansetron, 4 mg"'],
    ['a quote is doubled and quoted', 'said "stop"', '"said ""stop"""'],
    ['a line break is quoted', 'line one\nline two', '"line one\nline two"'],
    ['= starts a formula: apostrophe', '=HYPERLINK("http://evil.test","click")', '"\'=HYPERLINK(""http://evil.test"",""click"")"'],
    ['+ starts a formula: apostrophe', '+1+1', "'+1+1"],
    ['- starts a formula: apostrophe', '-2+3', "'-2+3"],
    ['@ starts a formula: apostrophe', '@SUM(A1)', "'@SUM(A1)"],
    ['a tab first: apostrophe', '\t=1', "'\t=1"],
    ['a carriage return first: apostrophe, then quoted', '\r=1', '"\'\r=1"'],
    ['a formula sign later in the text is left alone', 'BP 180/110 =high', 'BP 180/110 =high'],
  ];
  for (const [name, value, cell] of rows) it(name, () => expect(csvCell(value)).toBe(cell));

  it('a line joins its cells with commas and ends in CRLF', () => {
    expect(csvLine(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });
});
