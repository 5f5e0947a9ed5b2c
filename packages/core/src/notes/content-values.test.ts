import { describe, expect, it } from 'vitest';
import { mergeNoteContent, storedNoteContent, storedNoteValue } from './content-values.js';

describe('mergeNoteContent', () => {
  it.each([
    ['no changes keeps the base', { a: 'x', b: ['y'] }, undefined, { a: 'x', b: ['y'] }],
    ['a change replaces the stored value', { a: 'x' }, { a: 'z' }, { a: 'z' }],
    ['a new key is added', { a: 'x' }, { b: ['1', '2'] }, { a: 'x', b: ['1', '2'] }],
    ['null clears a field', { a: 'x', b: 'y' }, { b: null }, { a: 'x' }],
    ['undefined clears a field', { a: 'x', b: 'y' }, { b: undefined }, { a: 'x' }],
    ['a null in the base is dropped', { a: null, b: 'y' }, {}, { b: 'y' }],
    ['an empty string is kept (the template check judges it)', { a: 'x' }, { a: '' }, { a: '' }],
  ])('%s', (_label, base: Record<string, unknown>, changes: Record<string, unknown> | undefined, expected) => {
    expect(mergeNoteContent(base, changes)).toEqual(expected);
  });

  it('leaves its arguments unchanged', () => {
    const base = { a: 'x', b: 'y' };
    const changes = { b: null };
    mergeNoteContent(base, changes);
    expect(base).toEqual({ a: 'x', b: 'y' });
    expect(changes).toEqual({ b: null });
  });
});

describe('storedNoteValue', () => {
  it.each([
    ['text', 'plan', 'plan'],
    ['empty text', '', ''],
    ['a list of texts', ['a', 'b'], ['a', 'b']],
    ['an empty list', [], []],
    ['a list with a number', ['a', 1], null],
    ['a number', 3, null],
    ['null', null, null],
    ['an object', { a: 'b' }, null],
  ])('%s', (_label, value: unknown, expected) => {
    expect(storedNoteValue(value)).toEqual(expected);
  });
});

describe('storedNoteContent', () => {
  it('keeps text and lists of texts, drops anything else', () => {
    expect(storedNoteContent({ goals: ['a', 'b'], plan: 'weekly', bad: 4, gone: null, mixed: ['a', false] })).toEqual({
      goals: ['a', 'b'],
      plan: 'weekly',
    });
  });

  it('an empty content stays empty', () => {
    expect(storedNoteContent({})).toEqual({});
  });
});
