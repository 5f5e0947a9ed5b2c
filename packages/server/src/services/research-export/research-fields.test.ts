/**
 * The research export's field list (issue 24, Must 4): the documentation's table is the list, each
 * field names what it avoids, the list gates what a record keeps; and the de-identifying
 * transformations (age groups, 90 or older, study ids) at their bounds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ageGroupOf, ageGroupOn, dayFrom, newStudyId, STUDY_ID_ALPHABET, STUDY_ID_LENGTH } from './internal/de-identify.js';
import {
  FIELD_TABLE_HEADER,
  keepDocumentedFields,
  pathsOf,
  RESEARCH_CSV_COLUMNS,
  RESEARCH_FIELDS,
  RESEARCH_NDJSON_PATHS,
  researchFieldTable,
  researchFieldTableMarkdown,
  SAFE_HARBOR_IDENTIFIERS,
} from './research-fields.js';

const DOC = join(import.meta.dirname, '../../../../../docs/research-export.md');

/** The cells of the markdown table between the doc's markers, header and separator left out. */
function docTable(): string[][] {
  const text = readFileSync(DOC, 'utf8');
  const block = /<!-- research-fields:start -->([\s\S]*?)<!-- research-fields:end -->/.exec(text)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

describe('the research export’s fields', () => {
  it('docs/research-export.md holds exactly the field list (regenerate with researchFieldTableMarkdown)', () => {
    const [header, separator, ...rows] = docTable();
    expect(header).toEqual([...FIELD_TABLE_HEADER]);
    expect(separator?.every((c) => /^:?-+:?$/.test(c))).toBe(true);
    expect(rows, `the table to paste:\n${researchFieldTableMarkdown()}`).toEqual(researchFieldTable());
  });

  it('each field says what it means, the Safe Harbor identifiers it avoids (of A to R) and its transformation; paths and columns are unique', () => {
    for (const f of RESEARCH_FIELDS) {
      expect(f.meaning.length, f.csv).toBeGreaterThan(10);
      expect(f.transform.length, f.csv).toBeGreaterThan(0);
      for (const id of f.avoids) expect(Object.keys(SAFE_HARBOR_IDENTIFIERS)).toContain(id);
      expect(f.meaning + f.transform, f.csv).not.toContain('|');
    }
    expect(new Set(RESEARCH_NDJSON_PATHS).size).toBe(RESEARCH_NDJSON_PATHS.length);
    expect(RESEARCH_CSV_COLUMNS[0]).toBe('record');
    // Every date-like field says it stands for a date (C).
    for (const f of RESEARCH_FIELDS.filter((x) => /(^|\.)(day|dueDay|courseStartDay|ageGroup)$/.test(x.ndjson ?? '')))
      expect(f.avoids, f.ndjson ?? '').toContain('C');
  });

  it('a record keeps only its documented fields, nested ones too', () => {
    const record = {
      studyId: 'BCD234',
      course: 1,
      name: 'Ada Wexford',
      sessions: [
        { session: 1, day: 3, sessionId: 'x', adverseEvents: [{ kind: 'nausea', severity: 'mild', serious: false, description: 'free' }] },
      ],
      measures: [],
      withdrawnFrom: null,
    };
    const kept = keepDocumentedFields(record);
    expect(kept).toEqual({
      studyId: 'BCD234',
      course: 1,
      sessions: [{ session: 1, day: 3, adverseEvents: [{ kind: 'nausea', severity: 'mild', serious: false }] }],
      measures: [],
      withdrawnFrom: null,
    });
    expect(pathsOf(kept).every((p) => RESEARCH_NDJSON_PATHS.includes(p))).toBe(true);
  });
});

describe('de-identifying transformations', () => {
  it('ages in 5-year groups; 89 is 85-89, 90 and over one group "90 or older"', () => {
    expect([0, 4, 5, 18, 22, 39, 40, 89].map(ageGroupOf)).toEqual(['0-4', '0-4', '5-9', '15-19', '20-24', '35-39', '40-44', '85-89']);
    expect([90, 95, 112].map(ageGroupOf)).toEqual(['90 or older', '90 or older', '90 or older']);
    expect(ageGroupOf(-1)).toBeNull();
    expect(ageGroupOf(Number.NaN)).toBeNull();
  });

  it('the age group on the enrollment day: a birthday that day counts, the day before does not', () => {
    expect(ageGroupOn('1936-06-10', '2026-06-10')).toBe('90 or older');
    expect(ageGroupOn('1936-06-11', '2026-06-10')).toBe('85-89');
    expect(ageGroupOn('2030-01-01', '2026-06-10')).toBeNull();
    expect(ageGroupOn('not a date', '2026-06-10')).toBeNull();
  });

  it('days from enrollment: day 0 is the enrollment day, earlier days negative, none stays none', () => {
    expect(dayFrom('2026-06-10', '2026-06-10')).toBe(0);
    expect(dayFrom('2026-06-10', '2026-07-01')).toBe(21);
    expect(dayFrom('2026-06-10', '2026-06-09')).toBe(-1);
    expect(dayFrom('2026-06-10', null)).toBeNull();
  });

  it('study ids: 12 characters of the alphabet (no vowel, no 0 or 1), different each time', () => {
    const ids = Array.from({ length: 2000 }, newStudyId);
    const pattern = new RegExp(`^[${STUDY_ID_ALPHABET}]{${STUDY_ID_LENGTH}}$`);
    for (const id of ids) expect(id).toMatch(pattern);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.join('')).not.toMatch(/[AEIOUY01LO]/);
    // Every character is drawn (rejection sampling keeps them uniform: none is missing from 24,000).
    expect(new Set(ids.join('')).size).toBe(STUDY_ID_ALPHABET.length);
  });
});
