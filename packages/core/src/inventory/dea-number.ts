/**
 * DEA registration numbers (protocol-defaults.md, "Billing and staff credentials": 2 letters and 7
 * digits; (d1 + d3 + d5) + 2 x (d2 + d4 + d6), whose last digit is d7).
 *
 * @module inventory/dea-number
 */

/** Why a DEA number is refused, or undefined when it is well formed with a correct check digit. */
export function checkDeaNumber(text: string): string | undefined {
  const m = /^([A-Z]{2})(\d{7})$/.exec(text);
  if (m === null) return 'a DEA registration number is 2 capital letters and 7 digits (e.g. AB1234563)';
  const d = (m[2] ?? '').split('').map(Number);
  const [d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0, d7 = 0] = d;
  const check = (d1 + d3 + d5 + 2 * (d2 + d4 + d6)) % 10;
  if (check !== d7) return `the check digit of this DEA registration number is wrong (the last digit should be ${check})`;
  return undefined;
}
