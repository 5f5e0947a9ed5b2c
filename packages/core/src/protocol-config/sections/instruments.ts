/**
 * Protocol-configuration section `instruments`: the site-settable numbers of the questionnaires.
 *
 * Published instrument definitions (item ranges, PHQ-9 and GAD-7 severity bands, PCL-5 clusters
 * and cluster rule) are fixed instrument data with their sources in `core/src/instruments/`, not
 * site settings: a site that changed them would no longer be scoring the published instrument.
 * Only the PCL-5 provisional-PTSD cutoff is a site setting (protocol-defaults.md "Outcomes":
 * NC-PTSD gives 31 to 33).
 *
 * @module
 */
import { param } from '../param.js';
import { fromSource } from '../provenance.js';

/** Defaults of the `instruments` section. Leaves are `Param`s. */
export const instrumentsDefaults = Object.freeze({
  pcl5: Object.freeze({
    /**
     * PCL-5 total at or above which provisional PTSD is suggested (score, 0 to 80 scale).
     * Default 33; a site may set 31 to 33, the range the National Center for PTSD gives (a lower
     * cut for screening, a higher one to limit false positives).
     */
    provisionalCutoff: param(
      33,
      'score',
      fromSource(['nc-ptsd-pcl5', 'forkus-2022'], 'total 31 to 33 indicates probable PTSD; total >= cutoff'),
      { min: 31, max: 33 },
    ),
  }),
});

/** Type of the `instruments` section. */
export type InstrumentsSection = typeof instrumentsDefaults;
