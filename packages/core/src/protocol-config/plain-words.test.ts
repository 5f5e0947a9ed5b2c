/**
 * What core says to a person names its sources by what they are, never by a file of this
 * repository (issue 22: "clinical-facts.md section 11" was shown on the protocol and screening
 * pages). Provenance notes, citation titles and references are read from the source: each string
 * given to `siteDefault(`, `fromBrief(`, or as a `title:`, `reference:` or `note:`. (Type-checked by the
 * root tsconfig: it reads files, and core itself has no Node types.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CITATIONS } from './citations.js';

const ROOT = join(import.meta.dirname, '..');
const FILE_REFERENCE = /\b(clinical-facts\.md|protocol-defaults\.md|program-brief\.txt|design\.md)\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** The person-facing strings of a file: the first argument of siteDefault/fromBrief, and title/reference/note values. */
function shownStrings(text: string): string[] {
  const out: string[] = [];
  const literal = `'((?:[^'\\\\]|\\\\.)*)'|"((?:[^"\\\\]|\\\\.)*)"|\`((?:[^\`\\\\]|\\\\.)*)\``;
  for (const re of [
    new RegExp(`(?:siteDefault|fromBrief)\\(\\s*(?:${literal})`, 'g'),
    new RegExp(`\\b(?:title|reference|note):\\s*(?:${literal})`, 'g'),
  ])
    for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

describe('no file of the repository is named to a person', () => {
  const files = sourceFiles(ROOT);

  it('the scan reads the provenance of core (it finds the notes it guards)', () => {
    const all = files.flatMap((f) => shownStrings(readFileSync(f, 'utf8')));
    expect(all.length).toBeGreaterThan(100);
    expect(all).toContain('doses rounded to 0.1 mg');
  });

  it.each(files.map((f) => [relative(ROOT, f), f] as const))('%s', (_name, file) => {
    const offending = shownStrings(readFileSync(file, 'utf8')).filter((s) => FILE_REFERENCE.test(s));
    expect(offending).toEqual([]);
  });

  it('every citation names its source by title and reference alone', () => {
    for (const c of Object.values(CITATIONS)) {
      expect(c.title).not.toMatch(FILE_REFERENCE);
      expect(c.reference).not.toMatch(FILE_REFERENCE);
    }
  });
});
