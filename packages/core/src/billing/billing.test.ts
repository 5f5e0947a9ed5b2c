/**
 * Billing rules (protocol-defaults.md, "Billing and staff credentials"), each at its boundaries:
 * the infusion code by minutes (15/16, 90/91, 150/151), the psychotherapy code by minutes (15/16,
 * 37/38, 52/53), the NPI check digit (the CMS standard's worked example, 123456789 -> 3), the NDC's
 * 11-digit form, and the charges an event proposes, each naming its rule.
 */
import { describe, expect, it } from 'vitest';
import {
  BILLING_CODES,
  checkNpi,
  infusionCodesRule,
  luhnCheckDigit,
  ndc11,
  ndcWithQualifier,
  npiCheckDigit,
  proposeCharges,
  psychotherapyCodeRule,
} from './index.js';

describe('IV infusion code by minutes infused (pauses excluded)', () => {
  it.each([
    [0, []],
    [-5, []],
    [Number.NaN, []],
    [1, [{ code: '96374', units: 1 }]],
    [15, [{ code: '96374', units: 1 }]],
    [15.4, [{ code: '96374', units: 1 }]],
    [16, [{ code: '96365', units: 1 }]],
    [40, [{ code: '96365', units: 1 }]],
    [90, [{ code: '96365', units: 1 }]],
    [
      91,
      [
        { code: '96365', units: 1 },
        { code: '96366', units: 1 },
      ],
    ],
    [
      150,
      [
        { code: '96365', units: 1 },
        { code: '96366', units: 1 },
      ],
    ],
    [
      151,
      [
        { code: '96365', units: 1 },
        { code: '96366', units: 2 },
      ],
    ],
    [
      210,
      [
        { code: '96365', units: 1 },
        { code: '96366', units: 2 },
      ],
    ],
    [
      211,
      [
        { code: '96365', units: 1 },
        { code: '96366', units: 3 },
      ],
    ],
  ])('%s min -> %j', (minutes, codes) => {
    expect(infusionCodesRule.evaluate(minutes)).toEqual(codes);
  });
});

describe('psychotherapy code by minutes with the patient', () => {
  it.each([
    [0, undefined],
    [15, undefined],
    [16, '90832'],
    [37, '90832'],
    [38, '90834'],
    [52, '90834'],
    [53, '90837'],
    [90, '90837'],
  ])('%s min -> %s', (minutes, code) => {
    expect(psychotherapyCodeRule.evaluate(minutes)?.code).toBe(code);
  });

  it('a crisis session of 60 minutes is 90839; under 16 minutes it is still no code', () => {
    expect(psychotherapyCodeRule.evaluate(60, true)).toEqual({ code: '90839', units: 1 });
    expect(psychotherapyCodeRule.evaluate(10, true)).toBeUndefined();
  });
});

describe('NPI (10 digits, Luhn over "80840" + the first 9)', () => {
  it('the CMS standard’s worked example: 123456789 has check digit 3', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(checkNpi('1234567893')).toBeUndefined();
  });

  it('Luhn on its own published example: 7992739871 has check digit 3', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it.each([
    ['a wrong check digit', '1234567890', /the last digit should be 3/],
    ['two digits swapped', '1234567983', /check digit/],
    ['9 digits', '123456789', /10 digits/],
    ['11 digits', '12345678931', /10 digits/],
    ['letters', '12345X7893', /10 digits/],
    ['spaces', ' 1234567893', /10 digits/],
    ['empty', '', /10 digits/],
  ])('refuses %s', (_title, npi, words) => {
    expect(checkNpi(npi)).toMatch(words);
  });

  it('every 9 digits have exactly one valid NPI', () => {
    for (const first9 of ['000000000', '999999999', '100000000', '987654321']) {
      const valid = [...'0123456789'].filter((d) => checkNpi(`${first9}${d}`) === undefined);
      expect(valid).toEqual([String(npiCheckDigit(first9))]);
    }
  });
});

