/**
 * The registry of published sources that Kairos rules and protocol defaults cite.
 * One entry per source of `shared/reference/clinical-facts.md`. A citation key used anywhere in
 * core must exist here (a test fails otherwise).
 *
 * @module
 */

/** A published source: how a clinician reading the product would find it. */
export interface Citation {
  /** Short human-readable name, e.g. "Feder 2021". */
  readonly title: string;
  /** Full reference (journal, label, web page) as far as the fact sheet gives it. */
  readonly reference: string;
  /** The clinical-facts.md section(s) where the facts taken from it are listed. */
  readonly factSheetSection: string;
}

/** Every source Kairos cites, keyed by a stable kebab-case key. */
export const CITATIONS = {
  'feder-2014': {
    title: 'Feder 2014',
    reference: 'Feder A et al. JAMA Psychiatry 2014;71(6):681-688. doi:10.1001/jamapsychiatry.2014.62',
    factSheetSection: '7',
  },
  'feder-2021': {
    title: 'Feder 2021',
    reference: 'Feder A et al. Am J Psychiatry 2021. doi:10.1176/appi.ajp.2020.20050596',
    factSheetSection: '7',
  },
  'ketalar-label': {
    title: 'Ketalar (ketamine HCl) label',
    reference: 'Ketalar prescribing information (DailyMed / fda.report)',
    factSheetSection: '4, 5, 6',
  },
  'spravato-label': {
    title: 'Spravato (esketamine) label and REMS',
    reference: 'Spravato prescribing information, medication guide and REMS',
    factSheetSection: '5, 11',
  },
} as const satisfies Record<string, Citation>;

/** A key of the citations registry. */
export type CitationKey = keyof typeof CITATIONS;

/** True when `key` names a source in the registry. */
export function isCitationKey(key: string): key is CitationKey {
  return Object.prototype.hasOwnProperty.call(CITATIONS, key);
}
