/**
 * National Drug Codes on claims: the 11-digit (5-4-2) form with the N4 qualifier, as payers ask for
 * J3490 lines (protocol-defaults.md, "Billing and staff credentials"). A 10-digit NDC is written
 * 4-4-2, 5-3-2 or 5-4-1 (with hyphens, which tell the segments apart); the 11-digit form pads the
 * short segment with a leading zero. Without hyphens a 10-digit code is ambiguous and refused.
 *
 * @module billing/ndc
 */

/** The 11-digit form of `ndc` (digits only), or the problem with it. */
export function ndc11(ndc: string): { ok: true; ndc11: string } | { ok: false; problem: string } {
  const t = ndc.trim();
  if (/^\d{11}$/.test(t)) return { ok: true, ndc11: t };
  if (/^\d{5}-\d{4}-\d{2}$/.test(t)) return { ok: true, ndc11: t.replace(/-/g, '') };
  const m = /^(\d{4,5})-(\d{3,4})-(\d{1,2})$/.exec(t);
  if (m !== null) {
    const [labeler = '', product = '', pack = ''] = [m[1], m[2], m[3]];
    if (labeler.length + product.length + pack.length === 10)
      return { ok: true, ndc11: `${labeler.padStart(5, '0')}${product.padStart(4, '0')}${pack.padStart(2, '0')}` };
  }
  if (/^\d{10}$/.test(t)) return { ok: false, problem: 'a 10-digit NDC needs its hyphens (4-4-2, 5-3-2 or 5-4-1) to be read as 11 digits' };
  return { ok: false, problem: 'an NDC is 10 digits with hyphens (4-4-2, 5-3-2 or 5-4-1) or 11 digits (5-4-2)' };
}

/** The NDC as a claim line carries it: the N4 qualifier followed by the 11 digits. */
export const ndcWithQualifier = (ndc11Digits: string): string => `N4${ndc11Digits}`;

/** The 11 digits written 5-4-2. */
export const ndc11Hyphenated = (d: string): string => `${d.slice(0, 5)}-${d.slice(5, 9)}-${d.slice(9)}`;
