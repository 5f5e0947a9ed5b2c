import { describe, expect, it } from 'vitest';
import { homeMedicationRxNorm } from './medication.js';

describe('a home medication’s RxNorm ingredient coding: the ingredient alone, never a brand or a combination', () => {
  it.each([
    ['the generic name', 'lorazepam', null, '6470'],
    ['with a strength and a form', 'Lorazepam 1 mg tablet', null, '6470'],
    ['with a strength written together', 'naltrexone 50mg daily', null, '7243'],
    ['the ingredient’s RxCUI recorded', 'Ativan', '6470', '6470'],
    ['a brand of one ingredient: a product, left as text', 'Ativan 1 mg', null, undefined],
    ['a combination brand (naltrexone with bupropion)', 'Contrave', null, undefined],
    ['a combination written with a slash', 'buprenorphine/naloxone', null, undefined],
    ['a combination of two known medications', 'lorazepam and naltrexone', null, undefined],
    ['an ingredient with another named', 'naltrexone bupropion', null, undefined],
    ['a medication the table does not know', 'sertraline 100 mg', null, undefined],
  ] as const)('%s: %j', (_case, name, rxcui, code) => {
    expect(homeMedicationRxNorm(name, rxcui)?.code).toBe(code);
  });
});
