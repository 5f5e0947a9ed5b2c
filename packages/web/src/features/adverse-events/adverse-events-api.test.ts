import { describe, expect, it } from 'vitest';
import { adverseEventCsvUrl, adverseEventKindLabel, adverseEventSeverityLabel, logQuery } from './adverse-events-api';

describe('the adverse events log’s addresses and words', () => {
  it('leaves empty filters out and encodes the rest', () => {
    expect(logQuery({})).toBe('');
    expect(logQuery({ severity: 'severe', kind: '', from: '2026-11-01' })).toBe('?severity=severe&from=2026-11-01');
    expect(logQuery({ kind: 'nausea' }, { cursor: '2026-11-20T15:00:00.000Z,0b0f' })).toBe(
      '?kind=nausea&cursor=2026-11-20T15%3A00%3A00.000Z%2C0b0f',
    );
  });

  it('the CSV carries the same filters, without a page position', () => {
    expect(adverseEventCsvUrl({ severity: 'severe', review: 'not-reviewed' })).toBe(
      '/api/adverse-events.csv?severity=severe&review=not-reviewed',
    );
  });

  it('kinds and severities in words; an unknown one readable', () => {
    expect(adverseEventKindLabel('respiratory-depression')).toBe('Respiratory depression (slow or shallow breathing)');
    expect(adverseEventKindLabel('sudden-itch')).toBe('Sudden itch');
    expect(adverseEventSeverityLabel('moderate')).toBe('Moderate');
  });
});
