/**
 * Protocol-configuration section `preDose`: the checks before an infusion that are not vital
 * signs (protocol-defaults.md "Before dosing": fasting, benzodiazepines, pregnancy test, escort,
 * premedication). Vital-sign thresholds by phase are in the `vitals` section.
 *
 * @module
 */
import type { ConfigIssue } from '../issues.js';
import { configIssue } from '../issues.js';
import { param, type Param } from '../param.js';
import { fromBrief, fromSource, siteDefault } from '../provenance.js';

/** Type of the `preDose` section. */
export interface PreDoseSection {
  /** Fasting before the infusion. */
  readonly fasting: {
    /** No solid food for at least this many hours before the infusion (h). */
    readonly solidsHours: Param<number>;
    /** Clear liquids allowed up to this many hours before the infusion (h). */
    readonly clearLiquidsHours: Param<number>;
  };
  /** Last benzodiazepine dose at least this many hours before the session, confirmed (h). */
  readonly benzodiazepineLastDoseMinHours: Param<number>;
  /**
   * Where pregnancy is possible, a negative test at most this many days before the session
   * (day; 0 = the same day). An unknown possibility counts as possible.
   */
  readonly pregnancyTestMaxAgeDays: Param<number>;
  /** A responsible adult confirmed for discharge before the infusion starts. */
  readonly escortRequired: Param<boolean>;
  /** No driving until the next day: told to the patient and confirmed. */
  readonly noDrivingUntilNextDay: Param<boolean>;
  /** Premedication offered before the infusion (generic name). */
  readonly premedicationOffered: Param<string>;
  /**
   * Before each maintenance session (protocol-defaults.md "Maintenance and program reporting"):
   * the bladder and urinary symptom questions, any yes a hold until a prescriber reviews it; the
   * number of infusions in the last 12 months shown, and above `cumulativeInfusionsLimit` a
   * warning the prescriber acknowledges.
   */
  readonly maintenance: {
    /** Ask urinary frequency, urgency, pain on urination and blood in urine; any yes holds. */
    readonly bladderSymptomsHold: Param<boolean>;
    /** The most infusions in the 12 months up to and including this session before a prescriber acknowledges. */
    readonly cumulativeInfusionsLimit: Param<number>;
  };
}

/** Defaults of the `preDose` section. Leaves are `Param`s; logic reads `.value`. */
export const preDoseDefaults: PreDoseSection = Object.freeze({
  fasting: Object.freeze({
    solidsHours: param(6, 'h', siteDefault('clinic practice: no solids 6 h'), { min: 0 }),
    clearLiquidsHours: param(2, 'h', siteDefault('clinic practice: clear liquids up to 2 h before'), { min: 0 }),
  }),
  benzodiazepineLastDoseMinHours: param(12, 'h', fromBrief('pause 12 to 24 h; taper only under supervision'), {
    min: 12,
    max: 24,
  }),
  pregnancyTestMaxAgeDays: param(0, 'day', fromBrief('a negative test the same day before each dosing session'), {
    min: 0,
    max: 0,
  }),
  escortRequired: param(true, '1', fromSource(['ketalar-label', 'spravato-label'], 'program brief: a responsible adult for discharge')),
  noDrivingUntilNextDay: param(
    true,
    '1',
    fromSource(['spravato-label'], 'program brief; no driving until the next day after restful sleep'),
  ),
  premedicationOffered: param('ondansetron', '1', fromBrief('ondansetron offered before the infusion')),
  maintenance: Object.freeze({
    bladderSymptomsHold: param(
      true,
      '1',
      siteDefault(
        'before each maintenance session: urinary frequency, urgency, pain on urination, blood in urine; any yes holds until a prescriber reviews it (urinalysis suggested); program brief: long-term frequent use could affect bladder health',
      ),
    ),
    cumulativeInfusionsLimit: param(
      12,
      'count',
      siteDefault(
        'no guideline found: the infusions of the last 12 months are shown before each maintenance session; above 12, a warning the prescriber acknowledges',
      ),
      { min: 1, max: 52 },
    ),
  }),
});

/**
 * Cross-field checks of the `preDose` section: the clear-liquid fasting time is not longer than
 * the solid-food one; a premedication is named.
 */
export function validatePreDoseSection(section: PreDoseSection): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const solids = section.fasting.solidsHours.value;
  const liquids = section.fasting.clearLiquidsHours.value;
  if (!(liquids <= solids)) {
    issues.push(
      configIssue(
        'fasting.clearLiquidsHours',
        `clear liquids ${liquids} h before is stricter than solids ${solids} h: check the two values`,
      ),
    );
  }
  if (section.premedicationOffered.value.trim() === '') {
    issues.push(configIssue('premedicationOffered', 'name the premedication offered'));
  }
  return issues;
}
