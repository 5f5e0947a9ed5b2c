import { describe, expect, it } from 'vitest';
import { checkDeaNumber } from './dea-number.js';

describe('DEA registration number check digit (protocol-defaults.md: (d1+d3+d5) + 2 x (d2+d4+d6), last digit = d7)', () => {
  // AB1234563: (1+3+5) + 2 x (2+4+6) = 9 + 24 = 33 -> 3. BJ6125341: (6+2+3) + 2 x (1+5+4) = 11 + 20 = 31 -> 1.
  it.each(['AB1234563', 'BJ6125341', 'FM0000000'])('%s is valid', (n) => expect(checkDeaNumber(n)).toBeUndefined());

  it.each([
    ['AB1234564', /check digit.*3/],
    ['BJ6125342', /check digit.*1/],
    ['ab1234563', /2 capital letters/],
    ['A11234563', /2 capital letters/],
    ['AB123456', /7 digits/],
    ['AB12345630', /7 digits/],
    ['', /2 capital letters/],
    ['AB 1234563', /2 capital letters/],
  ])('%s is refused', (n, why) => expect(checkDeaNumber(n)).toMatch(why));
});
