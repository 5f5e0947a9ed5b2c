import { describe, expect, it } from 'vitest';
import { typedNameMatches } from './consent-internal.js';

describe('a typed consent signature is the patient’s name', () => {
  it.each([
    ['Maya Okafor', 'Maya', 'Okafor', true],
    ['  maya   OKAFOR ', 'Maya', 'Okafor', true],
    ['Okafor, Maya', 'Maya', 'Okafor', true],
    ['Maya Adaeze Okafor', 'Maya', 'Okafor', true],
    ['Robin Intake-Test', 'Robin', 'Intake-Test', true],
    ['Zoe O’Neil', 'Zoë', "O'Neil", true],
    ['Mickey Mouse', 'Maya', 'Okafor', false],
    ['Maya', 'Maya', 'Okafor', false],
    ['Maya Okafo', 'Maya', 'Okafor', false],
    ['', 'Maya', 'Okafor', false],
    ['<script>Maya</script> Okafor', 'Maya', 'Okafor', true],
    ['x', '', '', false],
  ])('%j for %s %s → %s', (typed, givenName, familyName, ok) => {
    expect(typedNameMatches(typed, { givenName, familyName })).toBe(ok);
  });
});
