/**
 * A problem found in a protocol configuration or in a site's overrides of it.
 *
 * @module
 */

/**
 * One problem in a protocol configuration: where it is and what is wrong.
 * `path` is dot-separated from the configuration root, e.g. `instruments.pcl5.provisionalCutoff`
 * (array elements by index: `medications.classes.0.severity`).
 */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** Builds a frozen {@link ConfigIssue}. */
export function configIssue(path: string, message: string): ConfigIssue {
  return Object.freeze({ path, message });
}
