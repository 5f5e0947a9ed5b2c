/**
 * National Provider Identifiers (protocol-defaults.md, "Billing and staff credentials", after the
 * CMS NPI standard): 10 digits, the last a Luhn check digit computed over "80840" followed by the
 * first 9 digits (80840 is the prefix of the NPI's ISO card issuer identifier in the US health
 * industry, so an NPI checks as a card number would).
 *
 * @module billing/npi
 */

/** The Luhn check digit of `digits` (the digit that would make `digits` + it pass the Luhn check). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // From the right, the first digit (next to where the check digit goes) is doubled.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The check digit an NPI whose first 9 digits are `first9` must end with. */
export function npiCheckDigit(first9: string): number {
  if (!/^\d{9}$/.test(first9)) throw new RangeError('the first 9 digits of an NPI are needed');
  return luhnCheckDigit(`80840${first9}`);
}

/** Why `text` is not an NPI, or undefined when it is 10 digits with a correct check digit. */
export function checkNpi(text: string): string | undefined {
  if (!/^\d{10}$/.test(text)) return 'an NPI is 10 digits (e.g. 1234567893)';
  const check = npiCheckDigit(text.slice(0, 9));
  if (Number(text[9]) !== check) return `the check digit of this NPI is wrong (the last digit should be ${check})`;
  return undefined;
}