describe('NDC in 11 digits', () => {
  it.each([
    ['4-4-2', '0002-7510-01', '00002751001'],
    ['5-3-2', '12345-678-90', '12345067890'],
    ['5-4-1', '12345-6789-1', '12345678901'],
    ['5-4-2 with hyphens', '12345-6789-01', '12345678901'],
    ['11 digits', '12345678901', '12345678901'],
  ])('%s: %s -> %s', (_title, ndc, eleven) => {
    expect(ndc11(ndc)).toEqual({ ok: true, ndc11: eleven });
  });

  it.each([
    ['10 digits without hyphens (ambiguous)', '1234567890', /needs its hyphens/],
    ['3-4-2', '123-4567-89', /an NDC is/],
    ['6-3-2', '123456-789-01', /an NDC is/],
    ['letters', 'ABCDE-1234-12', /an NDC is/],
    ['empty', '', /an NDC is/],
  ])('refuses %s', (_title, ndc, words) => {
    const r = ndc11(ndc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(words);
  });

  it('carries the N4 qualifier on the claim', () => {
    expect(ndcWithQualifier('00002751001')).toBe('N400002751001');
  });
});

describe('proposeCharges', () => {
  it('a dosing session of 40 min with its ketamine: 96365 and J3490 with the NDC, each naming its rule', () => {
    expect(proposeCharges({ kind: 'dosing', minutesInfused: 40.2, drug: { ndc: '42023-113-10', amount: 35.2, unit: 'mg' } })).toEqual({
      lines: [
        {
          code: '96365',
          units: 1,
          description: BILLING_CODES['96365'].description,
          rule: 'billing.infusion-by-minutes@1',
          why: '40 min infused (pauses excluded)',
        },
        {
          code: 'J3490',
          units: 35,
          description: BILLING_CODES.J3490.description,
          ndc: 'N442023011310',
          drugQuantity: { amount: 35.2, unit: 'mg' },
          rule: 'billing.drug-ndc@1',
          why: '35.2 mg of ketamine given, NDC 42023011310: billed in units of 1 mg, to the nearest',
        },
      ],
      notes: [],
    });
  });

  it('an intramuscular dose: the injection code 96372 instead of an infusion code, and J3490 with its NDC', () => {
    const p = proposeCharges({
      kind: 'dosing',
      route: 'IM',
      minutesInfused: 0,
      given: true,
      drug: { ndc: '42023-113-10', amount: 35, unit: 'mg' },
    });
    expect(p.lines.map((l) => [l.code, l.units, l.rule])).toEqual([
      ['96372', 1, 'billing.im-injection@1'],
      ['J3490', 35, 'billing.drug-ndc@1'],
    ]);
    expect(p.notes).toEqual([]);
  });
  it('an oral/sublingual dose: no administration code and no J3490, said in a note', () => {
    const p = proposeCharges({ kind: 'dosing', route: 'SL', minutesInfused: 0, given: true, drug: null });
    expect(p.lines).toEqual([]);
    expect(p.notes.join(' ')).toMatch(/no administration code/);
  });

  it.each([
    [{ kind: 'dosing' as const, minutesInfused: 0, drug: null }, /no infusion was given/],
    [{ kind: 'dosing' as const, route: 'IM' as const, minutesInfused: 0, given: false, drug: null }, /no injection was given/],
    [{ kind: 'dosing' as const, minutesInfused: 40, drug: null }, /no draw recorded/],
    [
      { kind: 'dosing' as const, minutesInfused: 40, drug: { ndc: '4202311310', amount: 35, unit: 'mg' as const } },
      /cannot be written in 11 digits/,
    ],
    [{ kind: 'integration' as const, minutes: null }, /no minutes are recorded on the integration session's note/],
    [{ kind: 'review' as const, minutes: 12 }, /under 16 min/],
  ])('says what it could not propose: %j', (event, words) => {
    const p = proposeCharges(event);
    expect(p.notes.join(' ')).toMatch(words);
    expect(p.lines.some((l) => l.code === 'J3490')).toBe(false);
  });

  it.each([
    [{ prescriberSaw: true, therapistBilledApart: false }, ['90792']],
    [{ prescriberSaw: true, therapistBilledApart: true }, ['90792', '90791']],
    [{ prescriberSaw: false, therapistBilledApart: false }, ['90791']],
  ])('the day-1 assessment %j -> %j', (by, codes) => {
    expect(proposeCharges({ kind: 'assessment', ...by }).lines.map((l) => l.code)).toEqual(codes);
  });

  it('an integration session of 45 min: 90834 by its rule', () => {
    expect(proposeCharges({ kind: 'integration', minutes: 45 }).lines).toEqual([
      expect.objectContaining({ code: '90834', units: 1, rule: 'billing.psychotherapy-by-minutes@1' }),
    ]);
  });
});
